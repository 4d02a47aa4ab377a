using Bifurcations.Training;
using OxyPlot;
using OxyPlot.Axes;
using OxyPlot.Legends;
using OxyPlot.Series;

namespace Bifurcations.Experiments.Plotting;

/// <summary>Correctly classified training digits per class over epochs, as stacked bands (paper Fig. 3C/F).</summary>
public static class LearningFigure
{
    /// <summary>Training digits classified correctly against the epoch, stacked by class.</summary>
    public static PlotModel Build(IReadOnlyList<EpochMetrics> metrics, string title)
    {
        var model = new PlotModel { Title = title, TitleFontSize = 13 };
        model.Legends.Add(new Legend { LegendPosition = LegendPosition.RightTop, LegendPlacement = LegendPlacement.Outside, LegendTitle = "class" });
        model.Axes.Add(new LinearAxis { Position = AxisPosition.Bottom, Title = "epoch", Minimum = 0, Maximum = Math.Max(1, metrics[^1].Epoch) });
        int total = metrics[0].Total.Sum();
        model.Axes.Add(new LinearAxis { Position = AxisPosition.Left, Title = "training digits classified correctly", Minimum = 0, Maximum = total });
        int stride = Math.Max(1, metrics.Count / 1500); // enough points for the eye, small SVGs
        var below = new double[metrics.Count];
        for (int d = 0; d < 10; d++)
        {
            if (metrics[0].Total[d] == 0) continue;
            var band = new AreaSeries { Title = d.ToString(), Color = Palettes.Classes[d], Fill = OxyColor.FromAColor(200, Palettes.Classes[d]), StrokeThickness = 0.5 };
            for (int i = 0; i < metrics.Count; i += (i + stride < metrics.Count || i == metrics.Count - 1) ? stride : metrics.Count - 1 - i)
            {
                band.Points.Add(new DataPoint(metrics[i].Epoch, below[i] + metrics[i].Correct[d]));
                band.Points2.Add(new DataPoint(metrics[i].Epoch, below[i]));
                if (i == metrics.Count - 1) break;
            }
            for (int i = 0; i < metrics.Count; i++) below[i] += metrics[i].Correct[d];
            model.Series.Add(band);
        }
        return model;
    }
}
