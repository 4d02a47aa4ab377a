using Bifurcations.Experiments.IO;
using Bifurcations.Experiments.Plotting;
using Bifurcations.Experiments.Sweeps;

namespace Bifurcations.Experiments.Artifacts;

/// <summary>The files of paper Fig. 2A: mean largest α and samples needed to rebuild a memory against n.</summary>
public static class PrototypeFiles
{
    /// <summary>prototypes.csv and the two figures.</summary>
    public static IReadOnlyList<string> Write(IReadOnlyList<PrototypeRun> runs, string dir)
    {
        var files = new List<string>();
        var csv = Path.Combine(dir, "prototypes.csv");
        CsvOutput.Write(csv, ["temperature_r", "n", "mean_max_alpha", "mean_samples_needed"], runs.Select(x => new object?[] { x.ReducedTemperature, x.N, x.MeanMaxAlpha, x.MeanSamplesNeeded }));
        files.Add(csv);
        files.AddRange(FigureExport.Save(PrototypeFigure.Build(runs, samples: false), Path.Combine(dir, "max-alpha.png"), 800, 550, svg: true));
        files.AddRange(FigureExport.Save(PrototypeFigure.Build(runs, samples: true), Path.Combine(dir, "samples-needed.png"), 800, 550, svg: true));
        return files;
    }
}
