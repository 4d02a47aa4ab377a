using Bifurcations.Continuation;
using Bifurcations.Linearization;
using Bifurcations.Model;
using Bifurcations.Reduced;
using Bifurcations.Testing;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Bifurcations.Tests.Kit;

/// <summary>
/// Each of the kit's checks on the project's real models, where it must hold, and on a broken copy, where it must not:
/// a check that could not fail would be no check.
/// </summary>
public class InvariantTests
{
    static readonly GramPair Paper = new(753, 494, 719);

    /// <summary>A problem whose field is the original's with one component scaled, or whose Jacobian or stability is wrong.</summary>
    internal sealed class Broken(IContinuationProblem inner, double fieldFactor = 1, double jacobianShift = 0, Stability? stability = null) : IContinuationProblem
    {
        public int Dimension => inner.Dimension;
        public string ParameterName => inner.ParameterName;
        public double ParameterScale => inner.ParameterScale;
        public bool Evaluate(ReadOnlySpan<double> u, double p, Span<double> f, double[,] jacobian)
        {
            if (!inner.Evaluate(u, p, f, jacobian)) return false;
            f[0] *= fieldFactor;
            jacobian[0, 0] += jacobianShift;
            return true;
        }
        public (Eigenvalue[] Spectrum, Stability Stability) Stability(ReadOnlySpan<double> u, double p)
        {
            var s = inner.Stability(u, p);
            return (s.Spectrum, stability ?? s.Stability);
        }
        public IReadOnlyList<string> EventNames => inner.EventNames;
        public void Events(ReadOnlySpan<double> u, double p, Span<double> g) => inner.Events(u, p, g);
        public EventOutcome OnEvent(int i, ReadOnlySpan<double> u, double p, ReadOnlySpan<double> tangent) => inner.OnEvent(i, u, p, tangent);
        public EventOutcome.Switch? Recoordinate(ReadOnlySpan<double> u, double p, ReadOnlySpan<double> tangent) => inner.Recoordinate(u, p, tangent);
    }

    [Property(MaxTest = 150)]
    public Property TheClosedFormIsTheGenericSpanReductionAcrossTheRealisticRange() =>
        Prop.ForAll(GramCase.Arbitrary(2, 2), Arb.Zip(ParameterCase.Arbitrary(), Arb.From(Gen.Choose(1, 10))), PairStateCase.Arbitrary(), (g, ck, s) =>
            ck is var (c, k) ? Invariants.SameField(PairProblems.ClosedForm(new PairModel(g.Pair(), c.Parameters, k), s.Branch),
                PairProblems.Generic(g.Pair(), c.Parameters, k, s.Branch), s.State, c.Exponent).ToProperty() : throw new InvalidOperationException());

    [Fact]
    public void AWrongFactorIsCaughtAndShrunkToARoundCase()
    {
        var property = Prop.ForAll(GramCase.Arbitrary(2, 2), ParameterCase.Arbitrary(), PairStateCase.Arbitrary(), (g, c, s) =>
            Invariants.SameField(new Broken(PairProblems.ClosedForm(new PairModel(g.Pair(), c.Parameters, 2), s.Branch), fieldFactor: 1.01),
                PairProblems.Generic(g.Pair(), c.Parameters, 2, s.Branch), s.State, c.Exponent).ToProperty());
        var outcome = PropertyRun.Check(property, tests: 100);
        Assert.False(outcome.Passed);
        Assert.Contains("same field as the reference", outcome.Report);
        // The shrunk case is written in round numbers: diagonals in hundreds, n whole, T_r in hundredths, α and ℓ in tenths.
        var shrunk = outcome.Report[outcome.Report.IndexOf("Shrunk", StringComparison.Ordinal)..];
        Assert.Matches(@"GramCase\(diagonals \[\d00, \d00\]", shrunk);
        Assert.Matches(@"ParameterCase\(n \d+, T_r \d\.\d\d?\)", shrunk);
        Assert.Matches(@"PairStateCase\(α -?\d(\.\d)?, ℓ -?\d(\.\d)?, Upper\)", shrunk);
    }

    [Fact]
    public void TheSpanSystemsVelocityIsTheClosedFormsAtThePapersPoint()
    {
        // One known case written out: G = 753/494/719, T = 700, n = 30, K = 2, (α, ℓ) = (0.4, 0.1) on the upper branch.
        var p = new NetworkParameters(30, 700);
        var closed = PairField.ManifoldVelocity(new PairModel(Paper, p, 2), 0.4, 0.1, ManifoldBranch.Upper);
        var labels = Enumerable.Repeat(-1.0, 10).ToArray();
        labels[1] = 0.1; labels[4] = -0.1;
        var generic = SpanSystem.Pair(Paper, 1, 4, p).Velocity([0.4, 0.6], labels, 2);
        Assert.Equal(closed.Alpha, generic.Alpha[0], 1e-12);
        Assert.Equal(closed.Ell, generic.Labels[1], 1e-12);
        Assert.Equal(-generic.Alpha[0], generic.Alpha[1], 1e-12); // on the manifold where the renormalization acts
        Assert.False(generic.Underflows);
        Assert.Throws<InvalidParameterException>(() => SpanSystem.Pair(Paper, 1, 4, p).Velocity([0.4], labels));
    }

    [Fact]
    public void TheJacobianOfAContinuationProblemMatchesDifferencesAndAWrongOneDoesNot()
    {
        // The three-category problem of the continuation engine, with its exact (dual-number) Jacobian.
        var set = new Data.DigitSelection([1, 4, 7], 20, 1).Select(Data.MnistSet.Embedded);
        var model = ThreeCategoryModel.FromClassMeans(set, [1, 4, 7], NetworkParameters.FromReducedTemperature(30, 1.0), 100);
        var (problem, u) = SpanBranchProblem.For(model.System, PairParameter.Exponent, 100, [1, 4, 7], [0.45, 0.25, 0.3], [0.05, -0.1, -0.1]);
        var held = Invariants.JacobianMatchesDifferences(problem, u, 30);
        Assert.Equal(Verdict.Holds, held.Verdict);
        var wrong = Invariants.JacobianMatchesDifferences(new Broken(problem, jacobianShift: 1e-3 * (1 + Math.Abs(Jacobian(problem, u, 30)))), u, 30);
        Assert.Equal(Verdict.Violated, wrong.Verdict);
        Assert.Contains("column u[0]", wrong.Message);
    }

    static double Jacobian(SpanBranchProblem problem, double[] u, double p)
    {
        var j = new double[problem.Dimension, problem.Dimension + 1];
        problem.Evaluate(u, p, new double[problem.Dimension], j);
        return j[0, 0];
    }

    [Fact]
    public void AtThePapersFixedPointsTheEigenvaluesAgreeWithTheFlowAndTheIndexSumIsOne()
    {
        var model = new PairModel(Paper, new NetworkParameters(15, 700), 2);
        var points = FixedPointSolver.Solve(model, ManifoldBranch.Upper);
        Assert.Equal(3, points.Count);
        var field = PairProblems.ClosedForm(model, ManifoldBranch.Upper);
        foreach (var x in points)
        {
            var r = Invariants.EigenvaluesAgreeWithFlow(field, [x.AlphaA, x.Ell], 15);
            Assert.True(r.Verdict == Verdict.Holds, r.ToString());
        }
        // A saddle reported as stable is caught.
        var saddle = points.Single(x => x.Stability == Stability.Saddle);
        var lie = Invariants.EigenvaluesAgreeWithFlow(new Broken(field, stability: Stability.Stable), [saddle.AlphaA, saddle.Ell], 15);
        Assert.Equal(Verdict.Violated, lie.Verdict);
        // Away from a fixed point the check does not judge.
        Assert.Equal(Verdict.Inconclusive, Invariants.EigenvaluesAgreeWithFlow(field, [0.4, 0.3], 15).Verdict);

        // The three points in a box around them: winding number 1 = 1 + 1 − 1; without the saddle the sum is 2.
        double[] lower = [0.25, -0.3], upper = [0.7, 0.3];
        var all = Invariants.IndexSum(field, 15, [.. points.Select(x => new[] { x.AlphaA, x.Ell })], lower, upper);
        Assert.True(all.Verdict == Verdict.Holds, all.ToString());
        var missing = Invariants.IndexSum(field, 15, [.. points.Where(x => x.Stability != Stability.Saddle).Select(x => new[] { x.AlphaA, x.Ell })], lower, upper);
        Assert.Equal(Verdict.Violated, missing.Verdict);
        Assert.Contains("winding number 1", missing.Message);
    }

    /// <summary>u² = p continued from (1, 1) over p in [−1, 4]: the branch u = ±√p, with a fold at p = 0.</summary>
    internal static ContinuationBranch FoldBranch() =>
        PseudoArclength.Run(new FieldProblem(1, "p", (u, p) => [u[0] * u[0] - p]), [1.0], 1, new ContinuationSettings { ParameterMin = -1, ParameterMax = 4 });

    [Fact]
    public void AContinuedBranchHoldsTheDirectSolutionsAndMissesShiftedOnes()
    {
        var branch = FoldBranch();
        var direct = new[] { 0.25, 1, 2.5 }.SelectMany(p => new[] { (p, new[] { Math.Sqrt(p) }), (p, new[] { -Math.Sqrt(p) }) }).ToArray();
        var held = Invariants.BranchHolds(branch, direct);
        Assert.True(held.Verdict == Verdict.Holds, held.ToString());
        Assert.Equal(Verdict.Violated, Invariants.BranchHolds(branch, [(1.0, [1.01])]).Verdict);
        Assert.Equal(Verdict.Violated, Invariants.BranchHolds(branch, [(-0.5, [0.0])]).Verdict); // no solution there
    }

    [Property(MaxTest = 60)]
    public Property SwappingTwoDigitsOfEqualNormsSwapsTheFlow() =>
        Prop.ForAll(ParameterCase.Arbitrary(), PairStateCase.Arbitrary(), Arb.Zip(Arb.From(Gen.Choose(400, 784)), Arb.From(Gen.Choose(10, 95))), (c, s, dc) =>
        {
            var (d, corr) = dc;
            // Equal diagonals: A ↔ B maps (α, ℓ) on the upper branch (α ≥ 0) to (1 − α, −ℓ) and velocities to their negatives.
            // (Checked without this restriction, the property fails: off the manifold v_α is v_A, and v_B ≠ −v_A there.)
            var gram = new GramPair(d, corr / 100.0 * d, d);
            var model = new PairModel(gram, c.Parameters, 2);
            var field = PairProblems.ClosedForm(model, ManifoldBranch.Upper);
            double[] u = [Math.Abs(s.Alpha), s.Ell];
            // In the (α, ℓ) chart the swap maps v_α to −v_α only where the flow stays on the manifold at both points.
            if (!PairField.RenormalizationActs(model, u[0], u[1], ManifoldBranch.Upper) || !PairField.RenormalizationActs(model, 1 - u[0], -u[1], ManifoldBranch.Upper))
                return Prop.When(true, false);
            return Invariants.Equivariant(field, x => [1 - x[0], -x[1]], u, c.Exponent, v => [-v[0], -v[1]], 1e-9).ToProperty();
        });

    [Fact]
    public void WithUnequalNormsTheSwapIsNoSymmetry()
    {
        var field = PairProblems.ClosedForm(new PairModel(Paper, new NetworkParameters(15, 700), 2), ManifoldBranch.Upper);
        var r = Invariants.Equivariant(field, x => [1 - x[0], -x[1]], [0.3, 0.2], 15, v => [-v[0], -v[1]]);
        Assert.Equal(Verdict.Violated, r.Verdict);
    }

    [Property(MaxTest = 100)]
    public Property WhereTheRenormalizationActsTheGenericFlowIsTangentToTheManifold() =>
        Prop.ForAll(GramCase.Arbitrary(2, 2), ParameterCase.Arbitrary(), PairStateCase.Arbitrary(), (g, c, s) =>
        {
            // Both coefficients free: α_A + α_B = 1 on the upper branch with α ≥ 0, h = |α_A| + |α_B| − 1.
            var model = new PairModel(g.Pair(), c.Parameters, 2);
            double a = Math.Abs(s.Alpha);
            if (!PairField.RenormalizationActs(model, a, s.Ell, ManifoldBranch.Upper)) return Prop.When(true, false);
            var labels = Enumerable.Repeat(-1.0, 10).ToArray();
            labels[1] = s.Ell; labels[4] = -s.Ell;
            var full = new FieldProblem(2, "n", (x, n) => SpanSystem.Pair(g.Pair(), 1, 4, c.Parameters).Velocity(x, labels, 2) is var v && !v.Underflows ? v.Alpha : [double.NaN, double.NaN]);
            return Invariants.TangentTo(full, x => [Math.Sign(x[0]), Math.Sign(x[1])], [a, 1 - a], c.Exponent).ToProperty();
        });
}
