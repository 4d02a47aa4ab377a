using Bifurcations.Continuation;
using Bifurcations.Experiments.IO;
using Bifurcations.Experiments.Plotting;
using Bifurcations.Experiments.Reports;
using Bifurcations.Reduced;

namespace Bifurcations.Experiments.Artifacts;

/// <summary>The files of a bifurcation diagram of the pair system (paper Fig. 5A in n): tables, JSON and figures.</summary>
public static class DiagramFiles
{
    /// <summary>branches.csv, folds.csv, special-points.csv, diagram.json and the α and ℓ figures against the parameter.</summary>
    public static IReadOnlyList<string> Write(BifurcationDiagram diagram, string dir)
    {
        Directory.CreateDirectory(dir);
        var files = new List<string>();
        string name = diagram.Parameter.Name;
        var csv = Path.Combine(dir, "branches.csv");
        CsvOutput.Write(csv, ["branch", name == "n" ? "p" : CsvOutput.Column(name), "n", "temperature", "alpha_a", "alpha_b", "ell", "ell_log10", "stability", "stable", "saturated"],
            diagram.Branches.SelectMany((b, i) => b.Points.Select(p => new object[] { i, p.Parameter, p.N, p.Temperature, p.AlphaA, p.AlphaB, p.Ell, p.EllLog10, p.Stability.ToString().ToLowerInvariant(), p.Stable, p.Saturated })));
        files.Add(csv);
        var folds = Path.Combine(dir, "folds.csv");
        CsvOutput.Write(folds, [name == "n" ? "p" : CsvOutput.Column(name), "alpha_a", "alpha_b", "ell", "smallest_eigenvalue", "status", "precision", "non_smooth"],
            diagram.Folds.Select(f => new object[] { f.Parameter, f.AlphaA, f.AlphaB, f.Ell, f.SmallestEigenvalue ?? double.NaN, f.Status.ToString().ToLowerInvariant(), f.Precision, f.Raw.NonSmooth }));
        files.Add(folds);
        var special = Path.Combine(dir, "special-points.csv");
        CsvOutput.Write(special, ["branch", "kind", "what", name == "n" ? "p" : CsvOutput.Column(name), "from", "to", "alpha_a", "alpha_b", "ell", "status", "precision"],
            diagram.Branches.SelectMany((b, i) => b.SpecialPoints.Select(x => new object[] { i, x.Kind.ToString().ToLowerInvariant(), x.What, x.Parameter, x.ParameterFrom, x.ParameterTo, x.AlphaA, x.AlphaB, x.Ell, x.Status.ToString().ToLowerInvariant(), x.Precision })));
        files.Add(special);
        var json = Path.Combine(dir, "diagram.json");
        AtomicFile.WriteAllText(json, DiagramReport.From(diagram).ToJson(indented: false) + "\n");
        files.Add(json);
        files.AddRange(FigureExport.Save(BifurcationFigure.Build(diagram, ell: false), Path.Combine(dir, $"alpha-vs-{name}.png"), 1000, 600, svg: true));
        files.AddRange(FigureExport.Save(BifurcationFigure.Build(diagram, ell: true), Path.Combine(dir, $"ell-vs-{name}.png"), 1000, 600, svg: true));
        return files;
    }
    /// <summary>
    /// The diagram in a few lines: its size, then every fold, branch point, Hopf point, label clip and overlap kink in the
    /// order of the parameter, with the smallest eigenvalue at each bifurcation and the bracket of any point not located.
    /// </summary>
    public static IReadOnlyList<string> Summary(BifurcationDiagram diagram)
    {
        var lines = new List<string>
        {
            $"{diagram.Branches.Count} branches ({diagram.BranchesFromSeeds} found by reseeding, {diagram.BranchesFromSwitching} by branch switching), {diagram.Branches.Sum(x => x.Points.Count)} points, {diagram.Folds.Count} folds",
        };
        string name = diagram.Parameter.Name;
        foreach (var sp in diagram.SpecialPoints.Where(x => x.Kind != SpecialPointKind.Event || x.Event is PairEvent.LabelClip or PairEvent.OverlapKink).OrderBy(x => x.Parameter))
            lines.Add(FormattableString.Invariant(
                $"{Kind(sp)} at {name} = {sp.Parameter:G10}: α = {sp.AlphaA:F6}, ℓ = {sp.Ell:G6}{(sp.SmallestEigenvalue is { } l && sp.Kind != SpecialPointKind.Event ? $", eigenvalue {l:G3}" : "")}{(sp.Status == SpecialPointStatus.Bracketed ? $" (bracketed in [{sp.ParameterFrom:G10}, {sp.ParameterTo:G10}] only)" : "")}"));
        return lines;
    }

    static string Kind(PairSpecialPoint sp) => sp.Kind switch
    {
        SpecialPointKind.Fold => sp.Raw.NonSmooth ? "fold (non-smooth)" : "fold",
        SpecialPointKind.BranchPoint => "branch point",
        SpecialPointKind.Hopf => "Hopf point",
        _ => sp.What,
    };
}
