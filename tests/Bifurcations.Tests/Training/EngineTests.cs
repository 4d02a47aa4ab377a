using Bifurcations.Continuation;
using Bifurcations.Linearization;
using Bifurcations.Reduced;
using MathNet.Numerics.LinearAlgebra;

namespace Bifurcations.Tests;

/// <summary>
/// A problem given by closures, for the engine's known answers: F(u, p), its Jacobian [F_u | F_p], an optional domain
/// and optional events; the spectrum is that of F_u (Math.NET's eigenvalues).
/// </summary>
sealed class ToyProblem(int m, Func<double[], double, double[]> f, Func<double[], double, double[,]> jacobian) : IContinuationProblem
{
    public Func<double[], double, bool> Domain { get; init; } = (_, _) => true;
    public string[] Names { get; init; } = [];
    public Func<double[], double, double[]> G { get; init; } = (_, _) => [];
    public Func<int, double[], double, EventOutcome> Outcome { get; init; } = (_, _, _) => new EventOutcome.Report("event");
    public string Name { get; init; } = "toy";

    public int Dimension => m;
    public string ParameterName => "p";
    public double ParameterScale => 1;

    public bool Evaluate(ReadOnlySpan<double> u, double p, Span<double> value, double[,] jac)
    {
        var x = u.ToArray();
        if (!Domain(x, p)) return false;
        f(x, p).CopyTo(value);
        var j = jacobian(x, p);
        for (int r = 0; r < m; r++) for (int c = 0; c <= m; c++) jac[r, c] = j[r, c];
        return true;
    }

    public (Eigenvalue[] Spectrum, Stability Stability) Stability(ReadOnlySpan<double> u, double p)
    {
        var j = jacobian(u.ToArray(), p);
        var values = Matrix<double>.Build.Dense(m, m, (r, c) => j[r, c]).Evd().EigenValues
            .Select(e => new Eigenvalue(LogNumber.FromDouble(e.Real), LogNumber.FromDouble(e.Imaginary))).ToArray();
        var stability = values.All(e => e.Real < 0) ? Bifurcations.Linearization.Stability.Stable
            : values.All(e => e.Real > 0) ? Bifurcations.Linearization.Stability.Unstable : Bifurcations.Linearization.Stability.Saddle;
        return (values, stability);
    }

    public IReadOnlyList<string> EventNames => Names;
    public void Events(ReadOnlySpan<double> u, double p, Span<double> g) => G(u.ToArray(), p).CopyTo(g);
    public EventOutcome OnEvent(int i, ReadOnlySpan<double> u, double p, ReadOnlySpan<double> tangent) => Outcome(i, u.ToArray(), p);
    public EventOutcome.Switch? Recoordinate(ReadOnlySpan<double> u, double p, ReadOnlySpan<double> tangent) => null;
    public override string ToString() => Name;
}

/// <summary>The engine against problems whose answers are known in closed form.</summary>
public class EngineTests
{
    static readonly ContinuationSettings Range = new() { ParameterMin = -1, ParameterMax = 4 };

    [Fact]
    public void AFoldIsLocatedAtItsTurningPoint()
    {
        // u² = p: one branch through (0, 0), turning in p there.
        var problem = new ToyProblem(1, (u, p) => [u[0] * u[0] - p], (u, p) => new[,] { { 2 * u[0], -1 } });
        var b = PseudoArclength.Run(problem, [1.0], 1, Range);
        var fold = Assert.Single(b.SpecialPoints, s => s.Kind == SpecialPointKind.Fold);
        Assert.Equal(SpecialPointStatus.Located, fold.Status);
        Assert.True(Math.Abs(fold.Parameter) < 1e-10 && Math.Abs(fold.State[0]) < 1e-5, $"fold at p = {fold.Parameter}, u = {fold.State[0]}");
        Assert.True(Math.Abs(fold.SmallestEigenvalue!.Value.Real) < 1e-5);
        // Both ends reach the bound p = 4, at u = ±2.
        Assert.Equal(BranchEndReason.ParameterBound, b.Start.Reason);
        Assert.Equal(BranchEndReason.ParameterBound, b.Finish.Reason);
        Assert.Equal(4, b.Points[0].Parameter, 12);
        Assert.Equal(4, b.Points[^1].Parameter, 12);
        Assert.Equal(0, b.Points[0].State[0] + b.Points[^1].State[0], 9);
        // The spectrum here is F_u = 2u itself: one half positive, the other negative.
        Assert.NotEqual(b.Points[0].Stability, b.Points[^1].Stability);
    }

    [Fact]
    public void APitchforkIsABranchPointAndSwitchingFindsTheOtherBranch()
    {
        // u(p − u²) = 0: the trivial branch u = 0 and the parabola u² = p cross at the origin.
        var problem = new ToyProblem(1, (u, p) => [u[0] * (p - u[0] * u[0])], (u, p) => new[,] { { p - 3 * u[0] * u[0], u[0] } });
        var trivial = PseudoArclength.Run(problem, [0.0], -0.7, Range);
        var bp = Assert.Single(trivial.SpecialPoints, s => s.Kind == SpecialPointKind.BranchPoint);
        Assert.True(Math.Abs(bp.Parameter) < 1e-8, $"branch point at {bp.Parameter}");
        Assert.DoesNotContain(trivial.SpecialPoints, s => s.Kind == SpecialPointKind.Fold);
        var other = PseudoArclength.SwitchBranch(bp, Range);
        // The other branch is the parabola: every point has u² = p, and it reaches p = 4 at u = ±2.
        Assert.All(other.Points, x => Assert.True(Math.Abs(x.State[0] * x.State[0] - x.Parameter) < 1e-9, $"({x.State[0]}, {x.Parameter})"));
        Assert.Contains(other.Points, x => Math.Abs(x.State[0] - 2) < 1e-9);
        Assert.Contains(other.Points, x => Math.Abs(x.State[0] + 2) < 1e-9);
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(2.0)]
    [InlineData(0.3)]
    public void ATranscriticalPointIsABranchPointAndSwitchingFindsTheSlantedBranch(double c)
    {
        // u(p − c·u) = 0: the trivial branch u = 0 and the line u = p/c cross at the origin. The line leaves with a
        // parameter component that the second null vector (pure u, orthogonal to the trivial branch) lacks: tan θ = c,
        // 17° to 63° here. A step started along the null vector finds the line c·ds away from its predictor, beyond the
        // corrector's reach of 0.2·ds, so switching must find the line before reading its tangent. The smallest step is
        // 1e-4, as for problems whose Jacobian is differenced (GroupContinuation): no step is small enough there to be
        // exempt from the reach's floor and the turn and chord checks.
        var problem = new ToyProblem(1, (u, p) => [u[0] * (p - c * u[0])], (u, p) => new[,] { { p - 2 * c * u[0], u[0] } });
        var trivial = PseudoArclength.Run(problem, [0.0], -0.7, Range);
        var bp = Assert.Single(trivial.SpecialPoints, s => s.Kind == SpecialPointKind.BranchPoint);
        Assert.True(Math.Abs(bp.Parameter) < 1e-8, $"branch point at {bp.Parameter}");
        var other = PseudoArclength.SwitchBranch(bp, Range with { MinStep = 1e-4 });
        Assert.Equal(BranchEndReason.ParameterBound, other.Start.Reason);
        Assert.Equal(BranchEndReason.ParameterBound, other.Finish.Reason);
        Assert.All(other.Points, x => Assert.True(Math.Abs(c * x.State[0] - x.Parameter) < 1e-9, $"({x.State[0]}, {x.Parameter}) is off the line u = p/{c}"));
        // Both ends: p = −1 and p = 4, and the branch is stable above the crossing (F_u = −p there) and unstable below.
        double[] ends = [other.Points[0].Parameter, other.Points[^1].Parameter];
        Assert.Contains(-1, ends.Select(e => Math.Round(e, 9)));
        Assert.Contains(4, ends.Select(e => Math.Round(e, 9)));
        Assert.All(other.Points.Where(x => Math.Abs(x.Parameter) > 1e-3), x => Assert.Equal(x.Parameter > 0 ? Stability.Stable : Stability.Unstable, x.Stability));
    }

    [Fact]
    public void AFoldWithinTheFirstStepOfTheOtherBranchIsNotSkipped()
    {
        // u(p − u + 60u²) = 0: the other branch p = u − 60u² rises from the branch point, folds at u = 1/120, p = 1/240
        // (closer than the first step, 0.01) and comes back down. Starting beyond the fold would skip it.
        const double a = 60;
        var problem = new ToyProblem(1, (u, p) => [u[0] * (p - u[0] + a * u[0] * u[0])], (u, p) => new[,] { { p - 2 * u[0] + 3 * a * u[0] * u[0], u[0] } });
        var bp = Assert.Single(PseudoArclength.Run(problem, [0.0], -0.7, Range).SpecialPoints, s => s.Kind == SpecialPointKind.BranchPoint);
        var other = PseudoArclength.SwitchBranch(bp, Range with { MinStep = 1e-4 });
        var fold = Assert.Single(other.SpecialPoints, s => s.Kind == SpecialPointKind.Fold);
        Assert.Equal(1 / (4 * a), fold.Parameter, 1e-8);
        Assert.All(other.Points, x => Assert.True(Math.Abs(x.State[0] - a * x.State[0] * x.State[0] - x.Parameter) < 1e-9, $"({x.State[0]}, {x.Parameter}) is off the branch"));
        Assert.Equal(BranchEndReason.ParameterBound, other.Start.Reason);
        Assert.Equal(BranchEndReason.ParameterBound, other.Finish.Reason);
        // The branch point itself lies between the two ways out.
        Assert.Contains(other.Points, x => x.State[0] == 0 && x.Parameter == bp.Parameter);
    }

    [Fact]
    public void LeavingAlongADirectionSlantedToTheFirstBranchNeedsABorderThatExcludesIt()
    {
        // u(p − 0.2u): leaving the origin along d = (1, 3) (u, p), which is not orthogonal to the trivial branch u = 0. With
        // d as the border the corrector lands on u = 0 (0.33h from the predictor, against 1.75h for the line u = 5p);
        // the border (1, 0) vanishes on the whole trivial branch, so only the line is left.
        var problem = new ToyProblem(1, (u, p) => [u[0] * (p - 0.2 * u[0])], (u, p) => new[,] { { p - 0.4 * u[0], u[0] } });
        var settings = Range with { MinStep = 1e-4 };
        var slanted = PseudoArclength.Leave(problem, [0.0], 0, [1.0, 3.0], settings, border: [1.0, 0.0]);
        Assert.All(slanted.Points, x => Assert.True(Math.Abs(0.2 * x.State[0] - x.Parameter) < 1e-9, $"({x.State[0]}, {x.Parameter}) is off the line u = 5p"));
        Assert.Contains(slanted.Points, x => Math.Abs(x.Parameter - 4) < 1e-9);
        var trivial = PseudoArclength.Leave(problem, [0.0], 0, [1.0, 3.0], settings);
        Assert.Contains(trivial.Points, x => x.State[0] == 0 && x.Parameter > 0.001);
    }

    [Fact]
    public void AWayOutThatWouldStartBeyondTheRangeStartsNearerTheBranchPoint()
    {
        // The line u = p out of the origin with the range ending at p = 0.003: the first points at h = 0.01 and 0.005 lie
        // beyond the bound, so the way out starts nearer and ends exactly on it, at u = 0.003.
        var problem = new ToyProblem(1, (u, p) => [u[0] * (p - u[0])], (u, p) => new[,] { { p - 2 * u[0], u[0] } });
        var near = Range with { ParameterMax = 0.003, MinStep = 1e-4 };
        var bp = Assert.Single(PseudoArclength.Run(problem, [0.0], -0.7, near).SpecialPoints, s => s.Kind == SpecialPointKind.BranchPoint);
        var other = PseudoArclength.SwitchBranch(bp, near);
        Assert.All(other.Points, x => Assert.True(x.Parameter <= 0.003 && Math.Abs(x.State[0] - x.Parameter) < 1e-9, $"({x.State[0]}, {x.Parameter})"));
        var top = other.Points.MaxBy(x => x.Parameter)!;
        Assert.Equal(0.003, top.Parameter, 15);
        Assert.Equal(BranchEndReason.ParameterBound, top == other.Points[^1] ? other.Finish.Reason : other.Start.Reason);
    }

    [Fact]
    public void AHopfPointIsFoundWhereAComplexPairCrossesTheAxis()
    {
        // The Hopf normal form: the origin has eigenvalues p ± i, so a Hopf point at p = 0 and no fold or branch point.
        var problem = new ToyProblem(2,
            (u, p) => [p * u[0] - u[1] - u[0] * (u[0] * u[0] + u[1] * u[1]), u[0] + p * u[1] - u[1] * (u[0] * u[0] + u[1] * u[1])],
            (u, p) =>
            {
                double r2 = u[0] * u[0] + u[1] * u[1];
                return new[,] { { p - r2 - 2 * u[0] * u[0], -1 - 2 * u[0] * u[1], u[0] }, { 1 - 2 * u[0] * u[1], p - r2 - 2 * u[1] * u[1], u[1] } };
            });
        var b = PseudoArclength.Run(problem, [0.0, 0.0], -0.5, Range with { ParameterMax = 0.5 });
        var hopf = Assert.Single(b.SpecialPoints);
        Assert.Equal(SpecialPointKind.Hopf, hopf.Kind);
        Assert.True(Math.Abs(hopf.Parameter) < 1e-9, $"Hopf point at {hopf.Parameter}");
        Assert.True(Math.Abs(hopf.SmallestEigenvalue!.Value.Real) < 1e-8);
    }

    [Fact]
    public void ACircleIsAClosedLoopWithTwoFolds()
    {
        var problem = new ToyProblem(1, (u, p) => [u[0] * u[0] + p * p - 1], (u, p) => new[,] { { 2 * u[0], 2 * p } });
        var b = PseudoArclength.Run(problem, [1.0], 0, new ContinuationSettings { ParameterMin = -2, ParameterMax = 2 });
        Assert.Equal(BranchEndReason.ClosedLoop, b.Finish.Reason);
        var folds = b.SpecialPoints.Where(s => s.Kind == SpecialPointKind.Fold).Select(s => s.Parameter).OrderBy(x => x).ToArray();
        Assert.Equal(2, folds.Length);
        Assert.Equal(-1, folds[0], 9);
        Assert.Equal(1, folds[1], 9);
    }

    [Theory]
    [InlineData(-1.0)]
    [InlineData(4.0)]
    public void ABranchSeededOnTheRangesEndHasNoRepeatedPoint(double p0)
    {
        // u = p seeded exactly on a bound: the way out of the range ends at once, on the seed itself, which it must not
        // add a second time (group-branch's branch.csv began with its seed twice).
        var problem = new ToyProblem(1, (u, p) => [u[0] - p], (u, p) => new[,] { { 1.0, -1.0 } });
        var b = PseudoArclength.Run(problem, [p0], p0, Range);
        Assert.Equal(BranchEndReason.ParameterBound, b.Start.Reason);
        Assert.Equal(BranchEndReason.ParameterBound, b.Finish.Reason);
        var repeated = b.Points.Zip(b.Points.Skip(1), (a, c) => Math.Abs(a.Parameter - c.Parameter)).Count(d => d < 1e-12);
        Assert.Equal(0, repeated);
        Assert.Equal(-1, b.Points[0].Parameter, 12);
        Assert.Equal(4, b.Points[^1].Parameter, 12);
    }

    [Fact]
    public void AStallIsATypedEndWithItsReason()
    {
        // u = p, but the problem is undefined beyond u = 0.5 and offers no other coordinates.
        var problem = new ToyProblem(1, (u, p) => [u[0] - p], (u, p) => new[,] { { 1.0, -1.0 } }) { Domain = (u, p) => u[0] < 0.5 };
        var b = PseudoArclength.Run(problem, [0.0], 0, Range);
        Assert.True(b.Stalled);
        Assert.Equal(BranchEndReason.Stalled, b.Finish.Reason);
        Assert.Contains("smallest step", b.Finish.What);
        Assert.InRange(b.Finish.Parameter, 0.49, 0.5);
        Assert.Equal(BranchEndReason.ParameterBound, b.Start.Reason);
    }

    [Fact]
    public void ProblemEventsAreLocatedReportedAndHandedOver()
    {
        // u = p until u = 0.3 (reported), then at u = 0.6 the branch is handed to a second piece u = 2p − 0.6.
        var second = new ToyProblem(1, (u, p) => [u[0] - 2 * p + 0.6], (u, p) => new[,] { { 1.0, -2.0 } }) { Name = "second" };
        var first = new ToyProblem(1, (u, p) => [u[0] - p], (u, p) => new[,] { { 1.0, -1.0 } })
        {
            Names = ["report", "hand over"],
            G = (u, p) => [u[0] - 0.3, 0.6 - u[0]],
            Outcome = (i, u, p) => i == 0 ? new EventOutcome.Report("u = 0.3") : new EventOutcome.Switch(second, u, "to the second piece"),
        };
        var b = PseudoArclength.Run(first, [0.0], 0, Range with { ParameterMin = -0.5, ParameterMax = 1 });
        var report = Assert.Single(b.SpecialPoints, s => s.What == "u = 0.3");
        Assert.Equal(0.3, report.Parameter, 10);
        var handover = Assert.Single(b.SpecialPoints, s => s.What == "to the second piece");
        Assert.Equal(0.6, handover.Parameter, 10);
        // After the hand-over the points obey the second piece: u = 2p − 0.6, up to p = 1 (u = 1.4).
        Assert.All(b.Points.Where(x => x.Problem == second), x => Assert.Equal(2 * x.Parameter - 0.6, x.State[0], 9));
        Assert.Equal(1.4, b.Points[^1].State[0], 9);
    }

    [Theory]
    [InlineData(0.0, 0.01, 0.05)]
    [InlineData(1e-3, 1e-4, 0.05)]
    [InlineData(1e-10, 0.01, 1e-3)]
    public void InvalidSettingsAreRefused(double min, double initial, double max) =>
        Assert.Throws<InvalidParameterException>(() => new ContinuationSettings { MinStep = min, InitialStep = initial, MaxStep = max }.Validated());

    [Fact]
    public void InvalidNewtonAndRangesAreRefused()
    {
        Assert.Throws<InvalidParameterException>(() => new ContinuationSettings { Newton = new NewtonSettings(0) }.Validated());
        Assert.Throws<InvalidParameterException>(() => new ContinuationSettings { ParameterMin = 2, ParameterMax = 1 }.Validated());
        Assert.Throws<InvalidParameterException>(() => new ContinuationSettings { MaxTurn = 2 }.Validated());
    }
}
