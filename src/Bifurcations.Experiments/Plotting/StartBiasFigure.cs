using Bifurcations.Experiments.Simulations;
using Bifurcations.Reduced;
using OxyPlot;
using OxyPlot.Axes;
using OxyPlot.Legends;
using OxyPlot.Series;

namespace Bifurcations.Experiments.Plotting;

/// <summary>Paper Fig. 7: ᾱ of the first class at the saddle reached, and the share of memories ending as it, against n, for both starts.</summary>
public static class StartBiasFigure
{
    /// <summary>The saddle reached (ᾱ of the first class), or with <paramref name="proportions"/> the share ending as it, against n for both starts.</summary>
    public static PlotModel Build(IReadOnlyList<StartBiasRun> runs, int[] classes, bool proportions)
    {
        var plot = new PlotModel
        {
            Title = proportions ? $"memories ending as {classes[0]} against n" : $"ᾱ_{{{classes[0]}}} of the saddle reached against n",
            Subtitle = proportions ? "lines: simulation; diamonds, triangles: exact group system from the same start"
                : "lines: simulation; diamonds, triangles: exact group system from the same start; stars, crosses: class-mean model",
            SubtitleFontSize = 11,
            TitleFontSize = 13,
        };
        plot.Legends.Add(new Legend { LegendPosition = LegendPosition.RightTop, LegendPlacement = LegendPlacement.Outside });
        plot.Axes.Add(new LinearAxis { Position = AxisPosition.Bottom, Title = "n" });
        plot.Axes.Add(new LinearAxis { Position = AxisPosition.Left, Title = proportions ? $"fraction of memories ending as {classes[0]}" : $"ᾱ_{{{classes[0]}}}", Minimum = proportions ? 0 : double.NaN, Maximum = proportions ? 1 : double.NaN });
        // Pairs: one colour per temperature; the two starts as solid/filled and dashed/open, and the model's
        // predictions as stars (first start) or crosses (second start) of the same colour, each with its own key.
        var temperatures = runs.Select(r => r.ReducedTemperature).Distinct().Order().ToList();
        foreach (var group in runs.GroupBy(r => (r.ReducedTemperature, r.StartClass)).OrderBy(g => g.Key))
        {
            var color = Palettes.Classes[(3 * temperatures.IndexOf(group.Key.ReducedTemperature)) % 10];
            bool firstStart = group.Key.StartClass == classes[0];
            string tr = FormattableString.Invariant($"T_{{r}} = {group.Key.ReducedTemperature:G3}");
            var line = new LineSeries
            {
                Title = $"{tr}, started near a {group.Key.StartClass}",
                Color = color,
                LineStyle = firstStart ? LineStyle.Solid : LineStyle.Dash,
                MarkerType = firstStart ? MarkerType.Circle : MarkerType.Square,
                MarkerSize = 3.5,
                MarkerFill = firstStart ? color : OxyColors.White,
                MarkerStroke = color,
            };
            var predicted = new ScatterSeries
            {
                Title = $"{tr}, model from a {group.Key.StartClass}",
                MarkerType = firstStart ? MarkerType.Star : MarkerType.Cross,
                MarkerSize = 6,
                MarkerStroke = color,
                MarkerStrokeThickness = 1.5,
            };
            // The exact group system from the same start: larger open markers, drawn over the line's at the same n.
            var groups = new ScatterSeries
            {
                Title = $"{tr}, exact groups from a {group.Key.StartClass}",
                MarkerType = firstStart ? MarkerType.Diamond : MarkerType.Triangle,
                MarkerSize = 6.5,
                MarkerFill = OxyColors.Transparent,
                MarkerStroke = color,
                MarkerStrokeThickness = 1.5,
            };
            foreach (var r in group.OrderBy(r => r.N))
            {
                if (proportions)
                {
                    line.Points.Add(new DataPoint(r.N, (double)r.FirstClassCount / r.Memories));
                    if (r.Groups is { } g) groups.Points.Add(new ScatterPoint(r.N, (double)g.FirstClassCount / r.Memories));
                }
                else
                {
                    if (r.Saddle is { } s) line.Points.Add(new DataPoint(r.N, s[0]));
                    if (r.Predicted is { } p) predicted.Points.Add(new ScatterPoint(r.N, p[0]));
                    if (r.Groups?.Saddle is { } gs) groups.Points.Add(new ScatterPoint(r.N, gs[0]));
                }
            }
            plot.Series.Add(line);
            if (!proportions && predicted.Points.Count > 0) plot.Series.Add(predicted);
            if (groups.Points.Count > 0) plot.Series.Add(groups);
        }
        return plot;
    }
}
