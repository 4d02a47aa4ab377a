using System.Globalization;
using Bifurcations.Experiments.IO;
using Bifurcations.Experiments.Plotting;
using Bifurcations.Experiments.Sweeps;
using Bifurcations.Model;
using Bifurcations.Training;

namespace Bifurcations.Experiments.Artifacts;

/// <summary>Paper Fig. 8: class populations after training against temperature, the order classes disappear in, and the learning order.</summary>
public sealed class Populations : IWritable
{
    /// <summary>The result of finished runs at <paramref name="n"/> with <paramref name="memories"/> memories.</summary>
    public Populations(IReadOnlyList<PopulationRun> runs, double n, int memories)
    {
        (Runs, N, Memories) = (runs, n, memories);
        Gone = PopulationSweep.DisappearanceOrder(runs);
        Learned = runs.OrderBy(x => x.Temperature).First().LearningOrder;
        (Spearman, SpearmanWarning) = PopulationSweep.LearningAgainstDisappearance(runs);
    }

    /// <summary>One run per temperature.</summary>
    public IReadOnlyList<PopulationRun> Runs { get; }

    /// <summary>The exponent n.</summary>
    public double N { get; }

    /// <summary>K.</summary>
    public int Memories { get; }

    /// <summary>Each class with the temperature above which it holds no memory (null: never gone).</summary>
    public IReadOnlyList<(int Class, double? Temperature)> Gone { get; }

    /// <summary>The learning order at the lowest temperature.</summary>
    public IReadOnlyList<ClassLearned> Learned { get; }

    /// <summary>Spearman correlation of the learning order with the reversed disappearance order (null when undefined).</summary>
    public double? Spearman { get; }

    /// <summary>Why the correlation is undefined or weak, if it is.</summary>
    public string? SpearmanWarning { get; }

    /// <inheritdoc/>
    public IReadOnlyList<string> Summary
    {
        get
        {
            var (gone, learned, rho) = (Gone, Learned, Spearman);
            var lines = new List<string>();
            lines.Add($"disappearance order (T_r): {string.Join(" ", gone.Select(x => $"{x.Class}@{(x.Temperature is { } t ? (t / NetworkParameters.PixelCount).ToString("F3", CultureInfo.InvariantCulture) : "-")}"))}");
            lines.Add($"learning order at the lowest T: {string.Join(" ", learned.Select(c => $"{c.Class}@{c.Epoch?.ToString() ?? "-"}"))}");
            if (rho is { } value)
                lines.Add(FormattableString.Invariant($"Spearman correlation of learning order with reversed disappearance order: {value:F2} (10 classes, ties averaged)"));
            return lines;
        }
    }

    /// <inheritdoc/>
    public IReadOnlyList<string> Warnings => SpearmanWarning is null ? [] : [SpearmanWarning];

    /// <summary>The populations' table (CSV), report (JSON) and figure, and the two orders with their correlation on the console.</summary>
    public IReadOnlyList<string> Write(string folder)
    {
        var (runs, n, memories, gone, learned, rho, warning) = (Runs, N, Memories, Gone, Learned, Spearman, SpearmanWarning);
        var report = new
        {
            n,
            populations = runs.Select(x => new { temperature = x.Temperature, temperatureR = x.Temperature / NetworkParameters.PixelCount, population = x.Population, unassigned = memories - x.Population.Sum() }),
            disappearanceOrder = gone.Select(x => new { @class = x.Class, temperatureR = x.Temperature / NetworkParameters.PixelCount }),
            learningOrderAtLowestT = learned.Select(c => new { @class = c.Class, epoch = c.Epoch }),
            spearman = rho,
            spearmanWarning = warning,
        };
        var files = new List<string>();
        var json = Path.Combine(folder, "populations.json");
        AtomicFile.WriteAllText(json, JsonOutput.Serialize(report) + "\n");
        var csv = Path.Combine(folder, "populations.csv");
        CsvOutput.Write(csv, ["temperature", "temperature_r", .. Enumerable.Range(0, 10).Select(d => $"class_{d}"), "unassigned"],
            runs.Select(x => new object[] { x.Temperature, x.Temperature / NetworkParameters.PixelCount }.Concat(x.Population.Cast<object>()).Append(memories - x.Population.Sum())));
        files.AddRange([json, csv]);
        files.AddRange(FigureExport.Save(PopulationFigure.Build(runs, n, memories), Path.Combine(folder, "populations.png"), 900, 550, svg: true));
        return files;
    }
}
