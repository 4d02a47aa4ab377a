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
        Assert.Equal(Continuation.BranchEndReason.ParameterBound, branch.Pieces[0].Start.Reason);
        Assert.Equal(Continuation.BranchEndReason.ParameterBound, branch.Pieces[^1].Finish.Reason);
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

    static (GroupSystem System, SpanGroup Settled) SettledAt(double n, double tempR)
    {
        var set = new DigitSelection([1, 4, 7], 20, 1).Select(MnistSet.Embedded);
        var system = new GroupSystem(set, NetworkParameters.FromReducedTemperature(n, tempR), [1, 4, 7]);
        var alpha = Enumerable.Repeat(1.0 / 60, 60).ToArray();
        double size = system.Memory(new SpanGroup(alpha, new double[10], 1)).Max(Math.Abs);
        return (system, GroupContinuation.Settle(system, new SpanGroup([.. alpha.Select(a => 0.9 * a / size)], [.. Enumerable.Repeat(-0.5, 10)], 100)));
    }

    [Fact]
    public void TheBranchIsCarriedAcrossTheMapsKinksAndStaysAtRest()
    {
        // In n at T_r = 1.0 the engine stalls at kinks near n = 37.0 and 40.5 (the largest pixel switching); each is
        // crossed by a solve at a parameter just beyond it, and every point on both sides is a rest point of the map.
        var (system, rest) = SettledAt(38, 1.0);
        var branch = GroupContinuation.Follow(system, 100, PairParameter.Exponent, 38, rest, 36, 41);
        Assert.Equal(Continuation.BranchEndReason.ParameterBound, branch.Pieces[0].Start.Reason);
        Assert.Equal(Continuation.BranchEndReason.ParameterBound, branch.Pieces[^1].Finish.Reason);
        Assert.NotEmpty(branch.Kinks);
        Assert.Equal(branch.Pieces.Count, branch.Kinks.Count + 1);
        foreach (var k in branch.Kinks)
        {
            Assert.InRange(Math.Abs(k.To - k.From), 1e-9, 0.1);
            Assert.True(k.StateJump < 0.01, $"the state jumps by {k.StateJump} across the kink at n = {k.From}");
        }
        foreach (var pt in branch.Points.Where((_, i) => i % 5 == 0))
        {
            var at = system.With(NetworkParameters.FromReducedTemperature(pt.Parameter, 1.0));
            var g = new SpanGroup(Solve(branch, pt.Parameter, system), pt.Labels, 100);
            var next = at.Step([g], 0.01)[0];
            Assert.True(next.Alpha.Zip(g.Alpha).Max(t => Math.Abs(t.First - t.Second)) < 1e-8, $"n = {pt.Parameter}: the map moves the branch point");
        }
    }

    /// <summary>The branch at n = 30 from T_r = 1.2 to 1.32, shared by the tests of its breaking point (it takes seconds).</summary>
    static readonly Lazy<(GroupSystem System, GroupBranch Branch, double[] Progress)> InTemperature = new(() =>
    {
        var (system, rest) = SettledAt(30, 1.2);
        var told = new List<double>();
        var branch = GroupContinuation.Follow(system, 100, PairParameter.ReducedTemperature, 1.2, rest, 1.2, 1.32, progress: new InlineProgress<double>(f => { lock (told) told.Add(f); }));
        return (system, branch, [.. told]);
    });

    [Fact]
    public void FollowingTheBranchTellsItsProgressAsItGoes()
    {
        // group-branch showed nothing for its first ~30 s: the walk and the rates of difference now report as they go.
        var told = InTemperature.Value.Progress;
        Assert.True(told.Count(f => f <= 0.5) >= 10, $"the walk reported {told.Count(f => f <= 0.5)} times");
        Assert.Equal(1.0, told[^1]);
        Assert.True(told.Zip(told.Skip(1)).All(t => t.Second >= t.First), "progress never goes back");
        Assert.Equal(InTemperature.Value.Branch.Points.Count, told.Count(f => f > 0.5));
    }

    [Fact]
    public void InTemperatureIdenticalMemoriesStopComingApartAboveABreakingPoint()
    {
        // n = 30: the branch followed up in T_r from 1.2 loses its growing mode of difference near T_r = 1.257; there the
        // leading mode neither grows nor decays (growth 1 per epoch), and it sets the 1s against the 4s and 7s.
        var (system, branch, _) = InTemperature.Value;
        var breaking = Assert.Single(branch.SymmetryBreaking);
        Assert.InRange(breaking.Parameter, 1.25, 1.265);
        Assert.False(breaking.UnstableAbove);
        Assert.True(branch.Points[0].DifferenceRate > 0 && branch.Points[^1].DifferenceRate < 0);
        var mode = breaking.Mode!;
        Assert.Equal(1, mode.Growth, 1e-4);
        double Along(int c) => Enumerable.Range(0, 60).Where(i => system.Set.Labels[i] == c).Sum(i => mode.Direction[i]);
        Assert.True(Math.Sign(Along(1)) == -Math.Sign(Along(4)) && Math.Sign(Along(4)) == Math.Sign(Along(7)), $"class direction ({Along(1)}, {Along(4)}, {Along(7)})");
    }

    [Fact]
    public void TwoEqualGroupsLeaveTheBreakingPointAsAPitchforkBelowIt()
    {
        // The split branch of 50 + 50 copies out of the breaking point near T_r = 1.257 (n = 30): both of its directions
        // go down in T_r (the copies part below the point), the two groups swap between them, every point is at rest
        // under the two-group map, and the groups part along the breaking mode (more 1, less 7 in one of them).
        var (system, branch, _) = InTemperature.Value;
        var breaking = branch.SymmetryBreaking.Single();
        var split = GroupContinuation.FollowSplit(system, breaking, 50, 50, PairParameter.ReducedTemperature, 1.2, 1.3);
        Assert.Equal(Continuation.BranchEndReason.ParameterBound, split.Raw.Start.Reason);
        Assert.Equal(Continuation.BranchEndReason.ParameterBound, split.Raw.Finish.Reason);
        Assert.All(split.Points, pt => Assert.True(pt.Parameter <= breaking.Parameter + 1e-6, $"a split point at T_r = {pt.Parameter}, above the breaking point"));
        var (first, last) = (split.Points[0], split.Points[^1]);
        Assert.Equal(1.2, first.Parameter, 1e-9);
        for (int c = 0; c < 3; c++) Assert.Equal(first.ClassAlphaA[c], last.ClassAlphaB[c], 1e-6); // the swap of the two groups
        double[] apart = [.. first.ClassAlphaA.Zip(first.ClassAlphaB, (a, b) => a - b)];
        Assert.True(apart.Max(Math.Abs) > 0.003, $"the groups are not apart at T_r = 1.2: {string.Join(", ", apart)}");
        Assert.True(Math.Sign(apart[0]) == -Math.Sign(apart[2]), $"the groups do not part as 1 against 7: {string.Join(", ", apart)}");
        AssertAtRest(system, split, every: 10);
    }

    [Fact]
    public void TwoUnequalGroupsLeaveTheBreakingPointTranscritically()
    {
        // 90 + 10 copies: without the swap symmetry of equal groups the split branch crosses the symmetric one at an angle
        // (in the parameter too), so its two halves differ. One runs down in T_r at once; the other first rises above the
        // breaking point as a saddle, folds within 1e-3 in T_r and comes back down stable. Both reach T_r = 1.2, and
        // every point is at rest under the two-group map.
        var (system, branch, _) = InTemperature.Value;
        var breaking = branch.SymmetryBreaking.Single();
        var split = GroupContinuation.FollowSplit(system, breaking, 90, 10, PairParameter.ReducedTemperature, 1.2, 1.3);
        Assert.Equal(Continuation.BranchEndReason.ParameterBound, split.Raw.Start.Reason);
        Assert.Equal(Continuation.BranchEndReason.ParameterBound, split.Raw.Finish.Reason);
        Assert.Equal(1.2, split.Points[0].Parameter, 1e-9);
        Assert.Equal(1.2, split.Points[^1].Parameter, 1e-9);
        var fold = Assert.Single(split.Raw.SpecialPoints, sp => sp.Kind == Continuation.SpecialPointKind.Fold);
        Assert.InRange(fold.Parameter, breaking.Parameter + 1e-5, breaking.Parameter + 1e-3);
        Assert.Contains(split.Points, pt => pt.Parameter > breaking.Parameter && pt.Stability == Linearization.Stability.Saddle); // between the point and the fold
        // The breaking point itself is on the branch, between its two halves.
        Assert.Contains(split.Points, pt => pt.Parameter == breaking.Parameter);
        Assert.All(split.Points.Where(pt => pt.Parameter < breaking.Parameter - 0.01), pt => Assert.Equal(Linearization.Stability.Stable, pt.Stability));
        // The two ends at T_r = 1.2 are different states (no swap maps one onto the other), each with its groups apart.
        var (first, last) = (split.Points[0], split.Points[^1]);
        Assert.True(first.ClassAlphaA.Zip(last.ClassAlphaA).Max(t => Math.Abs(t.First - t.Second)) > 1e-3, "the two ends coincide");
        foreach (var end in new[] { first, last })
            Assert.True(end.ClassAlphaA.Zip(end.ClassAlphaB).Max(t => Math.Abs(t.First - t.Second)) > 1e-3, $"the groups are not apart at T_r = {end.Parameter}");
        AssertAtRest(system, split, every: 6);
    }

    [Fact]
    public void TheEngineFindsTheBreakingPointAsABranchPointAndSwitchesOntoTheSameSplitBranch()
    {
        // Two independent routes to the 90 + 10 split: (1) the rate of difference of 100 copies bisected to its zero, then
        // FollowSplit along the breaking mode; (2) the two-group system's symmetric branch, where the engine's determinant
        // test locates a branch point, and its SVD direction to switch onto the other branch. They must meet.
        var (system, branch, _) = InTemperature.Value;
        var breaking = branch.SymmetryBreaking.Single();
        var rest = breaking.Rest!;
        var together = GroupContinuation.FollowTogether(system, [90, 10], PairParameter.ReducedTemperature, breaking.Parameter, rest, 1.25, 1.265);
        var bp = Assert.Single(together.SpecialPoints, sp => sp.Kind == Continuation.SpecialPointKind.BranchPoint);
        Assert.True(Math.Abs(bp.Parameter - breaking.Parameter) < 1e-6, $"the engine's branch point at T_r = {bp.Parameter}, the rate's zero at {breaking.Parameter}");
        var switched = Continuation.PseudoArclength.SwitchBranch(bp, new Continuation.ContinuationSettings { MaxSteps = 400, MinStep = 1e-4, ParameterMin = 1.25, ParameterMax = 1.265 });
        var split = GroupContinuation.FollowSplit(system, breaking, 90, 10, PairParameter.ReducedTemperature, 1.25, 1.265);
        double Fold(Continuation.ContinuationBranch b) => Assert.Single(b.SpecialPoints, sp => sp.Kind == Continuation.SpecialPointKind.Fold).Parameter;
        Assert.True(Math.Abs(Fold(switched) - Fold(split.Raw)) < 1e-8, $"the fold of the switched branch at {Fold(switched)}, of FollowSplit's at {Fold(split.Raw)}");
        // Both reach the range's start with the same two states (the halves may come in either order).
        var ends = new[] { switched.Points[0], switched.Points[^1] };
        foreach (var end in new[] { split.Raw.Points[0], split.Raw.Points[^1] })
            Assert.Contains(ends, e => e.Parameter == end.Parameter && e.State.Zip(end.State).Max(t => Math.Abs(t.First - t.Second)) < 1e-7);
    }

    /// <summary>Independent of the engine: every <paramref name="every"/>-th point of a split branch at n = 30 is at rest under the two-group map (ε = 0.01).</summary>
    static void AssertAtRest(GroupSystem system, GroupSplitBranch split, int every)
    {
        foreach (var pt in split.Points.Where((_, i) => i % every == 0))
        {
            var next = system.With(NetworkParameters.FromReducedTemperature(30, pt.Parameter)).Step([pt.A, pt.B], 0.01);
            double moved = Math.Max(next[0].Alpha.Zip(pt.A.Alpha).Max(t => Math.Abs(t.First - t.Second)), next[1].Alpha.Zip(pt.B.Alpha).Max(t => Math.Abs(t.First - t.Second)));
            Assert.True(moved < 1e-8, $"T_r = {pt.Parameter}: the map moves the split point by {moved}");
        }
    }

    /// <summary>α of the branch's crossing of n (the engine's state holds α then the free labels).</summary>
    static double[] Solve(GroupBranch branch, double n, GroupSystem system) =>
        branch.Crossings(n).Select(c => c[..system.Set.Count]).First();
}
