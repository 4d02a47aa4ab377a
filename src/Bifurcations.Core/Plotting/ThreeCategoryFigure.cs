using Bifurcations.Reduced;
using OxyPlot;
using OxyPlot.Annotations;
using OxyPlot.Axes;
using OxyPlot.Legends;
using OxyPlot.Series;

namespace Bifurcations.Plotting;

/// <summary>
/// The three-category branches against n: α of each class where K identical memories rest, swept up (solid)
/// and down (dashed); red rings where the memories would split (a mode of difference grows), grey lines where a sweep jumps.
/// </summary>
public static class ThreeCategoryFigure
{
    public static PlotModel Build(IReadOnlyList<ThreeCategoryBranch> branches, int[] classes, double reducedTemperature)
    {
        var plot = new PlotModel { Title = FormattableString.Invariant($"Three categories {string.Join(", ", classes)}: where the memories gather against n (T_r = {reducedTemperature:G3})"), TitleFontSize = 13 };
        plot.Legends.Add(new Legend { LegendPosition = LegendPosition.RightTop, LegendPlacement = LegendPlacement.Outside });
        plot.Axes.Add(new LinearAxis { Position = AxisPosition.Bottom, Title = "n" });
        plot.Axes.Add(new LinearAxis { Position = AxisPosition.Left, Title = "α of the class representative" });
        var splits = new ScatterSeries { Title = "memories split here", MarkerType = MarkerType.Circle, MarkerSize = 5, MarkerFill = OxyColors.Undefined, MarkerStroke = OxyColors.Red, MarkerStrokeThickness = 1.5 };
        foreach (var b in branches)
        {
            for (int c = 0; c < 3; c++)
            {
                var line = new LineSeries
                {
                    Title = $"α_{classes[c]} ({(b.Upwards ? "n up" : "n down")})", Color = Palettes.Classes[classes[c]],
                    LineStyle = b.Upwards ? LineStyle.Solid : LineStyle.Dash, MarkerType = MarkerType.Circle, MarkerSize = 2,
                };
                foreach (var p in b.Points.OrderBy(p => p.N))
                {
                    line.Points.Add(new DataPoint(p.N, p.Alpha[c]));
                    if (p.SplitRate is > 0) splits.Points.Add(new ScatterPoint(p.N, p.Alpha[c]));
                }
                plot.Series.Add(line);
            }
            foreach (var f in b.Jumps)
                plot.Annotations.Add(new LineAnnotation { Type = LineAnnotationType.Vertical, X = f, Color = OxyColors.Gray, LineStyle = LineStyle.Dot,
                    Text = FormattableString.Invariant($"jump n ≈ {f:F2} ({(b.Upwards ? "up" : "down")})") });
        }
        plot.Series.Add(splits);
        return plot;
    }
}
