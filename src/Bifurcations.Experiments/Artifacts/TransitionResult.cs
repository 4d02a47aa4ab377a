using Bifurcations.Experiments.IO;
using Bifurcations.Experiments.Plotting;
using Bifurcations.Reduced;

namespace Bifurcations.Experiments.Artifacts;

/// <summary>The feature-to-prototype line T_c(n) three ways (closed form, its criterion solved numerically, the exact equal-cost line), with its files.</summary>
/// <param name="Gram">The pair's Gram entries.</param>
/// <param name="Case">Which pair (the equal-cost line exists for the intra case).</param>
/// <param name="Rows">One row per n.</param>
public sealed record TransitionResult(GramPair Gram, PairCase Case, TransitionRow[] Rows)
{
    /// <summary>The shape of transition.json.</summary>
    public sealed record Report(double[] Gram, string Case, TransitionRow[] Rows);

    /// <summary>The line at each n of <paramref name="ns"/>.</summary>
    public static TransitionResult Compute(GramPair gram, IReadOnlyList<double> ns, PairCase pairCase) =>
        new(gram, pairCase, [.. TransitionLine.Compare(gram, ns, pairCase)]);

    /// <summary>The JSON report.</summary>
    public string ToJson() => JsonOutput.Serialize(new Report(Gram.ToArray(), Case.ToString().ToLowerInvariant(), Rows));

    /// <summary>transition.json, transition.csv and transition.png/svg.</summary>
    public IReadOnlyList<string> Write(string dir)
    {
        Directory.CreateDirectory(dir);
        var json = Path.Combine(dir, "transition.json");
        AtomicFile.WriteAllText(json, ToJson() + "\n");
        var csv = Path.Combine(dir, "transition.csv");
        CsvOutput.Write(csv, ["n", "closed_form", "criterion", "equal_cost", "relative_gap"],
            Rows.Select(x => new object?[] { x.N, x.ClosedForm, x.Criterion, x.EqualCost, x.RelativeGap }));
        return [json, csv, .. FigureExport.Save(TransitionFigure.Build(Rows, Gram), Path.Combine(dir, "transition.png"), 900, 550, svg: true)];
    }
}
