using Bifurcations.Reduced;
using OxyPlot;
using OxyPlot.Axes;
using OxyPlot.Legends;
using OxyPlot.Series;

namespace Bifurcations.Plotting;

/// <summary>Paper Fig. 5A: α (or ℓ) of every fixed point against n, stable branches solid, unstable dashed, folds marked.</summary>
public static class BifurcationFigure
{
    public static PlotModel Build(BifurcationDiagram d, bool ell)
    {
        var m = d.Model;
        var plot = new PlotModel { Title = FormattableString.Invariant($"fixed points against n: T = {m.Temperature:G5}, K = {m.Memories}, G = ({m.Gram.AA:G4}, {m.Gram.AB:G4}, {m.Gram.BB:G4})"), TitleFontSize = 13 };
        plot.Legends.Add(new Legend { LegendPosition = LegendPosition.RightTop, LegendPlacement = LegendPlacement.Outside });
        plot.Axes.Add(new LinearAxis { Position = AxisPosition.Bottom, Title = "n" });
        plot.Axes.Add(new LinearAxis { Position = AxisPosition.Left, Title = ell ? "ℓ" : "α (coefficient of digit A)" });
        bool firstStable = true, firstUnstable = true;
        foreach (var b in d.Branches)
        {
            LineSeries? run = null;
            foreach (var p in b.Points)
            {
                if (run is null || (run.LineStyle == LineStyle.Solid) != p.Stable)
                {
                    var last = run?.Points[^1];
                    bool first = p.Stable ? firstStable : firstUnstable;
                    run = new LineSeries
                    {
                        Color = p.Stable ? OxyColor.FromRgb(30, 110, 190) : OxyColor.FromRgb(200, 60, 60),
                        LineStyle = p.Stable ? LineStyle.Solid : LineStyle.Dash, StrokeThickness = 2,
                        Title = first ? (p.Stable ? "stable" : "unstable / saddle") : null,
                    };
                    if (p.Stable) firstStable = false; else firstUnstable = false;
                    if (last is { } l) run.Points.Add(l);
                    plot.Series.Add(run);
                }
                run.Points.Add(new DataPoint(p.N, ell ? p.Ell : p.AlphaA));
            }
        }
        var folds = new ScatterSeries { Title = "saddle-node (fold)", MarkerType = MarkerType.Diamond, MarkerSize = 7, MarkerFill = OxyColors.Black };
        foreach (var f in d.Folds) folds.Points.Add(new ScatterPoint(f.N, ell ? f.Ell : f.AlphaA));
        plot.Series.Add(folds);
        return plot;
    }
}
