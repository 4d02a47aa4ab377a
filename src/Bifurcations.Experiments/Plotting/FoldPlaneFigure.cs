using Bifurcations.Reduced;
using OxyPlot;
using OxyPlot.Axes;
using OxyPlot.Legends;
using OxyPlot.Series;

namespace Bifurcations.Experiments.Plotting;

/// <summary>Saddle-node curves in the plane of two parameters (the paper's is (n, T_r)), cusps marked, optionally with the feature-to-prototype line T_c(n).</summary>
public static class FoldPlaneFigure
{
    /// <summary>Fold curves in the plane of their two parameters, cusps marked, with the transition line T_c(n) if given.</summary>
    public static PlotModel Build(FoldDiagram d, IReadOnlyList<(double N, double ReducedTemperature)>? transition = null)
    {
        var m = d.Model;
        var plot = new PlotModel { Title = FormattableString.Invariant($"saddle-node curves: K = {m.Memories}, G = ({m.Gram.AA:G4}, {m.Gram.AB:G4}, {m.Gram.BB:G4})"), TitleFontSize = 13 };
        plot.Legends.Add(new Legend { LegendPosition = LegendPosition.RightTop, LegendPlacement = LegendPlacement.Outside });
        plot.Axes.Add(new LinearAxis { Position = AxisPosition.Bottom, Title = d.P.Name });
        plot.Axes.Add(new LinearAxis { Position = AxisPosition.Left, Title = d.Q.Kind == PairParameterKind.ReducedTemperature ? "T_{r} = T / 784" : d.Q.Name });
        bool first = true;
        foreach (var c in d.Curves)
        {
            var s = new LineSeries { Color = OxyColor.FromRgb(90, 40, 150), StrokeThickness = 2, Title = first ? "saddle-node (fold)" : null };
            foreach (var pt in c.Points) s.Points.Add(new DataPoint(pt.P, pt.Q));
            plot.Series.Add(s);
            first = false;
        }
        if (transition is { Count: > 1 })
        {
            var s = new LineSeries { Color = OxyColors.Black, LineStyle = LineStyle.Dash, StrokeThickness = 1.5, Title = "transition line T_{c}(n)" };
            foreach (var (n, tr) in transition) s.Points.Add(new DataPoint(n, tr));
            plot.Series.Add(s);
        }
        // Only series that draw something get a legend entry: no "cusp" key on a diagram without cusps.
        if (d.Cusps.Any())
        {
            var cusps = new ScatterSeries { Title = "cusp", MarkerType = MarkerType.Star, MarkerSize = 8, MarkerStroke = OxyColors.Red };
            foreach (var c in d.Cusps) cusps.Points.Add(new ScatterPoint(c.P, c.Q));
            plot.Series.Add(cusps);
        }
        return plot;
    }
}
