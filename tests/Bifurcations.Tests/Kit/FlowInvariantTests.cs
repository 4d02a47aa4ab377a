using Bifurcations.Continuation;
using Bifurcations.Linearization;
using Bifurcations.Model;
using Bifurcations.Reduced;
using Bifurcations.Testing;

namespace Bifurcations.Tests.Kit;

/// <summary>
/// The kit's flow checks (attraction, eigenvalue signs, tangency, branches) where they must fail: a check that could not
/// fail would be no check.
/// </summary>
public class FlowInvariantTests
{
    static readonly PairModel Paper = new(new GramPair(753, 494, 719), new NetworkParameters(15, 700), 2);

    [Fact]
    public void ThePapersStablePointsAttractAndItsSaddleDoesNot()
    {
        var field = PairProblems.ClosedForm(Paper, ManifoldBranch.Upper);
        var points = FixedPointSolver.Solve(Paper, ManifoldBranch.Upper);
        foreach (var x in points.Where(x => x.Stability == Stability.Stable))
        {
            var r = Invariants.Attracts(field, [x.AlphaA, x.Ell], 15);
            Assert.True(r.Verdict == Verdict.Holds, r.ToString());
        }
        // The saddle, once the model is made to call it stable, is left by a start along its unstable direction.
        var saddle = points.Single(x => x.Stability == Stability.Saddle);
        var lying = new InvariantTests.Broken(field, stability: Stability.Stable);
        var caught = Invariants.Attracts(lying, [saddle.AlphaA, saddle.Ell], 15, radius: 1e-6); // within the linear reach of its stiff label
        Assert.True(caught.Verdict == Verdict.Violated, caught.ToString());
        Assert.Equal(Verdict.Violated, caught.Verdict);
        Assert.Contains("leaves", caught.Message);
        // The true saddle is not called stable, so the check does not judge it.
        Assert.Equal(Verdict.Inconclusive, Invariants.Attracts(field, [saddle.AlphaA, saddle.Ell], 15).Verdict);
    }

    [Fact]
    public void AStartPastAKinkBesideAStablePointIsNotJudged()
    {
        // n = 46.8, T_r = 0.57, K = 9: 1e-3 to the left of this stable point the renormalization switches off, and the
        // flow there leaves along the manifold's edge; the check sees the field is not its linearization there.
        var c = new RealisticPair(401.85538, 696.160776, 376.33008011023355 / Math.Sqrt(401.85538 * 696.160776), 46.8018005, 0.5666607, 9, PairCase.Inter);
        var x = FixedPointSolver.Find(c.Model).Points.Single(x => x.Stability == Stability.Stable && !x.Saturated && Math.Abs(x.AlphaA - 0.932408) < 1e-4);
        var r = Invariants.Attracts(PairProblems.ClosedForm(c.Model, x.Branch), [x.AlphaA, x.Ell], c.N);
        Assert.Equal(Verdict.Inconclusive, r.Verdict);
        Assert.Contains("not linear", r.Message);
        Assert.Equal(Verdict.Holds, Invariants.Attracts(PairProblems.ClosedForm(c.Model, x.Branch), [x.AlphaA, x.Ell], c.N, radius: 1e-5).Verdict);
    }

    [Fact]
    public void AJacobianWhoseSignsContradictTheFlowIsCaughtEvenWhenItsStabilityFollowsIt()
    {
        // u' = (u0, −u1): a saddle at 0. A problem whose Jacobian says (−1, −1), and whose stability follows that
        // Jacobian, passes the verdict comparison; the flow along the first eigenvector says otherwise.
        var wrong = new FieldProblem(2, "p", (u, p) => [u[0], -u[1]], stateJacobian: (u, p) => new[,] { { -1.0, 0 }, { 0, -1.0 } });
        var r = Invariants.EigenvaluesAgreeWithFlow(wrong, [0.0, 0.0], 0);
        Assert.Equal(Verdict.Violated, r.Verdict);
        Assert.Contains("says the flow returns", r.Message);
        var right = new FieldProblem(2, "p", (u, p) => [u[0], -u[1]], stateJacobian: (u, p) => new[,] { { 1.0, 0 }, { 0, -1.0 } });
        Assert.Equal(Verdict.Holds, Invariants.EigenvaluesAgreeWithFlow(right, [0.0, 0.0], 0).Verdict);
    }

    [Fact]
    public void TheEigenvalueCheckJudgesAMagnifiedFieldAsTheOriginal()
    {
        // The fixed-point gate is the Newton step, not max|F|: the field times 1e10 is judged, not set aside.
        var field = PairProblems.ClosedForm(Paper, ManifoldBranch.Upper);
        var magnified = new FieldProblem(2, "n", (u, n) => [.. field.Field(u, n).Select(x => 1e10 * x)],
            stateJacobian: (u, n) => { var j = PairField.Linearize(Paper, u[0], u[1], ManifoldBranch.Upper).Jacobian; return new[,] { { 1e10 * j[0, 0], 1e10 * j[0, 1] }, { 1e10 * j[1, 0], 1e10 * j[1, 1] } }; });
        foreach (var x in FixedPointSolver.Solve(Paper, ManifoldBranch.Upper))
        {
            var r = Invariants.EigenvaluesAgreeWithFlow(magnified, [x.AlphaA, x.Ell], 15);
            Assert.True(r.Verdict == Verdict.Holds, r.ToString());
        }
    }

    [Fact]
    public void AFlowThatLeavesTheManifoldIsCaught()
    {
        // The generic pair flow with both coefficients free, at a point where the renormalization acts, and a copy
        // with 0.01 added to dα_A/dt.
        double alpha = Enumerable.Range(1, 19).Select(i => i / 20.0).First(a => PairField.RenormalizationActs(Paper, a, 0.1, ManifoldBranch.Upper));
        var labels = Enumerable.Repeat(-1.0, 10).ToArray();
        labels[1] = 0.1; labels[4] = -0.1;
        FieldProblem Flow(double push) => new(2, "n", (x, n) => SpanSystem.Pair(Paper.Gram, 1, 4, Paper.Parameters).Velocity(x, labels, 2).Alpha is var v ? [v[0] + push, v[1]] : []);
        double[] u = [alpha, 1 - alpha];
        double[] Normal(double[] x) => [Math.Sign(x[0]), Math.Sign(x[1])];
        Assert.Equal(Verdict.Holds, Invariants.TangentTo(Flow(0), Normal, u, 15).Verdict);
        var r = Invariants.TangentTo(Flow(0.01), Normal, u, 15);
        Assert.Equal(Verdict.Violated, r.Verdict);
        Assert.Contains("allowed", r.Message);
    }

    [Fact]
    public void ABranchCheckWithNoPointsDoesNotPass()
    {
        var branch = InvariantTests.FoldBranch();
        Assert.Equal(Verdict.Inconclusive, Invariants.BranchHolds(branch, []).Verdict);
        Assert.Equal(Verdict.Violated, Invariants.BranchHolds(branch, [(1.0, [1.0, 0.0])]).Verdict); // a state of the wrong size
    }
}
