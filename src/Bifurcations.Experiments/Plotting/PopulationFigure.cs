using Bifurcations.Experiments.Sweeps;
using Bifurcations.Model;
using OxyPlot;
using OxyPlot.Axes;
using OxyPlot.Legends;
using OxyPlot.Series;

namespace Bifurcations.Experiments.Plotting;

/// <summary>
/// Paper Fig. 8: memories owned by each class after training, stacked, against T_r, topped by a grey band of the
/// memories no class owns (largest label ≤ 0), so every column adds up to K.
/// </summary>
public static class PopulationFigure
{
    /// <summary>Class populations against T_r, stacked, with the unassigned memories on top (each column adds up to K).</summary>
    public static PlotModel Build(IReadOnlyList<PopulationRun> runs, double n, int memories)
    {
        var sorted = runs.OrderBy(r => r.Temperature).ToArray();
        var plot = new PlotModel { Title = FormattableString.Invariant($"class populations after training, n = {n:G3}"), TitleFontSize = 13 };
        plot.Legends.Add(new Legend { LegendPosition = LegendPosition.RightTop, LegendPlacement = LegendPlacement.Outside, LegendTitle = "class" });
        plot.Axes.Add(new LinearAxis { Position = AxisPosition.Bottom, Title = "T_{r} = T / 784" });
        plot.Axes.Add(new LinearAxis { Position = AxisPosition.Left, Title = "memories (by largest label)", Minimum = 0 });
        var below = new double[sorted.Length];
        for (int d = 0; d < 10; d++)
        {
            var band = new AreaSeries { Title = d.ToString(), Color = Palettes.Classes[d], Fill = OxyColor.FromAColor(200, Palettes.Classes[d]), StrokeThickness = 0.5 };
            for (int i = 0; i < sorted.Length; i++)
            {
                double tr = sorted[i].Temperature / NetworkParameters.PixelCount;
                band.Points.Add(new DataPoint(tr, below[i] + sorted[i].Population[d]));
                band.Points2.Add(new DataPoint(tr, below[i]));
            }
            for (int i = 0; i < sorted.Length; i++) below[i] += sorted[i].Population[d];
            plot.Series.Add(band);
        }
        var none = new AreaSeries { Title = "unassigned", Color = OxyColors.Gray, Fill = OxyColor.FromAColor(90, OxyColors.Gray), StrokeThickness = 0.5 };
        for (int i = 0; i < sorted.Length; i++)
        {
            double tr = sorted[i].Temperature / NetworkParameters.PixelCount;
            none.Points.Add(new DataPoint(tr, Math.Max(memories, below[i])));
            none.Points2.Add(new DataPoint(tr, below[i]));
        }
        plot.Series.Add(none);
        return plot;
    }
}
