using Bifurcations.Reduced;
using OxyPlot;
using OxyPlot.Axes;
using OxyPlot.Legends;
using OxyPlot.Series;

namespace Bifurcations.Plotting;

/// <summary>Paper Fig. 7: ᾱ of the first class at the saddle reached, and the share of memories ending as it, against n, for both starts.</summary>
public static class StartBiasFigure
{
    public static PlotModel Build(IReadOnlyList<StartBiasRun> runs, int[] classes, bool proportions)
    {
        var plot = new PlotModel
        {
            Title = proportions ? $"memories ending as {classes[0]} against n" : $"ᾱ_{{{classes[0]}}} of the saddle reached against n (stars: three-category model)",
            TitleFontSize = 13,
        };
        plot.Legends.Add(new Legend { LegendPosition = LegendPosition.RightTop, LegendPlacement = LegendPlacement.Outside });
        plot.Axes.Add(new LinearAxis { Position = AxisPosition.Bottom, Title = "n" });
        plot.Axes.Add(new LinearAxis { Position = AxisPosition.Left, Title = proportions ? $"fraction of memories ending as {classes[0]}" : $"ᾱ_{{{classes[0]}}}", Minimum = proportions ? 0 : double.NaN, Maximum = proportions ? 1 : double.NaN });
        int k = 0;
        foreach (var group in runs.GroupBy(r => (r.ReducedTemperature, r.StartClass)).OrderBy(g => g.Key))
        {
            var color = Palettes.Classes[k++ % 10];
            var line = new LineSeries { Title = FormattableString.Invariant($"T_{{r}} = {group.Key.ReducedTemperature:G3}, started near a {group.Key.StartClass}"), Color = color, MarkerType = MarkerType.Circle, MarkerSize = 3 };
            var predicted = new ScatterSeries { MarkerType = MarkerType.Star, MarkerSize = 6, MarkerStroke = color };
            foreach (var r in group.OrderBy(r => r.N))
            {
                if (proportions) line.Points.Add(new DataPoint(r.N, (double)r.FirstClassCount / r.Memories));
                else
                {
                    if (r.Saddle is { } s) line.Points.Add(new DataPoint(r.N, s[0]));
                    if (r.Predicted is { } p) predicted.Points.Add(new ScatterPoint(r.N, p[0]));
                }
            }
            plot.Series.Add(line);
            if (!proportions) plot.Series.Add(predicted);
        }
        return plot;
    }
}
