using Bifurcations.Data;
using Bifurcations.Model;
using Bifurcations.Reduced;

namespace Bifurcations.Tests;

/// <summary>The exact group system continued in n (docs/cascade.md, "Continuing the exact group system").</summary>
public class GroupContinuationTests
{
    [Fact]
    public void TheBranchHoldsTheMapsRestPointsAndTheirRateOfDifference()
    {
        var set = new DigitSelection([1, 4, 7], 20, 1).Select(MnistSet.Embedded);
        var system = new GroupSystem(set, NetworkParameters.FromReducedTemperature(30, 1.0), [1, 4, 7]);
        var alpha = Enumerable.Repeat(1.0 / 60, 60).ToArray();
        double size = system.Memory(new SpanGroup(alpha, new double[10], 1)).Max(Math.Abs);
        var rest = GroupContinuation.Settle(system, new SpanGroup([.. alpha.Select(a => 0.9 * a / size)], [.. Enumerable.Repeat(-0.5, 10)], 100));
        var branch = GroupContinuation.Follow(system, 100, PairParameter.Exponent, 30, rest, 29, 31);
        Assert.Equal(Continuation.BranchEndReason.ParameterBound, branch.Raw.Start.Reason);
        Assert.Equal(Continuation.BranchEndReason.ParameterBound, branch.Raw.Finish.Reason);
        Assert.True(branch.Points.Count >= 5, $"{branch.Points.Count} points");
        foreach (var pt in branch.Points)
        {
            // Independent of the engine: a branch point is at rest under the training rule's map at its own n (ε = 0.01).
            var at = system.With(NetworkParameters.FromReducedTemperature(pt.Parameter, 1.0));
            var g = new SpanGroup(Solve(branch, pt.Parameter, system), pt.Labels, 100);
            var next = at.Step([g], 0.01)[0];
            Assert.True(next.Alpha.Zip(g.Alpha).Max(t => Math.Abs(t.First - t.Second)) < 1e-8, $"n = {pt.Parameter}: the map moves the branch point");
            // At T_r = 1.0 identical memories come apart all along this stretch (the symmetry breaks above n ≈ 43 for the class means).
            Assert.True(pt.DifferenceRate > 0, $"n = {pt.Parameter}: rate of difference {pt.DifferenceRate}");
            Assert.Equal(Linearization.Stability.Stable, pt.Stability);
        }
        Assert.Empty(branch.SymmetryBreaking);
        // At n = 30 the branch is the settled rest point, and its rate of difference is the fastest mode's (DifferenceModes.Of).
        var p30 = branch.Points.MinBy(p => Math.Abs(p.Parameter - 30))!;
        Assert.Equal(30, p30.Parameter, 1e-9);
        var restBar = system.ClassAlpha(rest, [1, 4, 7]);
        for (int c = 0; c < 3; c++) Assert.Equal(restBar[c], p30.ClassAlpha[c], 1e-7);
        var fastest = DifferenceModes.Of(system, [.. rest.Alpha, .. rest.Labels], 100, GroupContinuation.Rate)[0];
        Assert.Equal(fastest.Rate / GroupContinuation.Rate, p30.DifferenceRate, 1e-3 * p30.DifferenceRate);
    }

    /// <summary>α of the branch's crossing of n (the engine's state holds α then the free labels).</summary>
    static double[] Solve(GroupBranch branch, double n, GroupSystem system) =>
        branch.Raw.Crossings(n).Select(c => c.State[..system.Set.Count]).First();
}
