using Bifurcations.Data;
using Bifurcations.Experiments.IO;
using Bifurcations.Experiments.Plotting;
using Bifurcations.Experiments.Sweeps;
using Bifurcations.Reduced;

namespace Bifurcations.Experiments.Artifacts;

/// <summary>A finished phase-diagram sweep (paper Fig. 6) measured against the transition line T_c(n).</summary>
public sealed class PhaseDiagram : IWritable
{
    PhaseDiagram(PhaseSettings settings, IReadOnlyList<PhaseRun> runs, TrainingSet digits, double threshold)
    {
        (Settings, Runs, Digits, Threshold) = (settings, runs, digits, threshold);
        var g = digits.Gram();
        Gram = new GramPair(g[0], g[1], g[3]);
        Lines = TransitionLine.Compare(Gram, settings.Ns, settings.Case == PhaseCase.Intra ? PairCase.Intra : PairCase.Inter).ToArray();
        Agreement = PhaseAnalysis.Measure(settings, runs, Gram, threshold);
    }

    /// <summary>The sweep's grid and training settings.</summary>
    public PhaseSettings Settings { get; }

    /// <summary>Every run of the grid.</summary>
    public IReadOnlyList<PhaseRun> Runs { get; }

    /// <summary>The two digits trained on.</summary>
    public TrainingSet Digits { get; }

    /// <summary>Their Gram entries.</summary>
    public GramPair Gram { get; }

    /// <summary>The dominant α marking the jump to a prototype (intra case).</summary>
    public double Threshold { get; }

    /// <summary>T_c(n) in closed form, from its criterion and (intra) the exact equal-cost line.</summary>
    public TransitionRow[] Lines { get; }

    /// <summary>How well the simulated transition follows the line.</summary>
    public Agreement Agreement { get; }

    /// <summary>Measures a finished sweep; <paramref name="set"/> is the MNIST set its digits were picked from.</summary>
    public static PhaseDiagram Of(PhaseSettings settings, IReadOnlyList<PhaseRun> runs, MnistSet set, double threshold = PhaseAnalysis.JumpThreshold) =>
        new(settings, runs, settings.Digits(set), threshold);

    /// <inheritdoc/>
    public IReadOnlyList<string> Summary => [];

    /// <inheritdoc/>
    public IReadOnlyList<string> Warnings => [];

    /// <summary>transition.csv, the maps, the cuts against n, the thumbnails and agreement.json.</summary>
    /// <summary>Figures, the transition lines and the measured agreement of a finished sweep.</summary>
    public IReadOnlyList<string> Write(string folder)
    {
        var (s, runs, digits, gram, lines, threshold) = (Settings, Runs, Digits, Gram, Lines, Threshold);
        var files = new List<string>();
        var csv = Path.Combine(folder, "transition.csv");
        // The exact equal-cost line exists for the intra case only: the inter table has no such columns, not empty ones.
        if (lines.Any(x => x.EqualCost is not null))
            CsvOutput.Write(csv, ["n", "closed_form", "criterion", "equal_cost", "relative_gap"], lines.Select(x => new object?[] { x.N, x.ClosedForm, x.Criterion, x.EqualCost, x.RelativeGap }));
        else CsvOutput.Write(csv, ["n", "closed_form", "criterion"], lines.Select(x => new object?[] { x.N, x.ClosedForm, x.Criterion }));
        files.Add(csv);
        string name = s.Case == PhaseCase.Intra ? $"intra {s.ClassA}/{s.ClassA}" : $"inter {s.ClassA}/{s.ClassB}";
        if (s.Case == PhaseCase.Intra)
        {
            files.AddRange(FigureExport.Save(PhaseFigure.Map(s, runs, x => x.Dominant, $"{name}: dominant α after {s.Epochs} epochs", gram, lines), Path.Combine(folder, "map-dominant-alpha.png"), 900, 600, svg: true));
            files.AddRange(FigureExport.Save(PhaseFigure.Cuts(s, runs, x => x.Dominant, "dominant α"), Path.Combine(folder, "alpha-vs-n.png"), 900, 500, svg: true));
        }
        else
        {
            files.AddRange(FigureExport.Save(PhaseFigure.Map(s, runs, x => PhaseAnalysis.Minor(x, 0), $"{name}: memory 1's minor α (on B)", gram, lines), Path.Combine(folder, "map-minor-alpha-1.png"), 900, 600, svg: true));
            files.AddRange(FigureExport.Save(PhaseFigure.Map(s, runs, x => PhaseAnalysis.Minor(x, 1), $"{name}: memory 2's minor α (on A)", gram, lines), Path.Combine(folder, "map-minor-alpha-2.png"), 900, 600, svg: true));
            files.AddRange(FigureExport.Save(PhaseFigure.Cuts(s, runs, x => PhaseAnalysis.Minor(x, 0), "memory 1's minor α"), Path.Combine(folder, "alpha-vs-n.png"), 900, 500, svg: true));
        }
        var thumbs = PhaseFigure.Thumbnails(s, runs, digits, $"{name}: memory 1 at every (n, T), hottest row on top");
        files.AddRange(FigureExport.Save(thumbs.Model, Path.Combine(folder, "thumbnails.png"), thumbs.Width, thumbs.Height));
        var agreement = Agreement;
        var json = Path.Combine(folder, "agreement.json");
        AtomicFile.WriteAllText(json, JsonOutput.Serialize(new { gram = gram.ToArray(), agreement }) + "\n");
        files.Add(json);
        return files;
    }
}
