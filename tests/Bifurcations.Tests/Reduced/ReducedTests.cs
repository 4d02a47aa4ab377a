using Bifurcations.Analysis;
using Bifurcations.Data;
using Bifurcations.Experiments.Artifacts;
using Bifurcations.Experiments.Reports;
using Bifurcations.Experiments.Simulations;
using Bifurcations.Experiments.Validation;
using Bifurcations.Linearization;
using Bifurcations.Model;
using Bifurcations.Reduced;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Bifurcations.Tests;

/// <summary>A random but realistic two-digit problem: PSD Gram with diagonal 400–784, n, T_r, K, a point on the manifold.</summary>
public sealed record PairCaseData(double Gaa, double Gbb, double Correlation, double N, double TempR, int Memories, PairCase Case,
    double Alpha, double Ell, ManifoldBranch Branch)
{
    public GramPair Gram => new(Gaa, Correlation * Math.Sqrt(Gaa * Gbb), Gbb);
    public PairModel Model => new(Gram, NetworkParameters.FromReducedTemperature(N, TempR), Memories, Case);
    public double AlphaB => PairModel.AlphaB(Alpha, Branch);
    public override string ToString() => FormattableString.Invariant(
        $"G=({Gaa:F2},{Gram.AB:F2},{Gbb:F2}) n={N:F3} Tr={TempR:F3} K={Memories} {Case} α={Alpha:F4} ℓ={Ell:F4} {Branch}");

    public static Arbitrary<PairCaseData> Arbitrary(bool equalDiagonal = false) =>
        (from gaa in Gen.Choose(4000, 7840)
         from gbb in Gen.Choose(4000, 7840)
         from corr in Gen.Choose(-300, 950)
         from n in Gen.Choose(200, 6000)
         from tr in Gen.Choose(500, 1100)
         from k in Gen.Choose(1, 3)
         from intra in Gen.Elements(false, true)
         from a in Gen.Choose(-1000, 1000)
         from l in Gen.Choose(-1000, 1000)
         from lower in Gen.Elements(false, true)
         select new PairCaseData(gaa / 10.0, equalDiagonal ? gaa / 10.0 : gbb / 10.0, corr / 1000.0, n / 100.0, tr / 1000.0, k,
             intra ? PairCase.Intra : PairCase.Inter, a / 1000.0, l / 1000.0, lower ? ManifoldBranch.Lower : ManifoldBranch.Upper)).ToArbitrary();
}

public class ReducedTests
{
    static readonly GramPair Paper = PaperValues.Gram;
    static PairModel PaperModel(double n) => PaperValues.Model(n);

    static void AssertAllResidualsSmall(IEnumerable<FixedPoint> points)
    {
        foreach (var p in points) Assert.True(p.Residual < 1e-10, $"|f| = {p.Residual} at ({p.AlphaA}, {p.Ell})");
    }

    [Fact]
    public void PaperFixedPointsAtN15MatchTheKnownValues()
    {
        var points = FixedPointSolver.Solve(PaperModel(15), ManifoldBranch.Upper);
        Assert.Equal(3, points.Count);
        var expected = PaperValues.FixedPointsAtN15;
        for (int i = 0; i < 3; i++)
        {
            Assert.Equal(expected[i].Alpha, points[i].AlphaA, PaperValues.FixedPointTolerance);
            Assert.Equal(expected[i].Ell, points[i].Ell, PaperValues.FixedPointTolerance);
            Assert.Equal(expected[i].Stability, points[i].Stability);
        }
        // docs/model.md, known answers: the ℓ-eigenvalue of the node is about −984.
        Assert.InRange(points[2].Eigenvalues.Min(), -990, -978);
        AssertAllResidualsSmall(points);
    }

    [Fact]
    public void PaperSequenceBistableMonostableBistable()
    {
        var n20 = FixedPointSolver.Solve(PaperModel(20), ManifoldBranch.Upper);
        Assert.Equal([Stability.Stable, Stability.Saddle, Stability.Stable], n20.Select(p => p.Stability));
        var n30 = FixedPointSolver.Solve(PaperModel(30), ManifoldBranch.Upper);
        Assert.Single(n30);
        Assert.Equal(PaperValues.FixedPointAtN30.Alpha, n30[0].AlphaA, 1e-4);
        Assert.Equal(PaperValues.FixedPointAtN30.Ell, n30[0].Ell, 1e-4);
        Assert.Equal(Stability.Stable, n30[0].Stability);
        var n45 = FixedPointSolver.Solve(PaperModel(45), ManifoldBranch.Upper);
        var stable = n45.Where(p => p.Stability == Stability.Stable).ToArray();
        Assert.Equal(2, stable.Length);
        Assert.All(stable, p => Assert.True(Math.Abs(p.Ell) > 0.5, $"ℓ = {p.Ell} should be clearly away from 0"));
        AssertAllResidualsSmall([.. n20, .. n30, .. n45]);
        // docs/model.md, known answers: the folds lie a little below n = 24 and a little above n = 36.
        Assert.Equal(3, FixedPointSolver.Solve(PaperModel(23.5), ManifoldBranch.Upper).Count);
        Assert.Single(FixedPointSolver.Solve(PaperModel(24), ManifoldBranch.Upper));
        Assert.Single(FixedPointSolver.Solve(PaperModel(36), ManifoldBranch.Upper));
        Assert.Equal(3, FixedPointSolver.Solve(PaperModel(37), ManifoldBranch.Upper).Count);
    }

    [Fact]
    public void AtSmallNTheALikePointIsOnTheOtherBranch()
    {
        var points = FixedPointSolver.Solve(PaperModel(4));
        Assert.Contains(points, p => p.Branch == ManifoldBranch.Lower && p.AlphaA > 0.9 && p.Stability == Stability.Stable);
        Assert.DoesNotContain(points, p => p.Branch == ManifoldBranch.Upper && p.AlphaA > 0.9);
    }

    [Property(MaxTest = 300)]
    public Property ClosedFormEqualsGenericReduction() => Prop.ForAll(PairCaseData.Arbitrary(), c =>
    {
        var model = c.Model;
        int a = 1, b = c.Case == PairCase.Inter ? 4 : 1;
        var system = SpanSystem.Pair(c.Gram, a, b, model.Parameters);
        foreach (int along in new[] { 0, 1 })
        {
            Dual alpha = along == 0 ? Dual.Variable(c.Alpha) : c.Alpha, ell = along == 1 ? Dual.Variable(c.Ell) : c.Ell;
            var alphaB = c.Branch == ManifoldBranch.Upper ? 1 - Dual.Abs(alpha) : Dual.Abs(alpha) - 1;
            var closed = PairField.Velocity(model, alpha, alphaB, ell);
            var labels = Enumerable.Repeat(Dual.Constant(-1), 10).ToArray();
            labels[a] = ell;
            if (c.Case == PairCase.Inter) labels[b] = -ell;
            var generic = system.Velocities([new SpanMemory([alpha, alphaB], labels, c.Memories)])[0];
            var g = system.Gradients([new SpanMemory([alpha, alphaB], labels, c.Memories)])[0];
            // Where every term of the literal gradient underflows, the generic form has nothing to normalize.
            if (g.Memory.All(x => Math.Abs(x.Value) < 1e-280) || g.Labels.All(x => Math.Abs(x.Value) < 1e-280)) return;
            (Dual X, Dual Y)[] pairs = [(closed.AlphaA, generic.Alpha[0]), (closed.AlphaB, generic.Alpha[1]), (closed.Ell, generic.Labels[a])];
            foreach (var (x, y) in pairs)
            {
                Assert.True(Math.Abs(x.Value - y.Value) <= 1e-9 * Math.Max(1, Math.Abs(x.Value)), $"{c}: value {x.Value:R} vs {y.Value:R}");
                // At α = 0 or ℓ = 0 exactly the field has kinks (|α|, and the sign flips of the descent), where
                // either one-sided derivative is right; elsewhere the two derivatives must agree.
                if (c.Alpha != 0 && c.Ell != 0)
                    Assert.True(Math.Abs(x.Derivative - y.Derivative) <= 1e-7 * Math.Max(1, Math.Abs(x.Derivative)), $"{c}: derivative {x.Derivative:R} vs {y.Derivative:R}");
            }
        }
    });

    [Fact]
    public void FullNetworkGradientProjectedOnTheSpanEqualsTheReducedOne()
    {
        var set = new DigitSelection([1, 4], 1, 0).Select(MnistSet.Embedded);
        var g = set.Gram();
        foreach (var (n, alpha, ell, k) in new[] { (15.0, 0.6, 0.1, 2), (30.0, 0.45, -0.3, 3), (3.0, -0.2, 0.7, 1), (39.0, 0.7, 0.05, 2) })
        {
            var p = new NetworkParameters(n, 700);
            double[] coef = [alpha, 1 - Math.Abs(alpha)];
            var labels = Enumerable.Repeat(-1.0, 10).ToArray();
            labels[1] = ell; labels[4] = -ell;
            var state = new NetworkState(k, set.Dimension);
            for (int mu = 0; mu < k; mu++)
            {
                for (int j = 0; j < set.Dimension; j++) state.Memory(mu)[j] = coef[0] * set.Sample(0)[j] + coef[1] * set.Sample(1)[j];
                labels.CopyTo(state.Label(mu));
            }
            var full = DenseNetwork.Gradient(state, p, set);
            var projected = new MoorePenrose(set).Decompose(full.Memories, k);
            var reduced = new SpanSystem(g, [1, 4], p).Gradients([SpanMemory.Of(coef, labels, k)])[0];
            double scale = reduced.Memory.Max(x => Math.Abs(x.Value));
            Assert.True(scale > 0);
            for (int mu = 0; mu < k; mu++)
            {
                for (int i = 0; i < 2; i++)
                    Assert.True(Math.Abs(projected.Alpha[mu * 2 + i] - reduced.Memory[i].Value) <= 1e-9 * scale,
                        $"n={n}: memory {mu} coefficient {i}: full {projected.Alpha[mu * 2 + i]:R}, reduced {reduced.Memory[i].Value:R}");
                Assert.True(projected.RelativeReconstructionError[mu] < 1e-9, "the gradient must lie in the span of the samples");
                double lscale = reduced.Labels.Max(x => Math.Abs(x.Value));
                for (int d = 0; d < 10; d++)
                    Assert.True(Math.Abs(full.Labels[mu * 10 + d] - reduced.Labels[d].Value) <= 1e-9 * lscale, $"n={n}: label {d}");
            }
        }
    }

    [Property(MaxTest = 25)]
    public Property SwappingDigitsWithEqualNormsMapsFixedPointsOntoThemselves() => Prop.ForAll(PairCaseData.Arbitrary(equalDiagonal: true), c =>
    {
        var model = c.Model with { Case = PairCase.Inter };
        var points = FixedPointSolver.Solve(model);
        foreach (var p in points)
        {
            // A saturated point where the free label's push is itself ~0 grazes the end of the saturated line:
            // whether it counts as held there is decided by round-off, for it and for its mirror image alike.
            if (p.Saturated && Math.Abs(PairField.LabelNullcline(model, p.AlphaA, p.Ell, p.Branch).Value) < 1e-6) continue;
            // Likewise a point sitting on a jump of α̇ (the descent flipping sign within less than an ulp, at
            // low T and large n): the mirror image may have no double where |f| < 1e-10.
            double left = PairField.MemoryNullcline(model, p.AlphaA - 1e-9, p.Ell, p.Branch).Value;
            double right = PairField.MemoryNullcline(model, p.AlphaA + 1e-9, p.Ell, p.Branch).Value;
            if (Math.Max(Math.Abs(left), Math.Abs(right)) > 1e-2) continue;
            Assert.True(points.Any(q => Math.Abs(q.AlphaA - p.AlphaB) < 1e-7 && Math.Abs(q.AlphaB - p.AlphaA) < 1e-7 && Math.Abs(q.Ell + p.Ell) < 1e-7),
                $"{c}: no mirror image of ({p.AlphaA}, {p.AlphaB}, {p.Ell}) among {points.Count} points");
        }
    });

    [Property(MaxTest = 12)]
    public Property NullclineVerticesLieOnTheirNullclines() => Prop.ForAll(PairCaseData.Arbitrary(), c =>
    {
        var model = c.Model;
        var options = new NullclineOptions(61, 61, 81);
        // A vertex is on its nullcline when the velocity component is below 1e-8 there, or, where the curve is
        // steeper than double precision can follow (ℓ̇ swings by more than 1e-8 within one ulp of ℓ at low T and
        // large n, docs/model.md), when the component changes sign between the vertex and a neighbouring double.
        // Where ℓ = 0 meets the manifold the normalized α̇ jumps between 0 and −α across a curve a few hundred
        // ulps from the vertex (seen at G = (521.2, −75.4, 616.6), n = 29.98, T_r = 0.711, intra, K = 1): a vertex
        // there is on its nullcline if the sign changes within 1e-9 of it.
        foreach (var (a, l) in Nullclines.Memory(model, c.Branch, options).Polylines.SelectMany(x => x))
            Assert.True(OnCurve((x, y) => PairField.OnManifold(model, x, y, c.Branch).Alpha.Value, a, l, model, c.Branch), $"{c}: α̇ at memory-nullcline vertex ({a}, {l})");
        foreach (var (a, l) in Nullclines.Label(model, c.Branch, options).Polylines.SelectMany(x => x))
            Assert.True(OnCurve((x, y) => PairField.OnManifold(model, x, y, c.Branch).Ell.Value, a, l), $"{c}: ℓ̇ at label-nullcline vertex ({a}, {l})");
    });

    /// <summary>
    /// Whether (a, l) lies on the nullcline of <paramref name="f"/>: the component is below 1e-8 there, or changes sign
    /// between the vertex and a neighbouring double or a point 1e-9 away (see the property above). For the memory
    /// nullcline (<paramref name="model"/> given) one more case. At low T and large n the memory's forces underflow
    /// beyond some curve (no digit above threshold: the memory does not move, α̇ ≈ 1e-40); h changes sign across that
    /// curve, so the tracer puts a vertex on it, while on the near side the renormalization acts and the normalized α̇
    /// is −α. A vertex within 1e-9 of that switch is on its nullcline if the renormalization acts on one side and not
    /// on the other, and α̇ vanishes (below 1e-8) on the far side. Seen at G = (773.2, 310.7, 675.4), n = 49.72,
    /// T_r = 0.62, K = 2 and G = (659.3, 209.3, 536.0), n = 48.69, T_r = 0.541, K = 3 (inter, upper): α̇ = −α = 0.21 at
    /// the vertex, 8e-40 at 1e-9 beyond it.
    /// </summary>
    static bool OnCurve(Func<double, double, double> f, double a, double l, PairModel? model = null, ManifoldBranch branch = ManifoldBranch.Upper)
    {
        double v = f(a, l);
        if (Math.Abs(v) < 1e-8) return true;
        foreach (var (x, y) in new[] { (a, Math.BitIncrement(l)), (a, Math.BitDecrement(l)), (Math.BitIncrement(a), l), (Math.BitDecrement(a), l),
                                        (a, l + 1e-9), (a, l - 1e-9), (a + 1e-9, l), (a - 1e-9, l) })
        {
            double w = f(x, y);
            if (Math.Sign(w) != Math.Sign(v)) return true;
            if (model is not null && Math.Abs(w) < 1e-8
                && PairField.RenormalizationActs(model, x, y, branch) != PairField.RenormalizationActs(model, a, l, branch)) return true;
        }
        return false;
    }

    [Theory]
    [InlineData(773.2, 675.4, 0.43, 49.72, 0.62, 2, -0.2414570609711675, 0.7)]
    [InlineData(659.3, 536.0, 0.352, 48.69, 0.541, 3, -0.21379472949168385, 0.8)]
    public void AMemoryNullclineVertexAtTheRenormalizationSwitchIsOnItsNullcline(double gaa, double gbb, double corr, double n, double tr, int k, double a, double l)
    {
        var c = new PairCaseData(gaa, gbb, corr, n, tr, k, PairCase.Inter, 0, 0, ManifoldBranch.Upper);
        var model = c.Model;
        double Velocity(double x, double y) => PairField.OnManifold(model, x, y, ManifoldBranch.Upper).Alpha.Value;
        // The vertex the nullcline tracer reports, with the jump it sits on: −α where it is, ≈ 0 just beyond.
        Assert.Contains(Nullclines.Memory(model, ManifoldBranch.Upper, new NullclineOptions(61, 61, 81)).Polylines.SelectMany(x => x), v => v.Alpha == a && v.Ell == l);
        Assert.Equal(-a, Velocity(a, l), 1e-12);
        Assert.True(PairField.RenormalizationActs(model, a, l, ManifoldBranch.Upper));
        Assert.True(OnCurve(Velocity, a, l, model));
        // Without the switch the jump would not be accepted: the check can fail.
        Assert.False(OnCurve(Velocity, a, l));
    }

    [Property(MaxTest = 500)]
    public Property FlowStaysOnTheManifoldWhereTheRenormalizationActs() => Prop.ForAll(PairCaseData.Arbitrary(), c =>
    {
        var v = PairField.Velocity(c.Model, c.Alpha, c.AlphaB, c.Ell);
        double radial = Math.Sign(c.Alpha) * v.AlphaA.Value + Math.Sign(c.AlphaB) * v.AlphaB.Value; // d/dt (|α_A| + |α_B|)
        if (PairField.RenormalizationActs(c.Model, c.Alpha, c.Ell, c.Branch)) Assert.True(Math.Abs(radial) < 1e-12, $"{c}: d|α|/dt = {radial}");
        else Assert.True(radial <= 1e-12, $"{c}: the flow leaves the manifold outward ({radial})");
        Assert.InRange(Math.Abs(v.Ell.Value), 0, 1 + 1e-12);
    });

    /// <summary>
    /// The dual-number Jacobian of the closed form is its derivative, across the realistic range (the kit's generators and
    /// check; a kink between the difference points, a relu or the label clip, makes a case inconclusive, not a pass).
    /// </summary>
    [Property(MaxTest = 200)]
    public Property DualJacobianMatchesCentralDifferences() =>
        Prop.ForAll(Testing.GramCase.Arbitrary(2, 2), Testing.ParameterCase.Arbitrary(), Testing.PairStateCase.Arbitrary(), (g, c, s) =>
            Testing.Invariants.JacobianMatchesDifferences(Testing.PairProblems.ClosedForm(new PairModel(g.Pair(), c.Parameters, 2), s.Branch), s.State, c.Exponent,
                parameterColumn: false).ToProperty());

    [Fact]
    public void SymmetricModeOfTheTwoMemorySystemIsTheReducedJacobian()
    {
        foreach (var n in new[] { 15.0, 39.0 })
        {
            var model = PaperModel(n);
            foreach (var p in FixedPointSolver.Solve(model, ManifoldBranch.Upper))
            {
                var split = SplitAnalysis.At(model, p);
                var (_, jac) = PairField.Linearize(model, p.AlphaA, p.Ell, p.Branch);
                for (int r = 0; r < 2; r++)
                    for (int k = 0; k < 2; k++)
                        Assert.Equal(jac[r, k], split.SymmetricJacobian[r, k], 1e-9 * Math.Max(1, Math.Abs(jac[r, k])));
            }
        }
    }

    [Fact]
    public void TwoMemoryRunGathersAtAPredictedFixedPointAndSplitsAsPredicted()
    {
        var set = new DigitSelection([1, 4], 1, 0).Select(MnistSet.Embedded);
        foreach (var (n, rate) in new[] { (15.0, 0.0004), (39.0, 0.0008) })
        {
            var report = SplitExperimentResult.Run(set, new SplitExperimentOptions(new NetworkParameters(n, 700), rate, 3500)).Report;
            Assert.True(report.DistanceAlpha < 0.03 && report.DistanceEll < 0.03, $"n={n}: gathered {report.DistanceAlpha}, {report.DistanceEll} from the fixed point");
            Assert.NotNull(report.MeasuredSplitEpoch);
            if (n == 39)
            {
                // Resolved by the Euler step (ε·max|λ| < 2): the linear prediction holds.
                Assert.True(report.EulerStiffness < 2);
                Assert.True(report.AngleDegrees < 1, $"angle {report.AngleDegrees}°");
                Assert.InRange(report.MeasuredRate!.Value / report.PredictedRate!.Value, 0.8, 1.2);
            }
        }
    }

    [Fact]
    public void BadGramMatricesAreRejectedWithTheValue()
    {
        Assert.Contains("not positive semidefinite", Assert.Throws<InvalidParameterException>(() => new GramPair(700, 800, 700)).Message);
        Assert.Contains("G_AA = -1", Assert.Throws<InvalidParameterException>(() => new GramPair(-1, 0, 700)).Message);
        Assert.Contains("not positive semidefinite", Assert.Throws<InvalidParameterException>(() => new SpanSystem([1, 2, 2, 1], [1, 4], new NetworkParameters(3, 700))).Message);
        Assert.Throws<InvalidParameterException>(() => new PairModel(Paper, new NetworkParameters(15, 700), 0));
    }
}
