using Bifurcations.Analysis;
using Bifurcations.Reduced;
using OxyPlot;
using OxyPlot.Axes;
using OxyPlot.Series;

namespace Bifurcations.Experiments.Plotting;

/// <summary>
/// The class-mean model's predicted cascade in (ᾱ_a, ᾱ_b): each group's path from the gathering point, coloured by the
/// class it ends as, the predicted splits (filled) and, when a simulation gave them, the observed ones (hollow).
/// </summary>
public static class SplitTreeFigure
{
    /// <summary>The cascade in (ᾱ of class <paramref name="x"/>, ᾱ of class <paramref name="y"/>), indices into the classes.</summary>
    public static PlotModel Build(SplitTree tree, IReadOnlyList<SplitLevel>? observed = null, int x = 0, int y = 1)
    {
        var c = tree.Classes;
        var plot = new PlotModel
        {
            Title = FormattableString.Invariant($"Class-mean cascade, n = {tree.Exponent:G3}, T_r = {tree.ReducedTemperature:G3}: {string.Join("; ", tree.Levels.Select(l => $"level {l.Level} {l.Partition}"))}"),
            TitleFontSize = 12,
        };
        plot.Axes.Add(new LinearAxis { Position = AxisPosition.Bottom, Title = $"ᾱ_{{{c[x]}}}" });
        plot.Axes.Add(new LinearAxis { Position = AxisPosition.Left, Title = $"ᾱ_{{{c[y]}}}" });
        if (tree.Cascade is { } cascade)
        {
            var named = new HashSet<int>();
            foreach (int mu in cascade.Representatives().OrderBy(mu => cascade.FinalClass[mu]))
            {
                int end = cascade.FinalClass[mu];
                var line = new LineSeries { Color = Palettes.Classes[end], StrokeThickness = 1.5, Title = named.Add(end) ? $"groups ending as {end}" : null };
                foreach (var r in cascade.Records) line.Points.Add(new DataPoint(r.AlphaBar[mu][x], r.AlphaBar[mu][y]));
                plot.Series.Add(line);
            }
        }
        var gathering = new ScatterSeries { Title = "gathering point", MarkerType = MarkerType.Star, MarkerSize = 10, MarkerStroke = OxyColors.Red, MarkerStrokeThickness = 2 };
        gathering.Points.Add(new ScatterPoint(tree.Gathering.Alpha[x], tree.Gathering.Alpha[y]));
        plot.Series.Add(gathering);
        void Marks(IReadOnlyList<SplitLevel> levels, string who, bool filled)
        {
            foreach (int level in new[] { 1, 2 })
            {
                var s = new ScatterSeries
                {
                    Title = $"{who} level-{level} split",
                    MarkerType = level == 1 ? MarkerType.Diamond : MarkerType.Triangle,
                    MarkerSize = 7,
                    MarkerFill = filled ? OxyColors.Black : OxyColors.Undefined,
                    MarkerStroke = OxyColors.Black,
                    MarkerStrokeThickness = 1.5,
                };
                foreach (var l in levels.Where(l => l.Level == level)) s.Points.Add(new ScatterPoint(l.Location[x], l.Location[y]));
                if (s.Points.Count > 0) plot.Series.Add(s);
            }
        }
        Marks(tree.Levels, "predicted", true);
        if (observed is not null) Marks(observed, "observed", false);
        plot.Legends.Add(new OxyPlot.Legends.Legend { LegendPosition = OxyPlot.Legends.LegendPosition.TopRight, LegendFontSize = 10 });
        return plot;
    }
}
