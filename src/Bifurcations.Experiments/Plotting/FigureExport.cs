using Bifurcations.Experiments.IO;
using OxyPlot;
using SkiaSharp;

namespace Bifurcations.Experiments.Plotting;

/// <summary>Writes a plot as PNG (and optionally SVG) atomically, its text in the <see cref="EmbeddedFont"/>.</summary>
public static class FigureExport
{
    /// <summary>
    /// Raised after each figure is written, with its model and PNG path: a caller (a notebook, a test) can collect or
    /// audit every figure a command draws without reading the images back.
    /// </summary>
    public static event Action<PlotModel, string>? Saved;

    /// <summary>
    /// Saves <paramref name="model"/> to <paramref name="pngPath"/>; with <paramref name="svg"/> also to the
    /// same path with extension .svg. Returns the paths written.
    /// </summary>
    public static IReadOnlyList<string> Save(PlotModel model, string pngPath, int width, int height, bool svg = false)
    {
        Prepare(model);
        AtomicFile.Write(pngPath, s => Png(model, width, height, s));
        Saved?.Invoke(model, pngPath);
        if (!svg) return [pngPath];
        var svgPath = Path.ChangeExtension(pngPath, ".svg");
        AtomicFile.Write(svgPath, s => Svg(model, width, height, s));
        return [pngPath, svgPath];
    }

    /// <summary>The PNG bytes of a figure (the same bytes <see cref="Save"/> writes).</summary>
    public static byte[] PngBytes(PlotModel model, int width, int height)
    {
        Prepare(model);
        using var stream = new MemoryStream();
        Png(model, width, height, stream);
        return stream.ToArray();
    }

    /// <summary>Every figure on white, in the embedded font.</summary>
    static void Prepare(PlotModel model)
    {
        model.Background = OxyColors.White;
        model.DefaultFont = EmbeddedFont.Family;
    }

    static void Png(PlotModel model, int width, int height, Stream output)
    {
        using var bitmap = new SKBitmap(width, height);
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.Clear(SKColors.White);
            using var context = new EmbeddedFontRenderContext(canvas, OxyPlot.SkiaSharp.RenderTarget.PixelGraphic);
            Render(model, context, width, height);
        }
        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        data.SaveTo(output);
    }

    static void Svg(PlotModel model, int width, int height, Stream output)
    {
        using var skStream = new SKManagedWStream(output);
        using (var canvas = SKSvgCanvas.Create(new SKRect(0, 0, width, height), skStream))
        {
            using var context = new EmbeddedFontRenderContext(canvas, OxyPlot.SkiaSharp.RenderTarget.VectorGraphic);
            Render(model, context, width, height);
        }
    }

    static void Render(PlotModel model, IRenderContext context, int width, int height)
    {
        var plot = (IPlotModel)model;
        plot.Update(true);
        plot.Render(context, new OxyRect(0, 0, width, height));
    }
}
