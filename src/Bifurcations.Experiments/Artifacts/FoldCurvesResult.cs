using Bifurcations.Continuation;
using Bifurcations.Experiments.IO;
using Bifurcations.Experiments.Plotting;
using Bifurcations.Model;
using Bifurcations.Reduced;

namespace Bifurcations.Experiments.Artifacts;

/// <summary>The saddle-node curves of the pair system in two parameters (<c>folds2d</c>), with their files.</summary>
/// <param name="Diagram">The curves and cusps, with the model, the two parameters and their ranges they were traced over.</param>
public sealed record FoldCurvesResult(FoldDiagram Diagram)
{
    /// <summary>One point of a fold curve in folds2d.json (the eigenvalue is null where the point has no spectrum).</summary>
    public sealed record PointJson(double P, double Q, double N, double TemperatureR, double AlphaA, double Ell, double? SmallestEigenvalue);
    /// <summary>How a fold curve ends.</summary>
    public sealed record EndJson(string Reason, double Q, string What);
    /// <summary>A fold curve.</summary>
    public sealed record CurveJson(PointJson[] Points, EndJson Start, EndJson Finish);
    /// <summary>A cusp where two fold curves meet.</summary>
    public sealed record CuspJson(double P, double Q, double AlphaA, double Ell, string Status);
    /// <summary>The whole of folds2d.json.</summary>
    public sealed record Report(string Parameter, string SecondParameter, double[] Gram, int Memories, CurveJson[] Curves, CuspJson[] Cusps, bool Stalled, string[] SeedProblems);

    /// <summary>The JSON report (the documented shape).</summary>
    public string ToJson()
    {
        var d = Diagram;
        var (model, p, q) = (d.Model, d.P, d.Q);
        var report = new Report(p.Name, q.Name, model.Gram.ToArray(), model.Memories,
            d.Curves.Select(c => new CurveJson(c.Points.Select(x => Point(model, p, q, x)).ToArray(), End(c.Start), End(c.Finish))).ToArray(),
            d.Cusps.Select(c => new CuspJson(c.P, c.Q, c.AlphaA, c.Ell, c.Status.ToString().ToLowerInvariant())).ToArray(), d.Stalled, [.. d.SeedProblems]);
        return JsonOutput.Serialize(report);
    }

    /// <summary>folds2d.json, fold-curves.csv and fold-curves.png/svg (with the transition line when the plane is (n, T_r)).</summary>
    public IReadOnlyList<string> Write(string dir)
    {
        var d = Diagram;
        var (model, p, q) = (d.Model, d.P, d.Q);
        var (a, b, a2, b2) = (d.Turning.From, d.Turning.To, d.Followed.From, d.Followed.To);
        Directory.CreateDirectory(dir);
        var jsonPath = Path.Combine(dir, "folds2d.json");
        AtomicFile.WriteAllText(jsonPath, ToJson() + "\n");
        var csv = Path.Combine(dir, "fold-curves.csv");
        CsvOutput.Write(csv, ["curve", CsvOutput.Column(q.Name), CsvOutput.Column(p.Name), "alpha_a", "ell", "smallest_eigenvalue"],
            d.Curves.SelectMany((c, i) => c.Points.Select(x => new object?[] { i, x.Q, x.P, x.AlphaA, x.Ell, x.SmallestEigenvalue })));
        var line = p.Kind == PairParameterKind.Exponent && q.Kind == PairParameterKind.ReducedTemperature
            ? TransitionLine.Reduced(model.Gram, Math.Max(1.5, a), b).Where(x => x.ReducedTemperature >= a2 && x.ReducedTemperature <= b2).ToArray()
            : null;
        return [jsonPath, csv, .. FigureExport.Save(FoldPlaneFigure.Build(d, line), Path.Combine(dir, "fold-curves.png"), 900, 600, svg: true)];
    }

    static EndJson End(BranchEnd e) => new(e.Reason.ToString().ToLowerInvariant(), e.Parameter, e.What);

    static PointJson Point(PairModel model, PairParameter p, PairParameter q, FoldCurvePoint x)
    {
        var m = p.At(q.At(model, x.Q), x.P);
        return new PointJson(x.P, x.Q, m.Exponent, m.Temperature / NetworkParameters.PixelCount, x.AlphaA, x.Ell,
            x.SmallestEigenvalue is { } l && double.IsFinite(l) ? l : null);
    }
}
