using System.Text.Json;
using Bifurcations.Experiments.IO;
using Bifurcations.Experiments.Plotting;
using Bifurcations.Experiments.Training;

namespace Bifurcations.Experiments.Artifacts;

/// <summary>
/// Writes a finished run's tables and figures: <c>learning.csv</c> (epoch, cost, correct per class),
/// <c>alpha.csv</c> (ᾱ per memory and class at the recorded epochs), <c>learning-order.json</c>,
/// <c>memories.png</c> (sample memories at chosen epochs) and <c>learning.png</c> (stacked bands).
/// </summary>
public static class TrainingReport
{
    /// <summary>Writes learning.csv, alpha.csv, learning-order.json and the figures of a finished run into its folder.</summary>
    public static IReadOnlyList<string> Write(TrainingResult result, string folder, string title, int[]? snapshotEpochs = null, int memoriesShown = 10)
    {
        var written = new List<string>();
        var learning = Path.Combine(folder, "learning.csv");
        CsvOutput.Write(learning,
            ["epoch", "cost", .. Enumerable.Range(0, 10).Select(d => $"correct_{d}"), .. Enumerable.Range(0, 10).Select(d => $"predicted_{d}"), "correct_total", "accuracy"],
            result.Metrics.Select(m => new object?[] { m.Epoch, m.Cost }.Concat(m.Correct.Cast<object?>()).Concat(m.Predicted.Cast<object?>()).Concat([m.CorrectCount, m.Accuracy])));
        written.Add(learning);

        var alpha = Path.Combine(folder, "alpha.csv");
        int k = result.State.MemoryCount;
        CsvOutput.Write(alpha, ["epoch", "memory", .. Enumerable.Range(0, 10).Select(d => $"alphabar_{d}")],
            result.Alphas.SelectMany(a => Enumerable.Range(0, k).Select(mu =>
                new object?[] { a.Epoch, mu }.Concat(a.AlphaBar.Skip(mu * 10).Take(10).Cast<object?>()))));
        written.Add(alpha);

        var order = Path.Combine(folder, "learning-order.json");
        AtomicFile.WriteAllText(order, JsonOutput.Serialize(new
        {
            criterion = "first epoch with recall >= 1/2 and precision >= 1/2 for the class on the training digits (argmax of the scores)",
            order = result.Order.Select(c => new { @class = c.Class, epoch = c.Epoch }),
        }) + "\n");
        written.Add(order);

        written.AddRange(FigureExport.Save(LearningFigure.Build(result.Metrics, title), Path.Combine(folder, "learning.png"), 900, 500));

        var snapshots = Recording.Read(Path.Combine(folder, "recording.bin"));
        var chosen = ChooseSnapshots(snapshots, snapshotEpochs);
        int shown = Math.Min(memoriesShown, k);
        var memories = Enumerable.Range(0, shown).Select(i => i * k / shown).ToArray();
        int n = result.State.Dimension;
        var tiles = chosen.SelectMany(s => memories.Select(mu =>
            new DigitTile(s.Memories.AsSpan(mu * n, n).ToArray().Select(v => (double)v).ToArray(), $"e{s.Epoch} #{mu}"))).ToList();
        var grid = DigitGridFigure.Build(tiles, shown, $"{title}: memories (rows: epochs)");
        written.AddRange(FigureExport.Save(grid.Model, Path.Combine(folder, "memories.png"), grid.Width, grid.Height));
        return written;
    }

    /// <summary>The recorded snapshots nearest the asked epochs, or six spread over the run.</summary>
    static List<Snapshot> ChooseSnapshots(IReadOnlyList<Snapshot> all, int[]? epochs)
    {
        if (all.Count == 0) throw new DataException("the recording is empty");
        var wanted = epochs is { Length: > 0 } ? epochs
            : Enumerable.Range(0, 6).Select(i => (int)Math.Round(all[^1].Epoch * i / 5.0)).ToArray();
        return wanted.Select(e => all.MinBy(s => Math.Abs(s.Epoch - e))!).Distinct().ToList();
    }
}
