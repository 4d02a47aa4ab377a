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
        CsvOutput.Write(csv, ["temperature_r", "n", "start_class", "split_epoch", "saddle_alpha_1", "saddle_alpha_2", "saddle_alpha_3", $"count_{classes[0]}", $"count_{classes[1]}", "predicted_alpha_1",
                "groups", "groups_split_epoch", "groups_saddle_alpha_1", "groups_saddle_alpha_2", "groups_saddle_alpha_3", $"groups_count_{classes[0]}", $"groups_count_{classes[1]}", "groups_last_epoch"],
            runs.Select(x => new object?[] { x.ReducedTemperature, x.N, x.StartClass, x.SplitEpoch, x.Saddle?[0], x.Saddle?[1], x.Saddle?[2], x.FirstClassCount, x.SecondClassCount, x.Predicted?[0],
                x.Groups?.Groups, x.Groups?.SplitEpoch, x.Groups?.Saddle?[0], x.Groups?.Saddle?[1], x.Groups?.Saddle?[2], x.Groups?.FirstClassCount, x.Groups?.SecondClassCount, x.Groups?.LastEpoch }));
        files.Add(csv);
        files.AddRange(FigureExport.Save(StartBiasFigure.Build(runs, classes, proportions: false), Path.Combine(dir, "saddle-alpha.png"), 900, 550, svg: true));
        files.AddRange(FigureExport.Save(StartBiasFigure.Build(runs, classes, proportions: true), Path.Combine(dir, "proportions.png"), 900, 550, svg: true));
        return files;
    }

    /// <summary>The score of the exact group system against the simulation, as lines for a terminal or a log.</summary>
    public static IEnumerable<string> Summary(IReadOnlyList<StartBiasRun> runs)
    {
        if (StartBiasScore.Of(runs) is not { } s) yield break;
        yield return FormattableString.Invariant($"exact groups against the simulation, {s.Runs} runs: saddle (ᾱ of the first class within {StartBiasScore.SaddleTolerance}) in {s.SaddlesAgreeing} ({s.SaddleErrors})");
        yield return FormattableString.Invariant($"  one shared saddle or two, the same at {s.PathsAgreeing} of {s.Cells} (T_r, n); proportions within {StartBiasScore.ProportionTolerance:P0} in {s.ProportionsAgreeing} (mean error {s.MeanProportionError:P1})");
    }
}
