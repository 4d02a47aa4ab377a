using Bifurcations.Experiments.Sweeps;
using OxyPlot;
using OxyPlot.Axes;
using OxyPlot.Legends;
using OxyPlot.Series;

namespace Bifurcations.Experiments.Plotting;

/// <summary>Paper Fig. 2A: mean largest α (left panel) or mean samples needed to rebuild a memory (right panel) against n, one line per T_r.</summary>
public static class PrototypeFigure
{
    /// <summary>The mean largest α, or with <paramref name="samples"/> the samples needed to rebuild a memory, against n, one line per T_r.</summary>
    public static PlotModel Build(IReadOnlyList<PrototypeRun> runs, bool samples)
    {
        var plot = new PlotModel
        {
            Title = samples ? "Samples needed to rebuild a memory (within 5%) against n" : "Mean largest α of a memory against n",
            TitleFontSize = 13,
        };
        plot.Legends.Add(new Legend { LegendPosition = LegendPosition.RightTop, LegendPlacement = LegendPlacement.Outside });
        plot.Axes.Add(new LinearAxis { Position = AxisPosition.Bottom, Title = "n" });
        plot.Axes.Add(samples
            ? new LogarithmicAxis { Position = AxisPosition.Left, Title = "mean number of samples" }
            : new LinearAxis { Position = AxisPosition.Left, Title = "mean max α", Minimum = 0 });
        int k = 0;
        foreach (var group in runs.GroupBy(r => r.ReducedTemperature).OrderBy(g => g.Key))
        {
            var line = new LineSeries { Title = FormattableString.Invariant($"T_{{r}} = {group.Key:G3}"), Color = Palettes.Classes[(3 * k++) % 10], MarkerType = MarkerType.Circle, MarkerSize = 3 };
            foreach (var r in group.OrderBy(r => r.N)) line.Points.Add(new DataPoint(r.N, samples ? Math.Max(r.MeanSamplesNeeded, 1) : r.MeanMaxAlpha));
            plot.Series.Add(line);
        }
        return plot;
    }
}
