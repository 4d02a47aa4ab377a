using Bifurcations.Model;
using Bifurcations.Reduced;
using OxyPlot;
using OxyPlot.Axes;
using OxyPlot.Legends;
using OxyPlot.Series;

namespace Bifurcations.Experiments.Plotting;

/// <summary>The transition line T_r,c(n): closed form (= the numeric criterion) and the exact equal-cost line.</summary>
public static class TransitionFigure
{
    /// <summary>T_c(n): the closed form, the criterion solved numerically and the exact equal-cost line.</summary>
    public static PlotModel Build(IReadOnlyList<TransitionRow> rows, GramPair g)
    {
        var plot = new PlotModel { Title = FormattableString.Invariant($"feature-to-prototype transition, G = ({g.AA:G4}, {g.AB:G4}, {g.BB:G4})"), TitleFontSize = 13 };
        plot.Legends.Add(new Legend { LegendPosition = LegendPosition.RightTop, LegendPlacement = LegendPlacement.Inside });
        plot.Axes.Add(new LinearAxis { Position = AxisPosition.Bottom, Title = "n" });
        plot.Axes.Add(new LinearAxis { Position = AxisPosition.Left, Title = "T_{r} = T / 784" });
        var closed = new LineSeries { Title = "closed form T_{c}(n) (= criterion, numerically)", Color = OxyColors.Black, StrokeThickness = 2 };
        var exact = new LineSeries { Title = "exact equal-cost line", Color = OxyColor.FromRgb(214, 39, 40), LineStyle = LineStyle.Dash, StrokeThickness = 2 };
        foreach (var r in rows)
        {
            closed.Points.Add(new DataPoint(r.N, r.ClosedForm / NetworkParameters.PixelCount));
            if (r.EqualCost is { } e) exact.Points.Add(new DataPoint(r.N, e / NetworkParameters.PixelCount));
        }
        plot.Series.Add(closed);
        plot.Series.Add(exact);
        return plot;
    }
}
