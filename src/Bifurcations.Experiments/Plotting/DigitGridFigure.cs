using OxyPlot;
using OxyPlot.Annotations;
using OxyPlot.Axes;
using OxyPlot.Series;

namespace Bifurcations.Experiments.Plotting;

/// <summary>One 28×28 tile of a grid: pixels in [-1, 1] (row-major) and an optional caption.</summary>
public sealed record DigitTile(double[] Pixels, string? Caption = null);

/// <summary>
/// A grid of 28×28 images (digits or memories) drawn blue–white–red on a fixed [-1, 1] scale, as the
/// paper draws memories, with a colour bar.
/// </summary>
public static class DigitGridFigure
{
    const int Side = 28;
    const double Pitch = 31; // tile plus gap, in pixel units
    const double CaptionSpace = 6;

    /// <summary>A built grid with the PNG size that keeps its pixels square.</summary>
    public sealed record Figure(PlotModel Model, int Width, int Height);

    const double Scale = 2.5; // screen pixels per image pixel
    const int MarginLeft = 6, MarginRight = 70, MarginTop = 36, MarginBottom = 6;

    /// <summary>Digits (or memories) as a grid of images, pixels in [−1, 1] drawn blue–white–red, with a colour bar.</summary>
    public static Figure Build(IReadOnlyList<DigitTile> tiles, int columns, string title)
    {
        if (tiles.Count == 0) throw new ArgumentException("no images to draw");
        columns = Math.Clamp(columns, 1, tiles.Count);
        int rows = (tiles.Count + columns - 1) / columns;
        double rowPitch = Pitch + (tiles.Any(t => t.Caption is not null) ? CaptionSpace : 0);
        var model = new PlotModel
        {
            Title = title,
            TitleFontSize = 12,
            PlotAreaBorderThickness = new OxyThickness(0),
            PlotMargins = new OxyThickness(MarginLeft, 0, MarginRight, 0),
            Padding = new OxyThickness(0, 4, 0, MarginBottom),
        };
        double xMin = -1.5, xMax = columns * Pitch - 2.5;
        double yMin = -rows * rowPitch + 2, yMax = 1 + (rowPitch - Pitch);
        model.Axes.Add(new LinearAxis { Position = AxisPosition.Bottom, IsAxisVisible = false, Minimum = xMin, Maximum = xMax });
        model.Axes.Add(new LinearAxis { Position = AxisPosition.Left, IsAxisVisible = false, Minimum = yMin, Maximum = yMax });
        model.Axes.Add(new LinearColorAxis { Position = AxisPosition.Right, Palette = Palettes.BlueWhiteRed, Minimum = -1, Maximum = 1, Title = "pixel", MajorStep = 0.5 });
        for (int k = 0; k < tiles.Count; k++)
        {
            int r = k / columns, c = k % columns;
            double left = c * Pitch, top = -r * rowPitch;
            var data = new double[Side, Side];
            // HeatMapSeries indexes Data[x, y] with y growing upwards; image row 0 is the top row.
            for (int x = 0; x < Side; x++)
                for (int y = 0; y < Side; y++)
                    data[x, y] = tiles[k].Pixels[(Side - 1 - y) * Side + x];
            model.Series.Add(new HeatMapSeries
            {
                X0 = left,
                X1 = left + Side - 1,
                Y0 = top - (Side - 1),
                Y1 = top,
                Data = data,
                Interpolate = false,
                RenderMethod = HeatMapRenderMethod.Bitmap,
            });
            if (tiles[k].Caption is { } caption)
                model.Annotations.Add(new TextAnnotation
                {
                    Text = caption,
                    TextPosition = new DataPoint(left + (Side - 1) / 2.0, top + 1.2),
                    TextVerticalAlignment = VerticalAlignment.Bottom,
                    Stroke = OxyColors.Transparent,
                    FontSize = 10,
                });
        }
        int width = (int)Math.Ceiling(MarginLeft + MarginRight + Scale * (xMax - xMin));
        int height = (int)Math.Ceiling(MarginTop + MarginBottom + Scale * (yMax - yMin));
        if (width < 360) // a narrow grid still needs room for its title; widen the margins evenly
        {
            double extra = (360 - width) / 2.0;
            model.PlotMargins = new OxyThickness(MarginLeft + extra, 0, MarginRight + extra, 0);
            width = 360;
        }
        return new Figure(model, width, height);
    }
}
