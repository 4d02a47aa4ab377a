using System.Text.Json;
using Bifurcations.Model;
using Bifurcations.Reduced;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Bifurcations.Tests;

public class ContinuationTests
{
    static readonly PairModel Paper = new(new GramPair(753, 494, 719), new NetworkParameters(15, 700), 2);
    static readonly Lazy<BifurcationDiagram> Diagram = new(() => Continuation.Diagram(Paper));

    [Fact]
    public void PaperFoldsBracketTheMonostableWindow()
    {
        var folds = Diagram.Value.Folds;
        Assert.Equal(2, folds.Count);
        Assert.InRange(folds[0].N, 23.5, 24);   // SPEC §9: a little below 24
        Assert.InRange(folds[1].N, 36, 36.5);   // and a little above 36
        foreach (var f in folds)
        {
            Assert.True(f.LastCorrection < 1e-9, $"fold at {f.N}: last Newton step in n {f.LastCorrection}");
            Assert.True(Math.Abs(f.SmallEigenvalue) < 1e-6, $"fold at {f.N}: eigenvalue {f.SmallEigenvalue}");
        }
        // 1e-6 inside the window the direct solver finds one fixed point, 1e-6 outside it finds three.
        int Count(double n) => FixedPointSolver.Solve(Paper.WithExponent(n), ManifoldBranch.Upper).Count;
        Assert.Equal(3, Count(folds[0].N - 1e-6));
        Assert.Equal(1, Count(folds[0].N + 1e-6));
        Assert.Equal(1, Count(folds[1].N - 1e-6));
        Assert.Equal(3, Count(folds[1].N + 1e-6));
    }

    [Fact]
    public void BranchesHoldEveryFixedPointTheDirectSolverFinds()
    {
        var d = Diagram.Value;
        for (int k = 0; k < 50; k++)
        {
            double n = 1.6 + k * (71.9 - 1.6) / 49;
            var direct = FixedPointSolver.Solve(Paper.WithExponent(n));
            var onBranches = Continuation.PointsAt(d, n);
            Assert.True(direct.Count == onBranches.Count, $"n = {n}: {direct.Count} direct, {onBranches.Count} on branches");
            foreach (var p in direct)
                Assert.Contains(onBranches, q => Math.Abs(q.AlphaA - p.AlphaA) < 1e-6 && Math.Abs(q.Ell - p.Ell) < 1e-6);
        }
    }

    [Fact]
    public void EveryBranchPointIsAFixedPointAndNoFoldIsReportedTwice()
    {
        var d = Diagram.Value;
        foreach (var b in d.Branches)
            foreach (var p in b.Points)
            {
                // Judged on the scaled residuals (each equation over the size of its own terms): the raw field's label row
                // swings from −1 to 1 within an ulp of ℓ near the mixed saddle, so a raw |f| says nothing there.
                var t = PairTerms.OnManifold(Paper.WithExponent(p.N), p.AlphaA, p.Ell, p.Manifold);
                double residual = Math.Max(t.MemoryResidual, p.Saturated ? 0 : t.LabelResidual);
                Assert.True(residual < 1e-9, $"scaled residual {residual} at n = {p.N}, α = {p.AlphaA}, ℓ = {p.Ell}");
            }
        Assert.Equal(d.Folds.Count, d.Folds.Select(f => Math.Round(f.N, 6)).Distinct().Count());
        Assert.DoesNotContain(d.Branches.SelectMany(b => b.Events), e => e.Kind == "stalled");
    }

    [Fact]
    public void ContinueJsonHasTheDocumentedShape()
    {
        var dir = Path.Combine(Path.GetTempPath(), "bif-" + Guid.NewGuid().ToString("N"));
        try
        {
            var (code, stdout, err) = CliTests.Run("continue", "--gram", "753,494,719", "--temp", "700", "--memories", "2",
                "--n-from", "20", "--n-to", "40", "--json", "--out", dir);
            Assert.True(code == 0, err);
            using var doc = JsonDocument.Parse(stdout);
            var branches = doc.RootElement.GetProperty("branches").EnumerateArray().ToArray();
            Assert.NotEmpty(branches);
            var point = branches[0].GetProperty("points")[0];
            foreach (var name in new[] { "n", "alphaA", "alphaB", "ell" }) Assert.Equal(JsonValueKind.Number, point.GetProperty(name).ValueKind);
            Assert.True(point.GetProperty("stable").ValueKind is JsonValueKind.True or JsonValueKind.False);
            var folds = doc.RootElement.GetProperty("folds").EnumerateArray().ToArray();
            Assert.Equal(2, folds.Length);
            foreach (var name in new[] { "n", "alphaA", "alphaB", "ell" }) Assert.Equal(JsonValueKind.Number, folds[0].GetProperty(name).ValueKind);
            foreach (var f in new[] { "branches.csv", "folds.csv", "alpha-vs-n.png", "ell-vs-n.png" }) Assert.True(File.Exists(Path.Combine(dir, f)), f);
        }
        finally { if (Directory.Exists(dir)) Directory.Delete(dir, true); }
    }

    [Theory]
    [InlineData("30", "20", "empty or reversed")]
    [InlineData("0.5", "20", "--n-from 0.5")]
    public void ABadRangeIsAUsageError(string from, string to, string message)
    {
        var dir = Path.Combine(Path.GetTempPath(), "bif-" + Guid.NewGuid().ToString("N"));
        var (code, _, err) = CliTests.Run("continue", "--n-from", from, "--n-to", to, "--out", dir);
        Assert.Equal(2, code);
        Assert.Single(err.Trim().Split('\n'));
        Assert.Contains(message, err);
        Assert.False(Directory.Exists(dir));
    }
}

public class FoldCurveTests
{
    [Fact]
    public void FoldCurvesPassThroughTheFoldsFoundInN()
    {
        var model = new PairModel(new GramPair(753, 494, 719), new NetworkParameters(15, 700), 2);
        var d = FoldCurves.Trace(model, 0.85, 0.95, 0.005);
        Assert.Equal(2, d.Curves.Count);
        double tr = 700 / 784.0;
        var atPaper = d.Curves.Select(c =>
        {
            var pts = c.Points;
            for (int i = 0; i + 1 < pts.Count; i++)
                if ((pts[i].ReducedTemperature - tr) * (pts[i + 1].ReducedTemperature - tr) <= 0)
                {
                    double s = (tr - pts[i].ReducedTemperature) / (pts[i + 1].ReducedTemperature - pts[i].ReducedTemperature);
                    return pts[i].Fold.N + s * (pts[i + 1].Fold.N - pts[i].Fold.N);
                }
            return double.NaN;
        }).OrderBy(n => n).ToArray();
        Assert.Equal(23.9509, atPaper[0], 0.02);
        Assert.Equal(36.3538, atPaper[1], 0.02);
        foreach (var c in d.Curves)
            foreach (var (_, f) in c.Points)
            {
                Assert.True(Math.Abs(f.SmallEigenvalue) < 1e-6, $"fold at n = {f.N}: eigenvalue {f.SmallEigenvalue}");
                Assert.True(f.LastCorrection < 1e-9);
            }
        // Hotter networks fold at lower n: both curves fall as T_r grows.
        foreach (var c in d.Curves) Assert.True(c.Points[0].Fold.N > c.Points[^1].Fold.N);
    }
}

public class ContinuationPropertyTests
{
    /// <summary>Realistic pairs: diagonal 400–784, correlation 0.2–0.9 (real MNIST pairs), T_r 0.75–1.1, K = 2.</summary>
    static Arbitrary<(double Gaa, double Gbb, double Corr, double TempR)> Pairs() =>
        (from gaa in Gen.Choose(4000, 7840)
         from gbb in Gen.Choose(4000, 7840)
         from corr in Gen.Choose(200, 900)
         from tr in Gen.Choose(750, 1100)
         select (gaa / 10.0, gbb / 10.0, corr / 1000.0, tr / 1000.0)).ToArbitrary();

    [Property(MaxTest = 8)]
    public Property BranchPointsAreFixedPointsAndFoldsAreSingular() => Prop.ForAll(Pairs(), c =>
    {
        var gram = new GramPair(c.Gaa, c.Corr * Math.Sqrt(c.Gaa * c.Gbb), c.Gbb);
        var model = new PairModel(gram, NetworkParameters.FromReducedTemperature(1.5, c.TempR), 2);
        var d = Continuation.Diagram(model);
        foreach (var b in d.Branches)
            foreach (var p in b.Points)
            {
                // Scaled residuals: each equation against the size of its own terms (the raw ℓ̇ swings from −1 to 1
                // within an ulp of ℓ at the stiffest saddles, so a raw residual says nothing there).
                // The continuation works in α, which holds α_B = 1 − |α| only to 1e-16/|α_B| relative: within 1e-6 of a
                // pure digit (α = ±1) its points are at that floor and are not judged here (the fixed-point solver
                // switches to the coordinate |α_B| there).
                if (1 - Math.Abs(p.AlphaA) < 1e-6) continue;
                var t = PairTerms.OnManifold(model.WithExponent(p.N), p.AlphaA, p.Ell, p.Manifold);
                double residual = Math.Max(t.MemoryResidual, p.Saturated ? 0 : t.LabelResidual);
                Assert.True(residual < Math.Max(1e-9, t.PrecisionFloor), $"{c}: scaled residual {residual} at n = {p.N}, α = {p.AlphaA}, ℓ = {p.Ell}");
            }
        foreach (var f in d.Folds) Assert.True(Math.Abs(f.SmallEigenvalue) < 1e-6, $"{c}: fold at n = {f.N} has smallest |λ| = {f.SmallEigenvalue}");
    });
}

public class TransitionLineTests
{
    [Theory]
    [InlineData(5, 1070.37)]
    [InlineData(10, 874.16)]
    [InlineData(20, 763.98)]
    [InlineData(30, 723.60)]
    public void ClosedFormMatchesTheSpecValues(double n, double expected) =>
        Assert.Equal(expected, TransitionLine.Temperature(753, 494, n), 0.01);
}

public class PitchforkTests
{
    [Fact]
    public void EqualNormsGivePitchforksReportedAsBranchPointsNotFolds()
    {
        // With G_AA = G_BB the mixture α = 1/2, ℓ = 0 is a fixed point for every n, and the two digit-like
        // branches leave it in pitchforks on either side of the monostable window.
        var model = new PairModel(new GramPair(736, 494, 736), new NetworkParameters(1.5, 700), 2);
        var d = Continuation.Diagram(model);
        Assert.Empty(d.Folds);
        var events = d.Branches.SelectMany(b => b.Events).Where(e => e.Kind == "branch point").ToArray();
        Assert.Contains(events, e => Math.Abs(e.N - 25.3) < 0.3 && Math.Abs(e.AlphaA - 0.5) < 0.01);
        Assert.Contains(events, e => Math.Abs(e.N - 34.49) < 0.3 && Math.Abs(e.AlphaA - 0.5) < 0.01);
    }
}

public class TransitionCriterionTests
{
    [Fact]
    public void NumericCriterionReproducesTheClosedFormAndTheExactLineApproachesIt()
    {
        var g = new GramPair(753, 494, 753);
        var rows = TransitionLine.Compare(g, Enumerable.Range(2, 29).Select(i => (double)i));
        foreach (var r in rows)
        {
            Assert.True(Math.Abs(r.Criterion - r.ClosedForm) <= 1e-8 * r.ClosedForm, $"n = {r.N}: {r.Criterion} vs {r.ClosedForm}");
            Assert.NotNull(r.EqualCost);
        }
        // Several percent off at small n, converging at large n.
        Assert.True(Math.Abs(rows[0].RelativeGap!.Value) > 0.02);
        Assert.True(Math.Abs(rows[^1].RelativeGap!.Value) < 0.001);
    }

    [Fact]
    public void TransitionCliPrintsJsonRows()
    {
        var (code, stdout, err) = CliTests.Run("transition", "--gram", "753,494", "--n-from", "2", "--n-to", "30", "--json");
        Assert.True(code == 0, err);
        using var doc = System.Text.Json.JsonDocument.Parse(stdout);
        var rows = doc.RootElement.GetProperty("rows");
        Assert.Equal(29, rows.GetArrayLength());
        Assert.Equal(723.60, rows[28].GetProperty("closedForm").GetDouble(), 0.01);
        var (bad, _, berr) = CliTests.Run("transition", "--n-from", "30", "--n-to", "2");
        Assert.Equal(2, bad);
        Assert.Contains("reversed", berr);
    }
}
