using System.Globalization;
using Bifurcations.Data;
using Bifurcations.Experiments.IO;
using Bifurcations.Experiments.Plotting;
using Bifurcations.Model;
using Bifurcations.Reduced;

namespace Bifurcations.Experiments.Artifacts;

/// <summary>What the three-category continuation computes: K identical memories on three classes, followed in a parameter.</summary>
/// <param name="Digits">The digits whose class means represent the classes.</param>
/// <param name="Classes">The three classes.</param>
/// <param name="Network">n and T (the continued parameter's own value is taken from the grid).</param>
/// <param name="Parameter">The parameter swept up and down.</param>
/// <param name="Memories">K.</param>
/// <param name="Grid">The parameter values both sweeps visit.</param>
public sealed record ThreeCategoryOptions(TrainingSet Digits, int[] Classes, NetworkParameters Network, PairParameter Parameter, int Memories, double[] Grid);

/// <summary>Where K identical memories on three classes gather, swept up and down in a parameter, with jumps, folds and hysteresis.</summary>
public sealed class ThreeCategoryBranches : IWritable
{
    ThreeCategoryBranches(ThreeCategoryOptions options, ThreeCategoryDiagram diagram)
    {
        (Options, Diagram) = (options, diagram);
        // Hysteresis: the grid values where the two sweeps rest at different points (between folds).
        var d = diagram;
        Hysteresis = d.Up.Points.Where(p => SpanContinuation.Distance(p.Alpha, p.Ell, d.Down.Points.First(q => q.Parameter == p.Parameter).Alpha, d.Down.Points.First(q => q.Parameter == p.Parameter).Ell) > ThreeCategoryContinuation.SameRestPoint)
            .Select(p => p.Parameter).ToArray();
    }

    /// <summary>The settings.</summary>
    public ThreeCategoryOptions Options { get; }

    /// <summary>Both sweeps and the continued branches.</summary>
    public ThreeCategoryDiagram Diagram { get; }

    /// <summary>The grid values where the up and down sweeps rest at different points.</summary>
    public double[] Hysteresis { get; }

    /// <summary>Runs both sweeps and the continuation, starting near the first class.</summary>
    public static ThreeCategoryBranches Compute(ThreeCategoryOptions options, IProgress<int>? progress = null, CancellationToken cancel = default)
    {
        var model = ThreeCategoryModel.FromClassMeans(options.Digits, options.Classes, options.Network, options.Memories);
        return new(options, ThreeCategoryContinuation.Run(model, options.Parameter, options.Grid, [0.8, 0.1, 0.1], [0, 0, 0], progress: progress, cancel: cancel));
    }

    /// <inheritdoc/>
    public IReadOnlyList<string> Summary
    {
        get
        {
            var (d, parameter, hysteresis) = (Diagram, Options.Parameter, Hysteresis);
            var folds = d.Folds.Select(f => (p: f.Parameter, f.Alpha)).ToArray();
            var lines = new List<string>();
            foreach (var br in new[] { d.Up, d.Down })
                lines.Add(FormattableString.Invariant($"{parameter.Name} {(br.Upwards ? "up" : "down")}: jumps at {(br.Jumps.Count == 0 ? "none" : string.Join(", ", br.Jumps.Select(j => j.Parameter.ToString("G8", CultureInfo.InvariantCulture) + (j.Located ? "" : " (not located)"))))}; {SplitsAt(br, parameter.Name)}"));
            lines.Add(FormattableString.Invariant($"{d.Branches.Count} branch(es) continued; folds at {parameter.Name} = {(folds.Length == 0 ? "none" : string.Join(", ", folds.Select(f => f.p.ToString("G10", CultureInfo.InvariantCulture))))}"));
            lines.Add(d.SymmetryBreaking.Count == 0 ? "no symmetry breaking on the continued branches: no mode of difference changes stability there"
                : FormattableString.Invariant($"symmetry breaking at {parameter.Name} = {string.Join("; ", d.SymmetryBreaking.Select(b => $"{b.Parameter:G8} ({(b.Mode is { } m ? $"mode δα = ({string.Join(", ", m.DeltaAlpha.Select(x => x.ToString("F2", CultureInfo.InvariantCulture)))})" : "complex pair")}, unstable {(b.UnstableAbove ? "above" : "below")})"))}"));
            lines.Add(hysteresis.Length == 0 ? "no hysteresis: both sweeps rest at the same points (no fold pair on this grid)"
                : FormattableString.Invariant($"hysteresis (the sweeps disagree) at {parameter.Name} = {string.Join(", ", hysteresis)}: folds bound this window"));
            return lines;
        }
    }

    static string SplitsAt(ThreeCategorySweep sweep, string parameter)
    {
        var at = sweep.Points.Where(p => p.SplitRate > 0).Select(p => p.Parameter.ToString("G4", CultureInfo.InvariantCulture)).ToArray();
        return at.Length == 0 ? "the memories split nowhere on the grid" : $"memories split at {parameter} = {string.Join(", ", at)}";
    }

    /// <inheritdoc/>
    public IReadOnlyList<string> Warnings
    {
        get
        {
            var (d, parameter) = (Diagram, Options.Parameter);
            var unresolved = d.Up.Points.Concat(d.Down.Points).Where(p => !p.Resolved).DistinctBy(p => p.Parameter).ToArray();
            return unresolved.Length == 0 ? [] :
                [FormattableString.Invariant($"the memories reach no attracting rest point at {parameter.Name} = {string.Join(", ", unresolved.Select(p => $"{p.Parameter:G6} (Σ|α| = {p.Alpha.Sum(Math.Abs):G4})"))}: where Σ|α| < 1 they have left the manifold inward (the renormalization stopped acting), elsewhere they circle an unstable focus (a Hopf point) or Newton cannot resolve them; the flow's point is given, marked resolved = false")];
        }
    }

    /// <summary>branches.csv (both sweeps), continued.csv (the continued branches), branches.json and branches.png/svg.</summary>
    public IReadOnlyList<string> Write(string folder)
    {
        var (d, classes, network, parameter, memories) = (Diagram, Options.Classes, Options.Network, Options.Parameter, Options.Memories);
        var hysteresis = Hysteresis;
        Directory.CreateDirectory(folder);
        // Columns named by class (alpha_4 is ᾱ of the 4s), as group-branch names them.
        string[] alphas = [.. classes.Select(c => $"alpha_{c}")], ells = [.. classes.Select(c => $"ell_{c}")];
        var csv = Path.Combine(folder, "branches.csv");
        CsvOutput.Write(csv, ["direction", CsvOutput.Column(parameter.Name), .. alphas, .. ells, "stability", "symmetric_eigenvalue", "unstable_modes", "split_rate", "splits_off", "resolved"],
            new[] { d.Up, d.Down }.SelectMany(br => br.Points.Select(p => new object?[] { br.Upwards ? "up" : "down", p.Parameter, p.Alpha[0], p.Alpha[1], p.Alpha[2], p.Ell[0], p.Ell[1], p.Ell[2],
                p.Stability.ToString().ToLowerInvariant(), p.SymmetricEigenvalue, p.UnstableModes, p.SplitRate, p.SplitsOff, p.Resolved })));
        var curves = Path.Combine(folder, "continued.csv");
        CsvOutput.Write(curves, ["branch", CsvOutput.Column(parameter.Name), .. alphas, .. ells, "stability"],
            d.Branches.SelectMany((b, i) => b.Points.Select(p => new object?[] { i, p.Parameter, p.Alpha[0], p.Alpha[1], p.Alpha[2], p.Ell[0], p.Ell[1], p.Ell[2], p.Stability.ToString().ToLowerInvariant() })));
        var json = Path.Combine(folder, "branches.json");
        object Jumps(ThreeCategorySweep s) => s.Jumps.Select(j => new { p = j.Parameter, what = j.What, located = j.Located }).ToArray();
        var folds = d.Folds.Select(f => new { p = f.Parameter, alpha = f.Alpha, ell = f.Ell, status = f.Status.ToString().ToLowerInvariant(), precision = f.Precision, smallEigenvalue = f.SmallestEigenvalue }).ToArray();
        var ends = d.Branches.SelectMany(b => new[] { b.Start, b.Finish }).Where(e => e.Reason != Continuation.BranchEndReason.ParameterBound)
            .Select(e => new { p = e.Parameter, reason = e.Reason.ToString(), what = e.What }).ToArray();
        AtomicFile.WriteAllText(json, JsonOutput.Serialize(new
        {
            classes,
            parameter = parameter.Name,
            // The swept parameter has no single value: null, its range is in the CSV.
            temperatureR = parameter.Kind is PairParameterKind.Exponent ? network.ReducedTemperature : (double?)null,
            n = parameter.Kind is PairParameterKind.Exponent ? (double?)null : network.Exponent,
            memories,
            jumpsUp = Jumps(d.Up),
            jumpsDown = Jumps(d.Down),
            folds,
            branchEnds = ends,
            symmetryBreaking = d.SymmetryBreaking.Select(b => new { p = b.Parameter, alpha = b.Alpha, ell = b.Ell, rate = b.Rate, unstableAbove = b.UnstableAbove, deltaAlpha = b.Mode?.DeltaAlpha, deltaEll = b.Mode?.DeltaEll }).ToArray(),
            hysteresisAt = hysteresis
        }) + "\n");
        return FigureExport.Save(ThreeCategoryFigure.Build(d, classes, network), Path.Combine(folder, "branches.png"), 1000, 600, svg: true).Prepend(json).Prepend(curves).Prepend(csv).ToArray();
    }
}
