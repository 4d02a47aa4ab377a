using Bifurcations.Experiments.Validation;
using Bifurcations.Reduced;

namespace Bifurcations.Tests.Reduced;

public class FlowTests
{
    static Trajectory Standing(double alpha, double ell, int steps = 200) =>
        new(ManifoldBranch.Upper, [.. Enumerable.Range(0, steps).Select(k => k * 1e-4)], [.. Enumerable.Repeat(alpha, steps)], [.. Enumerable.Repeat(ell, steps)]);

    [Fact]
    public void AStandstillAwayFromAFixedPointIsANumericalEquilibrium()
    {
        var model = PaperValues.Model(15);
        // (0.55, 0.3) is no fixed point at n = 15: a scheme that stands there has stalled on the stiff field.
        Assert.True(Standing(0.55, 0.3).StuckSpeed(model) > 1e-6);
        // At the paper's stable point the field vanishes: standing still there is right.
        var (alpha, ell, _) = PaperValues.FixedPointsAtN15[0];
        var exact = FixedPointSolver.Solve(model, ManifoldBranch.Upper).MinBy(p => Math.Abs(p.AlphaA - alpha) + Math.Abs(p.Ell - ell))!;
        Assert.Null(Standing(exact.AlphaA, exact.Ell).StuckSpeed(model));
        // A trajectory that still moves, or is too short to judge, is not flagged.
        var moving = Flow.Integrate(model, ManifoldBranch.Upper, 0.8, 0.5, 0.01, 200, FlowMethod.RungeKutta4);
        Assert.Null(moving.StuckSpeed(model));
        Assert.Null(Standing(0.55, 0.3, steps: 50).StuckSpeed(model));
    }
}
