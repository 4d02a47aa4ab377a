using OxyPlot;
using OxyPlot.Series;

namespace Bifurcations.Experiments.Plotting;

/// <summary>
/// A line drawn thin and translucent (one of many paths) whose legend swatch is drawn opaque and thick: the key has to
/// show the colour, and a 0.7-wide path at 55% opacity reads as grey in a legend. The entry still stands for a series
/// that is drawn.
/// </summary>
public sealed class KeyedLineSeries : LineSeries
{
    /// <summary>Thickness of the swatch in the legend.</summary>
    public double KeyThickness { get; init; } = 3;

    /// <summary>The swatch: a line across the legend box in the series' colour at full opacity.</summary>
    public override void RenderLegend(IRenderContext rc, OxyRect legendBox)
    {
        double y = (legendBox.Top + legendBox.Bottom) / 2;
        var key = OxyColor.FromAColor(255, ActualColor);
        rc.DrawLine([new ScreenPoint(legendBox.Left, y), new ScreenPoint(legendBox.Right, y)], key, KeyThickness, EdgeRenderingMode.Automatic, null, LineJoin.Miter);
    }
}
