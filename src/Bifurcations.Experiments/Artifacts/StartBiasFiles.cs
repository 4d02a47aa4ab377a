using Bifurcations.Experiments.IO;
using Bifurcations.Experiments.Plotting;
using Bifurcations.Experiments.Simulations;

namespace Bifurcations.Experiments.Artifacts;

/// <summary>The files of paper Fig. 7: the saddle reached and the final proportions from a start near one class or another.</summary>
public static class StartBiasFiles
{
    /// <summary>start-bias.csv and the two figures (saddle ᾱ and proportions against n).</summary>
    public static IReadOnlyList<string> Write(IReadOnlyList<StartBiasRun> runs, int[] classes, string dir)
    {
        var files = new List<string>();
        var csv = Path.Combine(dir, "start-bias.csv");
        CsvOutput.Write(csv, ["temperature_r", "n", "start_class", "saddle_alpha_1", "saddle_alpha_2", "saddle_alpha_3", $"count_{classes[0]}", $"count_{classes[1]}", "predicted_alpha_1"],
            runs.Select(x => new object?[] { x.ReducedTemperature, x.N, x.StartClass, x.Saddle?[0], x.Saddle?[1], x.Saddle?[2], x.FirstClassCount, x.SecondClassCount, x.Predicted?[0] }));
        files.Add(csv);
        files.AddRange(FigureExport.Save(StartBiasFigure.Build(runs, classes, proportions: false), Path.Combine(dir, "saddle-alpha.png"), 900, 550, svg: true));
        files.AddRange(FigureExport.Save(StartBiasFigure.Build(runs, classes, proportions: true), Path.Combine(dir, "proportions.png"), 900, 550, svg: true));
        return files;
    }
}
