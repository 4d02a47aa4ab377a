using Bifurcations.Continuation;
using Bifurcations.Data;
using Bifurcations.Model;
using Bifurcations.Reduced;
using Bifurcations.Testing;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Bifurcations.Tests.Kit;

/// <summary>
/// The kit's checks against the full network (the velocity is the network's gradient read in the span) and of fixed
/// points in their own scale (the Newton step), on the project's models and on broken copies.
/// </summary>
public class NetworkInvariantTests
{
    static readonly GramPair Paper = new(753, 494, 719);

    /// <summary>The pair model's closed form (K copies, T held) and its lift onto two real vectors of classes 1 and 4.</summary>
    static (FieldProblem Model, Func<double[], double, SpanLift> Lift) Pair(GramCase g, ParameterCase c, int k, ManifoldBranch branch, double factor = 1)
    {
        var model = new PairModel(g.Pair(), c.Parameters, k);
        var closed = PairProblems.ClosedForm(model, branch);
        var field = factor == 1 ? closed : new FieldProblem(2, "n", (u, n) => closed.Field(u, n) is var v ? [factor * v[0], v[1]] : v);
        var samples = g.Samples(1, 4);
        return (field, (u, n) => SpanLift.Pair(samples, new NetworkParameters(n, c.Parameters.Temperature), k, u[0], u[1], branch));
    }

    /// <summary>The pair's coordinates of the network's velocity: dα_A/dt and the first sample's label.</summary>
    static double[] PairCoordinates(IReadOnlyList<SpanProjection> v) => [v[0].Alpha[0], v[0].Labels[1]];

    [Property(MaxTest = 100)]
    public Property TheClosedFormIsTheNetworksGradientProjectedOnTheSpan() =>
        Prop.ForAll(GramCase.Arbitrary(2, 2), Arb.Zip(ParameterCase.Arbitrary(), Arb.From(Gen.Choose(1, 10))), PairStateCase.Arbitrary(), (g, ck, s) =>
        {
            var (c, k) = ck;
            var (model, lift) = Pair(g, c, k, s.Branch);
            return Invariants.VelocityIsProjectedGradient(model, s.State, c.Exponent, lift, PairCoordinates).ToProperty();
        });

    [Fact]
    public void AWrongFactorIsCaughtByTheNetwork()
    {
        var g = new GramCase([753, 719], [0.6, 0.7]);
        var c = new ParameterCase(15, 0.9);
        var (model, lift) = Pair(g, c, 2, ManifoldBranch.Upper);
        var held = Invariants.VelocityIsProjectedGradient(model, [0.4, 0.1], 15, lift, PairCoordinates);
        Assert.True(held.Verdict == Verdict.Holds, held.ToString());
        var (broken, _) = Pair(g, c, 2, ManifoldBranch.Upper, factor: 1.001);
        var caught = Invariants.VelocityIsProjectedGradient(broken, [0.4, 0.1], 15, lift, PairCoordinates);
        Assert.Equal(Verdict.Violated, caught.Verdict);
        Assert.Contains("network (", caught.Message);
        // Two samples along the same line cannot carry two coefficients: the check does not judge.
        var dependent = Invariants.VelocityIsProjectedGradient(model, [0.4, 0.1], 15,
            (u, n) => SpanLift.Pair(new TrainingSet([1, 2, 2, 4], [1, 4], 2), new NetworkParameters(n, 700), 2, u[0], u[1], ManifoldBranch.Upper), PairCoordinates);
        Assert.Equal(Verdict.Inconclusive, dependent.Verdict);
    }

    [Property(MaxTest = 30)]
    public Property TheGenericSpanReductionIsTheNetworksGradientOnRealDigits() =>
        Prop.ForAll(DigitGramCase.Arbitrary([1, 4, 7], 1, 2), ParameterCase.Arbitrary(), Arb.Zip(Arb.From(Gen.Choose(1, 10)), Arb.From(Gen.Choose(1, 100_000))), (digits, c, ks) =>
        {
            // Any memory on the manifold Σ|α| = 1 (signs mixed) with any labels: (α, l) → (dα/dt, dl/dt) of K copies.
            var (k, seed) = ks;
            var rng = new Random(seed);
            var w = Enumerable.Range(0, digits.Count).Select(_ => rng.NextDouble() * (rng.NextDouble() < 0.2 ? -1 : 1)).ToArray();
            double[] u = [.. w.Select(x => x / w.Sum(Math.Abs)), .. Enumerable.Range(0, 10).Select(_ => 2 * rng.NextDouble() - 1)];
            var system = new SpanSystem(digits.Matrix, digits.Classes, c.Parameters);
            int p = digits.Count;
            var model = new FieldProblem(p + 10, "n", (x, n) => system.With(new NetworkParameters(n, c.Parameters.Temperature)).Velocity(x[..p], x[p..], k) is var v && !v.Underflows
                ? [.. v.Alpha, .. v.Labels] : [.. Enumerable.Repeat(double.NaN, p + 10)]);
            var set = digits.Samples();
            return Invariants.VelocityIsProjectedGradient(model, u, c.Exponent,
                (x, n) => new SpanLift(set, new NetworkParameters(n, c.Parameters.Temperature), [new SpanGroup(x[..p], x[p..], k)]),
                v => [.. v[0].Alpha, .. v[0].Labels]).ToProperty();
        });

    [Fact]
    public void ThePapersFixedPointsHaveSmallScaledResidualsWhateverTheFieldsScale()
    {
        var model = new PairModel(Paper, new NetworkParameters(15, 700), 2);
        var field = PairProblems.ClosedForm(model, ManifoldBranch.Upper);
        var magnified = new FieldProblem(2, "n", (u, n) => [.. field.Field(u, n).Select(x => 1e10 * x)]);
        foreach (var x in FixedPointSolver.Solve(model, ManifoldBranch.Upper))
        {
            foreach (var f in new[] { field, magnified })
            {
                var r = Invariants.ScaledResidual(f, [x.AlphaA, x.Ell], 15);
                Assert.True(r.Verdict == Verdict.Holds, r.ToString());
            }
            // 1e-6 off in α is a residual the Newton step reads as 1e-6 from the root, whether the field is magnified or not.
            foreach (var f in new[] { field, magnified })
                Assert.Equal(Verdict.Violated, Invariants.ScaledResidual(f, [x.AlphaA + 1e-6, x.Ell], 15).Verdict);
        }
        // Where ∂F/∂u is singular (two equations along one line) the step is not defined.
        var singular = new FieldProblem(2, "p", (u, p) => [u[0] + u[1] - p, 2 * (u[0] + u[1] - p)]);
        Assert.Equal(Verdict.Inconclusive, Invariants.ScaledResidual(singular, [0.5, 0.6], 1).Verdict);
    }
}
