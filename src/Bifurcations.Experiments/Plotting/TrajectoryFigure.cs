using Bifurcations.Experiments.Simulations;
using Bifurcations.Reduced;
using OxyPlot;
using OxyPlot.Axes;
using OxyPlot.Series;

namespace Bifurcations.Experiments.Plotting;

/// <summary>Paper Fig. 4 (left): every memory's path in (ᾱ_a, ᾱ_b), coloured by its final class; splits and the predicted gathering point marked.</summary>
public static class TrajectoryFigure
{
    /// <summary>Every memory's path in (ᾱ of class <paramref name="x"/>, ᾱ of class <paramref name="y"/>), indices into the run's classes.</summary>
    public static PlotModel Build(CanalizedSplitsResult r, int x, int y)
    {
        var plot = new PlotModel { Title = FormattableString.Invariant($"n = {r.Exponent:G3}, T_{{r}} = {r.ReducedTemperature:G3}: ᾱ_{{{r.Classes[x]}}} against ᾱ_{{{r.Classes[y]}}}, coloured by final class"), TitleFontSize = 13 };
        plot.Axes.Add(new LinearAxis { Position = AxisPosition.Bottom, Title = $"ᾱ_{{{r.Classes[x]}}}" });
        plot.Axes.Add(new LinearAxis { Position = AxisPosition.Left, Title = $"ᾱ_{{{r.Classes[y]}}}" });
        int k = r.FinalClass.Length;
        // The key: the first path of each final class carries its name.
        var named = new HashSet<int>();
        foreach (int mu in Enumerable.Range(0, k).OrderBy(mu => r.FinalClass[mu]))
        {
            int c = r.FinalClass[mu];
            var s = new KeyedLineSeries { Color = OxyColor.FromAColor(120, Palettes.Classes[c]), StrokeThickness = 0.8, Title = named.Add(c) ? $"ends as {c}" : null };
            foreach (var rec in r.Records) s.Points.Add(new DataPoint(rec.AlphaBar[mu][x], rec.AlphaBar[mu][y]));
            plot.Series.Add(s);
        }
        var splits = new ScatterSeries { Title = "observed splits", MarkerType = MarkerType.Diamond, MarkerSize = 6, MarkerFill = OxyColors.Black };
        foreach (var e in r.Splits) splits.Points.Add(new ScatterPoint(e.Parent.Centroid[x], e.Parent.Centroid[y]));
        if (splits.Points.Count > 0) plot.Series.Add(splits);
        if (r.Prediction is { } p)
        {
            var pred = new ScatterSeries { Title = "predicted gathering point", MarkerType = MarkerType.Star, MarkerSize = 10, MarkerStroke = OxyColors.Red, MarkerStrokeThickness = 2 };
            pred.Points.Add(new ScatterPoint(p.Alpha[x], p.Alpha[y]));
            plot.Series.Add(pred);
        }
        if (r.Tree?.Cascade is { } cascade)
        {
            // The class-mean model's groups from its gathering point (dashed) and its predicted splits (red circles).
            bool first = true;
            foreach (int mu in cascade.Representatives())
            {
                var path = new LineSeries { Color = OxyColors.Black, LineStyle = LineStyle.Dash, StrokeThickness = 1.2, Title = first ? "class-mean groups (predicted)" : null };
                foreach (var rec in cascade.Records) path.Points.Add(new DataPoint(rec.AlphaBar[mu][x], rec.AlphaBar[mu][y]));
                plot.Series.Add(path);
                first = false;
            }
            var at = new ScatterSeries { Title = "predicted splits", MarkerType = MarkerType.Circle, MarkerSize = 6, MarkerStroke = OxyColors.Red, MarkerFill = OxyColors.Undefined, MarkerStrokeThickness = 2 };
            foreach (var l in r.Tree.Levels) at.Points.Add(new ScatterPoint(l.Location[x], l.Location[y]));
            plot.Series.Add(at);
        }
        plot.Legends.Add(new OxyPlot.Legends.Legend { LegendPosition = OxyPlot.Legends.LegendPosition.TopRight });
        return plot;
    }
}
