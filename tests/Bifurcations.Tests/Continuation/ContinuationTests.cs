using System.Text.Json;
using Bifurcations.Continuation;
using Bifurcations.Experiments.Validation;
using Bifurcations.Linearization;
using Bifurcations.Model;
using Bifurcations.Reduced;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Bifurcations.Tests;

/// <summary>The pair system's diagrams at the paper's point: known answers, and the command line.</summary>
public class ContinuationTests
{
    static readonly PairModel Paper = PaperValues.Model(15);
    static readonly Lazy<BifurcationDiagram> Diagram = new(() => PairContinuation.Diagram(Paper));

    [Fact]
    public void PaperFoldsBracketTheMonostableWindow()
    {
        var folds = Diagram.Value.Folds;
        Assert.Equal(2, folds.Count);
        Assert.InRange(folds[0].Parameter, 23.5, 24);   // a little below 24
        Assert.InRange(folds[1].Parameter, 36, 36.5);   // and a little above 36
        foreach (var f in folds)
        {
            Assert.Equal(SpecialPointStatus.Located, f.Status);
            Assert.True(f.Precision < 1e-9, $"fold at {f.Parameter}: located to {f.Precision}");
            Assert.True(Math.Abs(f.SmallestEigenvalue!.Value) < 1e-6, $"fold at {f.Parameter}: eigenvalue {f.SmallestEigenvalue}");
        }
        // 1e-6 inside the window the direct solver finds one fixed point, 1e-6 outside it finds three.
        int Count(double n) => FixedPointSolver.Solve(Paper.WithExponent(n), ManifoldBranch.Upper).Count;
        Assert.Equal(3, Count(folds[0].Parameter - 1e-6));
        Assert.Equal(1, Count(folds[0].Parameter + 1e-6));
        Assert.Equal(1, Count(folds[1].Parameter - 1e-6));
        Assert.Equal(3, Count(folds[1].Parameter + 1e-6));
        Assert.False(Diagram.Value.Stalled);
    }

    [Fact]
    public void LowTemperaturesThatStalledBeforeNowComplete()
    {
        // T = 550, 600, 650 with the paper's Gram matrix stopped with "step below its minimum" in the old continuation.
        foreach (var t in new[] { 550.0, 600, 650 })
        {
            var model = Paper.WithTemperature(t);
            var d = PairContinuation.Diagram(model, PairParameter.Exponent, 1.5, 72);
            Assert.False(d.Stalled, $"T = {t}: stalled");
            var failures = DiagramChecks.Run(d, 25);
            Assert.True(failures.Count == 0, $"T = {t}: {string.Join("; ", failures)}");
        }
    }

    [Fact]
    public void AnIsolatedBranchIsFoundByReseeding()
    {
        // At T = 900 a pair of fixed points exists only for n between about 1.9 and 2.6: a closed branch with two folds.
        var d = PairContinuation.Diagram(Paper.WithTemperature(900), PairParameter.Exponent, 1.5, 80);
        var isola = Assert.Single(d.Branches, b => b.Finish.Reason == BranchEndReason.ClosedLoop);
        var folds = isola.SpecialPoints.Where(s => s.Kind == SpecialPointKind.Fold).Select(s => s.Parameter).OrderBy(x => x).ToArray();
        Assert.Equal(2, folds.Length);
        Assert.InRange(folds[0], 1.85, 1.95);
        Assert.InRange(folds[1], 2.5, 2.6);
        Assert.True(d.BranchesFromSeeds >= 1);
        Assert.Empty(DiagramChecks.Run(d, 50));
    }

    [Fact]
    public void EqualNormsGivePitchforksAndSwitchingFollowsTheOtherBranch()
    {
        // With G_AA = G_BB the mixture α = 1/2, ℓ = 0 is a fixed point for every n; the two digit-like branches leave it in
        // pitchforks on either side of the monostable window.
        var model = new PairModel(new GramPair(736, 494, 736), new NetworkParameters(1.5, 700), 2);
        var d = PairContinuation.Diagram(model);
        var mixture = d.Branches.Single(b => b.Points.All(p => Math.Abs(p.AlphaA - 0.5) < 1e-6));
        var bps = mixture.SpecialPoints.Where(s => s.Kind == SpecialPointKind.BranchPoint).OrderBy(s => s.Parameter).ToArray();
        Assert.Equal(2, bps.Length);
        Assert.Equal(25.3, bps[0].Parameter, 0.05);
        Assert.Equal(34.49, bps[1].Parameter, 0.05);
        // Every fold reported is one of the pitchforks (the other branch turns there), never a saddle-node elsewhere.
        foreach (var f in d.Folds) Assert.Contains(bps, b => Math.Abs(b.Parameter - f.Parameter) < 1e-3);
        // Switching at the upper pitchfork follows the asymmetric pair: α ≠ 1/2 beyond it, α = 1/2 ± 0.0358 at n = 36.
        var other = PseudoArclength.SwitchBranch(bps[1].Raw, new ContinuationSettings { ParameterMin = 30, ParameterMax = 40 });
        var at36 = PairContinuation.PointsAt(d with { Branches = [.. d.Branches.Where(b => b != mixture)] }, 36);
        Assert.Contains(other.Points, p => p.Parameter > 35 && Math.Abs(((PairBranchProblem)p.Problem).Describe(p.State, p.Parameter).AlphaA - 0.5) > 0.02);
        Assert.Contains(at36, p => Math.Abs(p.AlphaA - 0.535537) < 1e-5);
    }

    [Fact]
    public void ContinueJsonHasTheDocumentedShapeAndNamesItsParameter()
    {
        var dir = Path.Combine(Path.GetTempPath(), "bif-" + Guid.NewGuid().ToString("N"));
        try
        {
            var (code, stdout, err) = CliTests.Run("continue", "--gram", "753,494,719", "--temp", "700", "--memories", "2",
                "--n-from", "20", "--n-to", "40", "--json", "--out", dir);
            Assert.True(code == 0, err);
            using var doc = JsonDocument.Parse(stdout);
            Assert.Equal("n", doc.RootElement.GetProperty("parameter").GetString());
            var branches = doc.RootElement.GetProperty("branches").EnumerateArray().ToArray();
            Assert.NotEmpty(branches);
            var point = branches[0].GetProperty("points")[0];
            foreach (var name in new[] { "p", "n", "temperature", "alphaA", "alphaB", "ell", "ellLog10" }) Assert.Equal(JsonValueKind.Number, point.GetProperty(name).ValueKind);
            Assert.True(point.GetProperty("stable").ValueKind is JsonValueKind.True or JsonValueKind.False);
            foreach (var end in new[] { "start", "finish" }) Assert.Equal("parameter-bound", branches[0].GetProperty(end).GetProperty("reason").GetString());
            var folds = doc.RootElement.GetProperty("folds").EnumerateArray().ToArray();
            Assert.Equal(2, folds.Length);
            foreach (var name in new[] { "p", "n", "alphaA", "alphaB", "ell", "smallEigenvalue", "precision" }) Assert.Equal(JsonValueKind.Number, folds[0].GetProperty(name).ValueKind);
            Assert.Equal("located", folds[0].GetProperty("status").GetString());
            foreach (var f in new[] { "branches.csv", "folds.csv", "special-points.csv", "alpha-vs-n.png", "ell-vs-n.png" }) Assert.True(File.Exists(Path.Combine(dir, f)), f);
        }
        finally { if (Directory.Exists(dir)) Directory.Delete(dir, true); }
    }

    [Fact]
    public void ContinueInTemperatureFindsTheFoldsOfTheFoldCurves()
    {
        var dir = Path.Combine(Path.GetTempPath(), "bif-" + Guid.NewGuid().ToString("N"));
        try
        {
            var (code, stdout, err) = CliTests.Run("continue", "--param", "temperature", "--n", "30", "--json", "--out", dir);
            Assert.True(code == 0, err);
            using var doc = JsonDocument.Parse(stdout);
            Assert.Equal("temperature", doc.RootElement.GetProperty("parameter").GetString());
            var folds = doc.RootElement.GetProperty("folds").EnumerateArray().Select(f => f.GetProperty("p").GetDouble()).OrderBy(x => x).ToArray();
            // At n = 30 the window of one fixed point is bounded by folds at T ≈ 687 and 716 (T_r ≈ 0.876 and 0.913).
            Assert.Equal(2, folds.Length);
            Assert.Equal(687.0, folds[0], 0.5);
            Assert.Equal(715.8, folds[1], 0.5);
            Assert.All(doc.RootElement.GetProperty("branches").EnumerateArray().SelectMany(b => b.GetProperty("points").EnumerateArray()),
                p => Assert.Equal(30, p.GetProperty("n").GetDouble()));
            Assert.True(File.Exists(Path.Combine(dir, "alpha-vs-temperature.png")));
        }
        finally { if (Directory.Exists(dir)) Directory.Delete(dir, true); }
    }

    [Theory]
    [InlineData("2", "continue", "--n-from", "30", "--n-to", "20")]
    [InlineData("2", "continue", "--param", "beta")]
    [InlineData("2", "continue", "--param", "gab", "--from", "0", "--to", "800")]
    [InlineData("2", "continue", "--n-from", "0.5", "--n-to", "20")]
    [InlineData("2", "folds2d", "--param", "n", "--param2", "n")]
    [InlineData("2", "continue", "--n", "20")]                              // --n sets the parameter being continued
    [InlineData("2", "continue", "--param", "temp-r", "--temp", "700")]
    [InlineData("2", "folds2d", "--temp-r", "0.9")]                         // (n, T_r) by default: both are continued
    public void BadRangesAndParametersAreUsageErrors(string expected, params string[] args)
    {
        var dir = Path.Combine(Path.GetTempPath(), "bif-" + Guid.NewGuid().ToString("N"));
        var (code, _, err) = CliTests.Run([.. args, "--out", dir]);
        Assert.Equal(int.Parse(expected), code);
        Assert.Single(err.Trim().Split('\n'), l => l.StartsWith("error:"));
        Assert.DoesNotContain("   at ", err);
        Assert.False(Directory.Exists(dir));
    }
}

/// <summary>Fold curves: through the folds found in one parameter, with the folds of the other.</summary>
public class FoldCurveTests
{
    static readonly PairModel Paper = PaperValues.Model(15);

    [Fact]
    public void FoldCurvesPassThroughThePaperFoldsAndTheTemperatureFolds()
    {
        var d = FoldCurves.Trace(Paper, 0.6, 1.1);
        Assert.False(d.Stalled);
        var atPaper = FoldCurves.FoldsAt(d, 700 / 784.0).Select(f => f.P).OrderBy(x => x).ToArray();
        var inN = PairContinuation.Diagram(Paper).Folds.Select(f => f.Parameter).ToArray();
        Assert.Equal(inN.Length, atPaper.Length);
        for (int i = 0; i < inN.Length; i++) Assert.Equal(inN[i], atPaper[i], 8);
        foreach (var c in d.Curves)
            foreach (var p in c.Points)
                Assert.True(p.SmallestEigenvalue is { } l && Math.Abs(l) < 1e-6, $"fold at n = {p.P}, T_r = {p.Q}: eigenvalue {p.SmallestEigenvalue}");
        // Hotter networks fold at lower n: the curves fall as T_r grows.
        foreach (var c in d.Curves) Assert.True(c.Points.MinBy(p => p.Q)!.P > c.Points.MaxBy(p => p.Q)!.P);
    }

    [Fact]
    public void Folds2dFollowsAnyTwoParameters()
    {
        var dir = Path.Combine(Path.GetTempPath(), "bif-" + Guid.NewGuid().ToString("N"));
        try
        {
            var (code, stdout, err) = CliTests.Run("folds2d", "--param", "n", "--param2", "gab", "--from2", "470", "--to2", "520", "--json", "--out", dir);
            Assert.True(code == 0, err);
            using var doc = JsonDocument.Parse(stdout);
            Assert.Equal("gab", doc.RootElement.GetProperty("secondParameter").GetString());
            var curves = doc.RootElement.GetProperty("curves").EnumerateArray().ToArray();
            Assert.NotEmpty(curves);
            // Each curve point is a fold: the same model continued in n at that G_AB turns there.
            var point = curves[0].GetProperty("points")[curves[0].GetProperty("points").GetArrayLength() / 2];
            double gab = point.GetProperty("q").GetDouble(), n = point.GetProperty("p").GetDouble();
            var model = Paper with { Gram = new GramPair(753, gab, 719) };
            var folds = PairContinuation.Diagram(model, PairParameter.Exponent, 1.5, 72).Folds;
            Assert.Contains(folds, f => Math.Abs(f.Parameter - n) < 1e-6 * n);
        }
        finally { if (Directory.Exists(dir)) Directory.Delete(dir, true); }
    }
}

/// <summary>
/// The independent checks of a diagram, shared by the tests: no stall; at each of many parameter values the branches
/// hold exactly the direct solver's points (where its verdict is complete; where it is not, the branches' points must
/// have index sum 1); every change in the count of points lies beside a reported special point or a branch end; every
/// smooth fold has a near-zero eigenvalue and the parameter turns there; every point satisfies both equations.
/// </summary>
static class DiagramChecks
{
    public static List<string> Run(BifurcationDiagram d, int values = 50)
    {
        var failures = new List<string>();
        foreach (var b in d.Branches)
            foreach (var e in new[] { b.Start, b.Finish })
                if (e.Reason is BranchEndReason.Stalled or BranchEndReason.MaxSteps or BranchEndReason.TooManySwitches) failures.Add($"{e.Reason}: {e.What}");
        var grid = Enumerable.Range(0, values).Select(j => d.From + (d.To - d.From) * (j + 0.37) / values).ToArray();
        var counts = new int[values];
        for (int j = 0; j < values; j++)
        {
            var model = d.Parameter.At(d.Model, grid[j]);
            var set = FixedPointSolver.Find(model);
            var on = PairContinuation.PointsAt(d, grid[j]);
            // The default scan can step over a stable point and a saddle a hair apart and still call itself complete; a
            // mismatch is judged against a 20× finer scan, so the branches must agree with the sharper of the two solves.
            if (set.Completeness.IsComplete && !Agrees(set, on)) set = FixedPointSolver.Find(model, new FixedPointOptions(ScanPoints: 4001));
            counts[j] = on.Count;
            string at = FormattableString.Invariant($"{d.Parameter.Name} = {grid[j]:G8}");
            if (set.Completeness.IsComplete)
            {
                if (set.Points.Count != on.Count) failures.Add($"{at}: {set.Points.Count} direct points, {on.Count} on branches");
                foreach (var p in set.Points)
                    if (!on.Any(q => Math.Abs(q.AlphaA - p.AlphaA) < 1e-6 && q.Saturated == p.Saturated))
                        failures.Add(FormattableString.Invariant($"{at}: the direct point α_A = {p.AlphaA:G8}, ℓ = {p.Ell:G4} is on no branch"));
            }
            else if (on.Sum(q => q.Stability == Stability.Saddle ? -1 : 1) != 1)
                failures.Add($"{at}: the direct solver is unsure ({set.Completeness.Summary}) and the branches' index sum is not 1 either");
        }
        var marks = d.Branches.SelectMany(b => b.SpecialPoints.Select(s => s.Parameter)
            .Concat(new[] { b.Start, b.Finish }.Where(e => e.Reason != BranchEndReason.ParameterBound).Select(e => e.Parameter))).ToArray();
        for (int j = 0; j + 1 < values; j++)
            if (counts[j] != counts[j + 1] && !marks.Any(x => x >= grid[j] && x <= grid[j + 1]))
                failures.Add(FormattableString.Invariant($"the count changes from {counts[j]} to {counts[j + 1]} between {grid[j]:G8} and {grid[j + 1]:G8} with no fold or event reported"));
        foreach (var b in d.Branches)
        {
            foreach (var f in b.SpecialPoints.Where(s => s.Kind == SpecialPointKind.Fold && !s.Raw.NonSmooth))
            {
                var (spectrum, _) = f.Raw.Problem.Stability(f.Raw.State, f.Parameter);
                int i = b.Raw.Points.ToList().FindIndex(p => p.Parameter == f.Parameter && p.State.SequenceEqual(f.Raw.State));
                double small = spectrum.Min(e => Math.Abs(e.Real)), large = spectrum.Max(e => Math.Abs(e.Real));
                if (spectrum.Length > 1)
                {
                    if (!(small <= 1e-6 * Math.Max(1, large))) failures.Add(FormattableString.Invariant($"fold at {f.Parameter:G10}: smallest |λ| {small:G3} beside {large:G3}"));
                }
                else if (i > 0 && i + 1 < b.Raw.Points.Count)
                {
                    // One eigenvalue (the label clipped): there is no second one to measure it against, and comparing it with
                    // itself asked for |λ| ≤ 1e-6 in the field's own units. A fold of a 1-D flow is where that eigenvalue passes
                    // through zero: it changes sign between the branch points on either side and is smaller than both. Seen at
                    // G = (686.3, 595.0, 551.0), n = 63.026, T_r = 0.582, K = 9: λ = −0.49, −7.4e-6, +0.48 across 1e-11 in n,
                    // with Jacobian terms near 5e6, so −7.4e-6 is round-off of zero.
                    double before = b.Raw.Points[i - 1].Spectrum[0].Real, after = b.Raw.Points[i + 1].Spectrum[0].Real;
                    if (!(Math.Sign(before) * Math.Sign(after) < 0 && small < Math.Min(Math.Abs(before), Math.Abs(after))))
                        failures.Add(FormattableString.Invariant($"fold at {f.Parameter:G10}: its one eigenvalue {spectrum[0].Real:G3} does not pass through zero (neighbours {before:G3}, {after:G3})"));
                }
                // The parameter turns: its neighbours do not lie on both sides of it. Within 8 ulps of the fold's parameter a
                // neighbour is on neither side: corrected points there differ by round-off only. Seen at G = (578.6, 343.7,
                // 777.6), K = 6, in G_AB: a fold at 623.4563041456411 approached in steps of 1e-13, its next point 3 ulps below.
                if (i > 0 && i + 1 < b.Raw.Points.Count && Beyond(b.Raw.Points[i - 1].Parameter, f.Parameter) * Beyond(b.Raw.Points[i + 1].Parameter, f.Parameter) < 0)
                    failures.Add(FormattableString.Invariant($"fold at {f.Parameter:G10}: the parameter does not turn there"));
            }
            foreach (var p in b.Points) if (Residual(d, p) is { } r) failures.Add(r);
        }
        return failures;
    }

    /// <summary>The side of <paramref name="fold"/> that <paramref name="p"/> lies on, 0 within 8 ulps of it.</summary>
    static int Beyond(double p, double fold) =>
        Math.Abs(p - fold) <= 8 * (Math.BitIncrement(Math.Abs(fold)) - Math.Abs(fold)) ? 0 : Math.Sign(p - fold);

    static bool Agrees(FixedPointSet set, IReadOnlyList<BranchPoint> on) =>
        set.Points.Count == on.Count && set.Points.All(p => on.Any(q => Math.Abs(q.AlphaA - p.AlphaA) < 1e-6 && q.Saturated == p.Saturated));

    /// <summary>Whether the memory equation's numerator changes sign within 8 ulps of the point's smaller coefficient.</summary>
    static bool RootWithinUlps(PairModel model, BranchPoint p, EllInput ell)
    {
        bool aSmall = Math.Abs(p.AlphaA) <= Math.Abs(p.AlphaB);
        double small = aSmall ? p.AlphaA : p.AlphaB, large = aSmall ? p.AlphaB : p.AlphaA;
        int Sign(double x)
        {
            double other = Math.Sign(large) * (1 - Math.Abs(x));
            var t = aSmall ? PairTerms.At(model, x, other, ell) : PairTerms.At(model, other, x, ell);
            return Math.Sign(t.MemoryNumerator.Value);
        }
        int at = Sign(small);
        double down = small, up = small;
        for (int k = 0; k < 8; k++)
        {
            down = Math.BitDecrement(down);
            up = Math.BitIncrement(up);
            if (Sign(down) != at || Sign(up) != at) return true;
        }
        return at == 0;
    }

    /// <summary>
    /// Whether the memory equation's numerator changes sign within 8 ulps of a free label ℓ written as a double: where
    /// ∂/∂ℓ is huge (x^n ≈ 10^20), one ulp of ℓ moves the scaled residual by more than 1e-8. Seen at G = (721.0, 446.5,
    /// 652.2), n = 52, K = 9, in G_BB: ℓ = −1.03e-9 in its linear coordinate, residual 1.04e-8, eigenvalue −8.6e19.
    /// </summary>
    static bool LabelRootWithinUlps(PairModel model, BranchPoint p)
    {
        if (p.Saturated || p.Ell == 0 || !double.IsFinite(p.Ell)) return false;
        int Sign(double ell) => Math.Sign(PairTerms.At(model, p.AlphaA, p.AlphaB, ell).MemoryNumerator.Value);
        int at = Sign(p.Ell);
        double down = p.Ell, up = p.Ell;
        for (int k = 0; k < 8; k++)
        {
            down = Math.BitDecrement(down);
            up = Math.BitIncrement(up);
            if (Sign(down) != at || Sign(up) != at) return true;
        }
        return at == 0;
    }

    /// <summary>Both equations at a branch point, each against the size of its own terms; null if they hold.</summary>
    static string? Residual(BifurcationDiagram d, BranchPoint p)
    {
        if (Math.Min(Math.Abs(p.AlphaA), Math.Abs(p.AlphaB)) < 1e-300) return null; // a coefficient below the double range
        var model = d.Parameter.At(d.Model, p.Parameter);
        EllInput ell = p.Saturated ? p.Ell : double.IsFinite(p.EllLog10) ? EllInput.FromLog(double.IsNegative(p.Ell) ? -1 : 1, p.EllLog10 * Math.Log(10)) : 0.0;
        var t = PairTerms.At(model, p.AlphaA, p.AlphaB, ell);
        double memory = t.MemoryResidual, label = p.Saturated || !t.Balanced ? 0 : Math.Abs(t.Balance.Value) / t.BalanceScale;
        // A label that the memory equation leaves undetermined (ℓ reported as 0 without a size) is not judged on that row;
        // otherwise the row holds, or changes sign within a few ulps of the smaller coefficient (a root between doubles,
        // where the field moves faster than α can be written: the direct solver's "double floor").
        bool memoryJudged = double.IsFinite(p.EllLog10) || p.Saturated;
        bool memoryHolds = memory <= Math.Max(1e-8, 100 * t.PrecisionFloor) || RootWithinUlps(model, p, ell) || LabelRootWithinUlps(model, p);
        if ((memoryJudged && !memoryHolds) || !(label <= 1e-11))
            return FormattableString.Invariant($"{d.Parameter.Name} = {p.Parameter:G10}, α_A = {p.AlphaA:G8}, ℓ = {p.Ell:G4}: scaled residuals {memory:G3} (memory), {label:G3} (label)");
        return null;
    }
}

/// <summary>The independent checks across the realistic range: FsCheck, random configurations every run.</summary>
public class ContinuationPropertyTests
{
    [Property(MaxTest = 100)]
    public Property DiagramsInNAreCompleteAcrossTheRealisticRange() => Prop.ForAll(RealisticPair.Arbitrary(), c =>
    {
        var d = PairContinuation.Diagram(c.Model, PairParameter.Exponent, 1.5, 80);
        var failures = DiagramChecks.Run(d, 50);
        Assert.True(failures.Count == 0, $"{c}: {string.Join("; ", failures.Take(5))}");
    });

    [Fact]
    public void AFoldBesideTwoBranchPointsIsWhereTheParameterTurns()
    {
        // Found by the property above: between two branch points 0.014 apart in n, the fold's golden-section search along
        // the chord landed on the other branch and a fold was reported at n = 2.99562, where n still rises (to 3.00164).
        double gaa = 569.0827039999999, gab = 143.51703895534652, gbb = 568.584184;
        var c = new RealisticPair(gaa, gbb, gab / Math.Sqrt(gaa * gbb), 77, 1.17, 10, PairCase.Inter);
        var d = PairContinuation.Diagram(c.Model, PairParameter.Exponent, 1.5, 80);
        var failures = DiagramChecks.Run(d, 50);
        Assert.True(failures.Count == 0, $"{c}: {string.Join("; ", failures.Take(5))}");
    }

    [Fact]
    public void AFoldOfTheClippedLabelPassesItsOneEigenvalueThroughZero()
    {
        // The case that found the 1-D fold check comparing an eigenvalue with itself (see DiagramChecks): a fold at
        // n = 63.026 on the ℓ = −1 clip, its eigenvalue −7.4e-6 between −0.49 and +0.48.
        var c = new RealisticPair(686.306, 551.017, 594.9675344713605 / Math.Sqrt(686.306 * 551.017), 10.478799, 0.582075, 9, PairCase.Inter);
        var d = PairContinuation.Diagram(c.Model, PairParameter.Exponent, 1.5, 80);
        var folds = d.Branches.SelectMany(b => b.SpecialPoints).Where(s => s.Kind == SpecialPointKind.Fold && Math.Abs(s.Parameter - 63.026) < 1e-3).ToArray();
        Assert.Single(folds);
        Assert.Single(folds[0].Raw.Problem.Stability(folds[0].Raw.State, folds[0].Parameter).Spectrum);
        var failures = DiagramChecks.Run(d, 50);
        Assert.True(failures.Count == 0, string.Join("; ", failures.Take(5)));
    }

    [Fact]
    public void AVanishingLabelOfANearlySymmetricPairIsFollowedInItsLogChart()
    {
        // Found by the property above in a clean CI run: G_AA ≈ G_BB (2.8e-5 apart), the mixed saddle at α ≈ ½ with ℓ ≈ −1e-16
        // followed in the log chart of ℓ. The memory equation's label form sets two differences against each other, and near
        // the symmetric point each difference cancels: its residual is only as exact as that cancellation (3e-11 here), while
        // the corrector was told 16ε. Newton then never met its tolerance and the branch stalled at n = 2.947.
        var c = new RealisticPair(686.256, 686.237, 445.6374971132989 / Math.Sqrt(686.256 * 686.237), 71.095025, 1.115378, 10, PairCase.Inter);
        var d = PairContinuation.Diagram(c.Model, PairParameter.Exponent, 1.5, 80);
        Assert.DoesNotContain(d.Branches, b => b.Raw.Stalled);
        // Solved on the branches at n = 2.95 itself (where the steps fall depends on the step control).
        var mixed = PairContinuation.PointsAt(d, 2.95).Where(p => Math.Abs(p.AlphaA - 0.5) < 1e-3).ToArray();
        Assert.NotEmpty(mixed);
        Assert.All(mixed, p => Assert.InRange(p.EllLog10, -17, -15));
        var failures = DiagramChecks.Run(d, 50);
        Assert.True(failures.Count == 0, string.Join("; ", failures.Take(5)));
    }

    [Fact]
    public void ALoopThroughTheLabelsClipClosesAfterOneTurn()
    {
        // Found by the property below in a clean CI run: an isola made of two pieces, the label at its clip ℓ = +1 for
        // T_r in [0.5987, 0.6282] one way and free just below it the other way. Neither piece is the one the seed was
        // solved in, so the walk never passed its start in the same piece and went round until the switch budget ran out.
        double gaa = 321.704496, gab = 163.30814271399225, gbb = 504.13038800000004;
        var c = new RealisticPair(gaa, gbb, gab / Math.Sqrt(gaa * gbb), 6.087697, 0.61, 1, PairCase.Inter);
        var d = PairContinuation.Diagram(c.Model, PairParameter.ReducedTemperature, 0.55, 1.25);
        var loop = Assert.Single(d.Branches, b => b.Raw.Finish.Reason == BranchEndReason.ClosedLoop);
        Assert.InRange(loop.Points.Min(p => p.Parameter), 0.5986, 0.5988);
        Assert.InRange(loop.Points.Max(p => p.Parameter), 0.6281, 0.6283);
        // Once round: the first and last points coincide, and each of the two corners is recorded once.
        Assert.Equal(loop.Points[0].AlphaA, loop.Points[^1].AlphaA, 9);
        Assert.Equal(2, loop.SpecialPoints.Count(s => s.Kind == SpecialPointKind.Fold));
        AssertChecksPass(c, d, 50);
    }

    [Property(MaxTest = 40)]
    public Property DiagramsInTemperatureAreComplete() => Prop.ForAll(RealisticPair.Arbitrary(), c =>
    {
        var d = PairContinuation.Diagram(c.Model, PairParameter.ReducedTemperature, 0.55, 1.25);
        var failures = DiagramChecks.Run(d, 50);
        Assert.True(failures.Count == 0, $"{c}: {string.Join("; ", failures.Take(5))}");
    });

    /// <summary>A case's diagram in <paramref name="parameter"/> over that parameter's default range.</summary>
    static BifurcationDiagram InDefaultRange(RealisticPair c, PairParameter parameter)
    {
        var (from, to) = parameter.DefaultRange(c.Model);
        return PairContinuation.Diagram(c.Model, parameter, from, to);
    }

    /// <summary>The diagram passes every check of <see cref="DiagramChecks"/> on <paramref name="values"/> parameter values.</summary>
    static void AssertChecksPass(RealisticPair c, BifurcationDiagram d, int values)
    {
        var failures = DiagramChecks.Run(d, values);
        Assert.True(failures.Count == 0, $"{c}: {string.Join("; ", failures.Take(5))}");
    }

    static Arbitrary<(RealisticPair Pair, PairParameter Parameter)> Others() =>
        (from pair in RealisticPair.Generator
         from parameter in Gen.Elements(PairParameter.Memories, PairParameter.GramAB, PairParameter.GramAA, PairParameter.GramBB)
         select (pair, parameter)).ToArbitrary();

    [Fact]
    public void AFoldApproachedInStepsOfRoundOffIsWhereTheParameterTurns()
    {
        // Found by a longer run of the property below: in G_AB the clipped branch near a pure memory creeps up to a fold at
        // 623.4563041456411 in steps of 1e-13, and its next point lies 3 ulps below it. The fold is located to round-off;
        // the check's comparison of neighbours counts a difference of a few ulps as neither side.
        double gaa = 578.563296, gab = 343.70248937100496, gbb = 777.596196;
        var c = new RealisticPair(gaa, gbb, gab / Math.Sqrt(gaa * gbb), 65.1690735, 0.5668119, 6, PairCase.Inter);
        var d = InDefaultRange(c, PairParameter.GramAB);
        Assert.Contains(d.Folds, f => Math.Abs(f.Parameter - 623.4563041456) < 1e-7);
        AssertChecksPass(c, d, 40);
    }

    [Fact]
    public void ALinearLabelNearItsFloorIsSolvedBelowItsResidualBound()
    {
        // Found by a longer run of the property below: in G_BB, at the hand-over from ℓ itself to its log (ℓ = −1.03e-9), the
        // corrector stopped at a memory residual of 1.04e-8, under the plain form's round-off bound 6.6e-5 but while Newton was
        // still converging (∂F/∂ℓ ≈ 6e8). It now goes on while the residual falls tenfold per step.
        double gaa = 720.9899760000001, gab = 446.46731015790937, gbb = 652.234872;
        var c = new RealisticPair(gaa, gbb, gab / Math.Sqrt(gaa * gbb), 52.127633, 0.5785250000000001, 9, PairCase.Inter);
        var d = InDefaultRange(c, PairParameter.GramBB);
        AssertChecksPass(c, d, 40);
    }

    [Fact]
    public void APureMemoryBelowTheDoubleRangeSeedsItsBranchOnTheSideWhereItsRootIs()
    {
        // Found by a longer run of the property below: in G_BB the direct solver finds a memory α_A = 1 whose α_B is below
        // the double range (reported as +0) at every seed, and the corrector refused each seed: the seed was put on the
        // α_B > 0 side, whose memory equation never balances, while the root is at α_B < 0.
        double gaa = 495.30368, gab = 536.4639631558703, gbb = 742.546852;
        var c = new RealisticPair(gaa, gbb, gab / Math.Sqrt(gaa * gbb), 78.4223855, 0.6088546, 6, PairCase.Inter);
        var d = InDefaultRange(c, PairParameter.GramBB);
        Assert.Empty(d.SeedProblems);
        Assert.Contains(PairContinuation.PointsAt(d, 620.39754), p => p.AlphaA == 1 && p.Saturated);
        AssertChecksPass(c, d, 40);
    }

    [Property(MaxTest = 24)]
    public Property DiagramsInTheOtherParametersAreComplete() => Prop.ForAll(Others(), x =>
    {
        var (from, to) = x.Parameter.DefaultRange(x.Pair.Model);
        var d = PairContinuation.Diagram(x.Pair.Model, x.Parameter, from, to);
        var failures = DiagramChecks.Run(d, 40);
        Assert.True(failures.Count == 0, $"{x.Pair}, {x.Parameter.Name} in [{from}, {to}]: {string.Join("; ", failures.Take(5))}");
    });

    [Fact]
    public void ASymmetricPairContinuedInTemperatureEnds()
    {
        // G_BB = G_AA exactly (the transition command's default pair): Math.NET's SVD of a Jacobian with entries near the
        // double limit never returned here, and `continue --gram-sym 753,494 --param temp-r` hung. Rows are now scaled
        // before the factorization; the diagram ends (it stalls at a change of label coordinate near T_r = 0.70, which is
        // reported, not hidden).
        var model = new PairModel(GramPair.Symmetric(753, 494), new Model.NetworkParameters(15, 700), 2);
        var d = PairContinuation.Diagram(model, PairParameter.ReducedTemperature, 0.55, 1.25);
        Assert.NotEmpty(d.Branches);
        Assert.All(d.Branches, b => Assert.NotEmpty(b.Points));
        Assert.All(d.Branches.SelectMany(b => b.Points), p => Assert.True(double.IsFinite(p.AlphaA) && double.IsFinite(p.Ell)));
    }

    [Fact]
    public void ACurveBetweenTheSeedsThatEndsNonSmoothIsFound()
    {
        // Found by the property below: at this pair the folds in T_r at n = 44 are 0.5949 and 0.6164, and the second lies on
        // a curve of smooth folds for n in (42, 80] only (below n = 42 the fold is a corner, the label at its clip), between
        // the seeded T_r 0.55 and 0.67 and past the last inside seed of n (41.2): it was missed until p's bounds were seeded.
        var model = new PairModel(new GramPair(494.293088, 309.32946122343884, 724.225032), Model.NetworkParameters.FromReducedTemperature(44, 1.02), 1, PairCase.Inter);
        var curves = FoldCurves.Trace(model, new ParameterRange(PairParameter.Exponent, 1.5, 80), new ParameterRange(PairParameter.ReducedTemperature, 0.55, 1.25));
        var inT = PairContinuation.Diagram(model, PairParameter.ReducedTemperature, 0.55, 1.25);
        var smooth = inT.Folds.Where(f => !f.Raw.NonSmooth && f.Status == SpecialPointStatus.Located).ToArray();
        Assert.Equal(2, smooth.Length);
        Assert.Equal(0.6164, smooth.Max(f => f.Parameter), 3);
        Assert.All(smooth, f => Assert.Contains(FoldCurves.FoldsAt(curves, f.Parameter), x => Math.Abs(x.P - 44) <= 44e-6));
    }

    [Fact]
    public void TheFoldCurvesOfThisPairDoNotStall()
    {
        // Found by the property below: the fold curves seeded at T_r = 0.655 and 0.632 stalled at their seeds. The label
        // there is linear, ℓ ≈ −10^−4, inside tanh(ℓ·x^n) with n = 62, so g bends on a scale of 10^−6 in ℓ and the central
        // difference of ∂g/∂ℓ at a fixed step of 10^−6 was five times too large (FoldProblem.Central now refines the step).
        var c = new RealisticPair(464.39592400000004, 780, 481.48358773773384 / Math.Sqrt(464.39592400000004 * 780), 62, 0.87, 1, PairCase.Inter);
        var curves = FoldCurves.Trace(c.Model, new ParameterRange(PairParameter.Exponent, 1.5, 80), new ParameterRange(PairParameter.ReducedTemperature, 0.55, 1.25));
        Assert.False(curves.Stalled, $"{c}: a fold curve stalled");
    }

    [Property(MaxTest = 6)]
    public Property FoldsInTemperatureLieOnTheFoldCurvesOfFolds2d() => Prop.ForAll(RealisticPair.Arbitrary(), c =>
    {
        var inT = PairContinuation.Diagram(c.Model, PairParameter.ReducedTemperature, 0.55, 1.25);
        var curves = FoldCurves.Trace(c.Model, new ParameterRange(PairParameter.Exponent, 1.5, 80), new ParameterRange(PairParameter.ReducedTemperature, 0.55, 1.25));
        Assert.False(curves.Stalled, $"{c}: a fold curve stalled");
        foreach (var f in inT.Folds.Where(f => !f.Raw.NonSmooth && f.Status == SpecialPointStatus.Located))
        {
            var onCurves = FoldCurves.FoldsAt(curves, f.Parameter);
            Assert.True(onCurves.Any(x => Math.Abs(x.P - c.N) <= 1e-6 * c.N),
                $"{c}: the fold at T_r = {f.Parameter:G10} is not on a fold curve (curves give n = {string.Join(", ", onCurves.Select(x => x.P.ToString("G8")))})");
        }
    });
}
public class TransitionLineTests
{
    public static TheoryData<double, double> Known()
    {
        var data = new TheoryData<double, double>();
        foreach (var (n, t) in PaperValues.TransitionTemperatures) data.Add(n, t);
        return data;
    }

    [Theory]
    [MemberData(nameof(Known))]
    public void ClosedFormMatchesTheKnownValues(double n, double expected) =>
        Assert.Equal(expected, TransitionLine.Temperature(PaperValues.Gram.AA, PaperValues.Gram.AB, n), 0.01);
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
        var (code, stdout, err) = CliTests.Run("transition", "--gram-sym", "753,494", "--n-from", "2", "--n-to", "30", "--json");
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
