using Bifurcations.IO;
using OxyPlot;

namespace Bifurcations.Plotting;

/// <summary>Writes a plot as PNG (and optionally SVG) atomically.</summary>
public static class FigureExport
{
    /// <summary>
    /// Saves <paramref name="model"/> to <paramref name="pngPath"/>; with <paramref name="svg"/> also to the
    /// same path with extension .svg. Returns the paths written.
    /// </summary>
    public static IReadOnlyList<string> Save(PlotModel model, string pngPath, int width, int height, bool svg = false)
    {
        model.Background = OxyColors.White;
        AtomicFile.Write(pngPath, s => new OxyPlot.SkiaSharp.PngExporter { Width = width, Height = height }.Export(model, s));
        if (!svg) return [pngPath];
        var svgPath = Path.ChangeExtension(pngPath, ".svg");
        AtomicFile.Write(svgPath, s => new OxyPlot.SkiaSharp.SvgExporter { Width = width, Height = height }.Export(model, s));
        return [pngPath, svgPath];
    }
}
