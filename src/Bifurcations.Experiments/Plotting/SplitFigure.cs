using Bifurcations.Experiments.Simulations;
using Bifurcations.Reduced;
using OxyPlot;
using OxyPlot.Axes;
using OxyPlot.Series;

namespace Bifurcations.Experiments.Plotting;

/// <summary>
/// Paper Fig. 5C–D: left, the two memories' paths in the (α, ℓ) plane over the nullclines, with the
/// predicted split direction drawn through the fixed point; right, the separation over epochs (log scale).
/// Written as two PNGs side by side in name: <c>split.png</c> and <c>split-separation.png</c>.
/// </summary>
public static class SplitFigure
{
    /// <summary>Draws the two memories' paths and the split figure's second panel (split-separation.png beside it); returns both paths.</summary>
    public static IReadOnlyList<string> Save(PairModel model, SplitPrediction prediction, SplitMeasurement m, string pngPath)
    {
        var (paths, separation) = Build(model, prediction, m);
        var second = Path.Combine(Path.GetDirectoryName(pngPath) ?? ".", "split-separation.png");
        FigureExport.Save(paths, pngPath, 900, 650);
        FigureExport.Save(separation, second, 800, 450);
        return [pngPath, second];
    }

    /// <summary>The two memories' paths in (α, ℓ) over the nullclines with the predicted split direction, and their separation against the epoch.</summary>
    public static (PlotModel Paths, PlotModel Separation) Build(PairModel model, SplitPrediction prediction, SplitMeasurement m)
    {
        var fp = prediction.Point;
        var all = m.Trajectory;
        double a0 = all.Min(o => Math.Min(o.Alpha1, o.Alpha2)), a1 = all.Max(o => Math.Max(o.Alpha1, o.Alpha2));
        double l0 = all.Min(o => Math.Min(o.Ell1, o.Ell2)), l1 = all.Max(o => Math.Max(o.Ell1, o.Ell2));
        var alpha = (Math.Max(-1, a0 - 0.05), Math.Min(1, a1 + 0.05));
        var ell = (Math.Max(-1, l0 - 0.05), Math.Min(1, l1 + 0.05));
        var nullclines = new[] { Nullclines.Memory(model, fp.Branch), Nullclines.Label(model, fp.Branch) };
        var plot = NullclineFigure.Build(FormattableString.Invariant($"two memories, n = {model.Exponent:G4}, T = {model.Temperature:G5}"),
            nullclines, FixedPointSolver.Solve(model).Where(p => p.Branch == fp.Branch), [], alpha, ell);
        int stride = Math.Max(1, all.Count / 2000);
        var one = new LineSeries { Title = "memory 1", Color = OxyColor.FromRgb(31, 119, 180), StrokeThickness = 1.5 };
        var two = new LineSeries { Title = "memory 2", Color = OxyColor.FromRgb(214, 39, 40), StrokeThickness = 1.5, LineStyle = LineStyle.Dash };
        for (int i = 0; i < all.Count; i += stride)
        {
            one.Points.Add(new DataPoint(all[i].Alpha1, all[i].Ell1));
            two.Points.Add(new DataPoint(all[i].Alpha2, all[i].Ell2));
        }
        plot.Series.Add(one);
        plot.Series.Add(two);
        if (prediction.Direction is { } d)
        {
            double len = 0.25 * Math.Max(alpha.Item2 - alpha.Item1, ell.Item2 - ell.Item1);
            var arrow = new LineSeries { Title = "predicted split direction", Color = OxyColors.Black, StrokeThickness = 2.5 };
            arrow.Points.Add(new DataPoint(fp.AlphaA - len * d[0], fp.Ell - len * d[1]));
            arrow.Points.Add(new DataPoint(fp.AlphaA + len * d[0], fp.Ell + len * d[1]));
            plot.Series.Add(arrow);
        }

        var sep = new PlotModel { Title = "separation of the two memories", TitleFontSize = 13 };
        sep.Axes.Add(new LinearAxis { Position = AxisPosition.Bottom, Title = "epoch" });
        sep.Axes.Add(new LogarithmicAxis { Position = AxisPosition.Left, Title = "|(δα, δℓ)|" });
        var line = new LineSeries { Color = OxyColors.Black, StrokeThickness = 1.2 };
        for (int i = 0; i < all.Count; i += stride)
            if (all[i].Separation > 0) line.Points.Add(new DataPoint(all[i].Epoch, all[i].Separation));
        sep.Series.Add(line);
        return (plot, sep);
    }
}
