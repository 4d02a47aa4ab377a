using Bifurcations.Reduced;
using OxyPlot;
using OxyPlot.Axes;
using OxyPlot.Legends;
using OxyPlot.Series;

namespace Bifurcations.Experiments.Plotting;

/// <summary>Paper Fig. 5A: α (or ℓ) of every fixed point against the continuation parameter (n in the paper), stable branches solid, unstable dashed, folds and branch points marked.</summary>
public static class BifurcationFigure
{
    /// <summary>The diagram against its parameter: α (or ℓ with <paramref name="ell"/>) of every branch, solid where stable, with folds and branch points marked.</summary>
    public static PlotModel Build(BifurcationDiagram d, bool ell)
    {
        var m = d.Model;
        var plot = new PlotModel { Title = FormattableString.Invariant($"fixed points against {d.Parameter.Name}: {(d.Parameter.Kind == PairParameterKind.Exponent ? "" : $"n = {m.Exponent:G4}, ")}T = {m.Temperature:G5}, K = {m.Memories}, G = ({m.Gram.AA:G4}, {m.Gram.AB:G4}, {m.Gram.BB:G4})"), TitleFontSize = 13 };
        plot.Legends.Add(new Legend { LegendPosition = LegendPosition.RightTop, LegendPlacement = LegendPlacement.Outside });
        plot.Axes.Add(new LinearAxis { Position = AxisPosition.Bottom, Title = d.Parameter.Name });
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
                        LineStyle = p.Stable ? LineStyle.Solid : LineStyle.Dash,
                        StrokeThickness = 2,
                        Title = first ? (p.Stable ? "stable" : "unstable / saddle") : null,
                    };
                    if (p.Stable) firstStable = false; else firstUnstable = false;
                    if (last is { } l) run.Points.Add(l);
                    plot.Series.Add(run);
                }
                run.Points.Add(new DataPoint(p.Parameter, ell ? p.Ell : p.AlphaA));
            }
        }
        var folds = new ScatterSeries { Title = "saddle-node (fold)", MarkerType = MarkerType.Diamond, MarkerSize = 7, MarkerFill = OxyColors.Black };
        foreach (var f in d.Folds) folds.Points.Add(new ScatterPoint(f.Parameter, ell ? f.Ell : f.AlphaA));
        plot.Series.Add(folds);
        var branchPoints = new ScatterSeries { Title = "branch point", MarkerType = MarkerType.Circle, MarkerSize = 6, MarkerFill = OxyColors.DarkGreen };
        foreach (var b in d.SpecialPoints.Where(x => x.Kind == Continuation.SpecialPointKind.BranchPoint)) branchPoints.Points.Add(new ScatterPoint(b.Parameter, ell ? b.Ell : b.AlphaA));
        if (branchPoints.Points.Count > 0) plot.Series.Add(branchPoints);
        return plot;
    }
}
