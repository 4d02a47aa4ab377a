using Bifurcations.Experiments.IO;
using Bifurcations.Experiments.Plotting;
using Bifurcations.Experiments.Reports;
using Bifurcations.Reduced;

namespace Bifurcations.Experiments.Artifacts;

/// <summary>What a phase plane of the reduced (α, ℓ) system shows (paper Fig. 5B).</summary>
/// <param name="Model">The pair model.</param>
/// <param name="Branches">The manifold branches drawn.</param>
/// <param name="Svg">Whether the figures are also written as SVG.</param>
public sealed record PhasePlaneOptions(PairModel Model, IReadOnlyList<ManifoldBranch> Branches, bool Svg = false);

/// <summary>The phase plane: both nullclines on each branch and every fixed point with its completeness verdict.</summary>
public sealed class PhasePlane : IWritable
{
    PhasePlane(PhasePlaneOptions options, Nullcline[] nullclines, FixedPointSet fixedPoints) => (Options, Nullclines, FixedPoints) = (options, nullclines, fixedPoints);

    /// <summary>The settings it was computed for.</summary>
    public PhasePlaneOptions Options { get; }

    /// <summary>The memory and label nullclines of each branch, over the whole square.</summary>
    public Nullcline[] Nullclines { get; }

    /// <summary>All fixed points on both branches and the verdict on whether the set is complete.</summary>
    public FixedPointSet FixedPoints { get; }

    /// <summary>Computes the nullclines and fixed points.</summary>
    public static PhasePlane Compute(PhasePlaneOptions options) =>
        new(options, [.. options.Branches.SelectMany(b => new[] { Reduced.Nullclines.Memory(options.Model, b), Reduced.Nullclines.Label(options.Model, b) })],
            FixedPointSolver.Find(options.Model));

    /// <inheritdoc/>
    public IReadOnlyList<string> Summary => [$"fixed points: {FixedPoints.Completeness.Summary}"];

    /// <inheritdoc/>
    public IReadOnlyList<string> Warnings => FixedPoints.Completeness.IsComplete ? [] : [$"fixed points {FixedPoints.Completeness.Summary}"];

    /// <summary>nullclines.csv, fixed-points.json, and the full and zoomed phase-plane figures (SVG beside them if <see cref="PhasePlaneOptions.Svg"/>).</summary>
    public IReadOnlyList<string> Write(string folder)
    {
        var (model, branches, svg) = (Options.Model, Options.Branches, Options.Svg);
        Directory.CreateDirectory(folder);
        var nullclines = Nullclines;
        var set = FixedPoints;
        var points = set.Points;
        var shown = points.Where(p => branches.Contains(p.Branch)).ToArray();
        var written = new List<string>();
        var csv = Path.Combine(folder, "nullclines.csv");
        CsvOutput.Write(csv, ["nullcline", "branch", "line", "repelling", "alpha", "ell"],
            nullclines.SelectMany(nc => nc.Polylines.SelectMany((line, i) => line.Select(v =>
                new object[] { nc.Name, nc.Branch.ToString().ToLowerInvariant(), i, nc.IsRepelling(i), v.Alpha, v.Ell }))));
        written.Add(csv);
        var json = Path.Combine(folder, "fixed-points.json");
        AtomicFile.WriteAllText(json, FixedPointReport.From(set).ToJson() + "\n");
        written.Add(json);

        string title = FormattableString.Invariant($"n = {model.Exponent:G4}, T = {model.Temperature:G5}, K = {model.Memories}, G = ({model.Gram.AA:G4}, {model.Gram.AB:G4}, {model.Gram.BB:G4})");
        var full = ((-1.0, 1.0), (-1.0, 1.0));
        var zoom = ZoomBox(shown);
        foreach (var (name, (alpha, ell)) in new[] { ("nullclines.png", full), ("nullclines-zoom.png", zoom) })
        {
            // The zoom traces its own nullclines in its box; where its ℓ range is narrow the label relaxes across it within a
            // step, so the flow is drawn as slow-flow paths along the label states rather than as stream lines.
            bool narrow = ell.Item2 - ell.Item1 < 0.2;
            var box = new NullclineOptions(AlphaFrom: alpha.Item1, AlphaTo: alpha.Item2, EllFrom: ell.Item1, EllTo: ell.Item2);
            var curves = name == "nullclines.png" ? nullclines
                : branches.SelectMany(b => new[] { Reduced.Nullclines.Memory(model, b, box), Reduced.Nullclines.Label(model, b, box) }).ToArray();
            var flow = branches.SelectMany(b => narrow ? Flow.SlowPaths(model, b, alpha, ell)
                : Flow.StreamField(model, b, alpha, ell, duration: 0.12 * (alpha.Item2 - alpha.Item1))).ToArray();
            var plot = NullclineFigure.Build(title + (narrow ? " (flow: slow-flow paths)" : ""), curves, shown, flow, alpha, ell);
            written.AddRange(FigureExport.Save(plot, Path.Combine(folder, name), 900, 650, svg));
        }
        return written;
    }

    static ((double, double), (double, double)) ZoomBox(FixedPoint[] points)
    {
        if (points.Length == 0) return ((-1, 1), (-1, 1));
        double a0 = points.Min(p => p.AlphaA), a1 = points.Max(p => p.AlphaA);
        double l0 = points.Min(p => p.Ell), l1 = points.Max(p => p.Ell);
        // ℓ padding from the points' own scale: at low T the fixed points sit at |ℓ| ~ 1e-3, which a fixed 0.1 would hide.
        double pa = Math.Max(0.1, 0.3 * (a1 - a0)), pl = Math.Max(Math.Max(0.3 * (l1 - l0), 0.3 * Math.Max(Math.Abs(l0), Math.Abs(l1))), 1e-3);
        return ((Math.Max(-1, a0 - pa), Math.Min(1, a1 + pa)), (Math.Max(-1, l0 - pl), Math.Min(1, l1 + pl)));
    }
}
