using OxyPlot;
using OxyPlot.SkiaSharp;
using SkiaSharp;
using SkiaSharp.HarfBuzz;

namespace Bifurcations.Experiments.Plotting;

/// <summary>
/// OxyPlot's Skia render context with one change: text is measured and drawn with <see cref="EmbeddedFont"/>, whatever
/// family a plot element asks for. Shapes, images and clipping go to OxyPlot's own context unchanged. (OxyPlot.SkiaSharp
/// 2.2.0 resolves families through the host's font manager and offers no hook to replace it.)
/// </summary>
internal sealed class EmbeddedFontRenderContext : IRenderContext, IDisposable
{
    readonly SkiaRenderContext _inner;
    readonly SKCanvas _canvas;
    readonly float _scale;
    readonly SKPaint _paint = new() { IsAntialias = true, Style = SKPaintStyle.Fill, HintingLevel = SKPaintHinting.NoHinting, SubpixelText = false };
    readonly Dictionary<SKTypeface, SKShaper> _shapers = [];

    public EmbeddedFontRenderContext(SKCanvas canvas, RenderTarget target, float dpiScale = 1)
    {
        _canvas = canvas;
        _scale = dpiScale;
        _inner = new SkiaRenderContext { SkCanvas = canvas, RenderTarget = target, DpiScale = dpiScale, UseTextShaping = true };
    }

    public bool RendersToScreen => false;
    public int ClipCount => _inner.ClipCount;

    SKShaper Shaper(double fontSize, double fontWeight)
    {
        var face = EmbeddedFont.For(fontWeight);
        _paint.Typeface = face;
        _paint.TextSize = (float)fontSize * _scale;
        if (!_shapers.TryGetValue(face, out var shaper)) _shapers[face] = shaper = new SKShaper(face);
        return shaper;
    }

    static string[] Lines(string text) => text.Replace("\r\n", "\n").Split('\n');

    float Width(SKShaper shaper, string line) => line.Length == 0 ? 0 : shaper.Shape(line, _paint).Width;

    public OxySize MeasureText(string text, string? fontFamily = null, double fontSize = 10, double fontWeight = 500)
    {
        if (string.IsNullOrEmpty(text)) return new OxySize(0, 0);
        var shaper = Shaper(fontSize, fontWeight);
        var lines = Lines(text);
        float lineHeight = _paint.GetFontMetrics(out _);
        return new OxySize(lines.Max(l => Width(shaper, l)) / _scale, lineHeight * lines.Length / _scale);
    }

    public void DrawText(ScreenPoint p, string text, OxyColor fill, string? fontFamily = null, double fontSize = 10, double fontWeight = 400,
        double rotation = 0, HorizontalAlignment horizontalAlignment = HorizontalAlignment.Left,
        VerticalAlignment verticalAlignment = VerticalAlignment.Top, OxySize? maxSize = null)
    {
        if (string.IsNullOrEmpty(text) || !fill.IsVisible()) return;
        var shaper = Shaper(fontSize, fontWeight);
        _paint.Color = new SKColor(fill.R, fill.G, fill.B, fill.A);
        var lines = Lines(text);
        float lineHeight = _paint.GetFontMetrics(out var m);
        // The first baseline, from the anchor: the text block's top, middle or bottom sits on the anchor.
        float y = verticalAlignment switch
        {
            VerticalAlignment.Top => -m.Ascent,
            VerticalAlignment.Middle => -(m.Ascent + m.Descent + lineHeight * (lines.Length - 1)) / 2,
            _ => -m.Descent - lineHeight * (lines.Length - 1),
        };
        using var restore = new SKAutoCanvasRestore(_canvas);
        _canvas.Translate((float)p.X * _scale, (float)p.Y * _scale);
        _canvas.RotateDegrees((float)rotation);
        foreach (var line in lines)
        {
            float w = Width(shaper, line);
            float x = horizontalAlignment switch { HorizontalAlignment.Center => -w / 2, HorizontalAlignment.Right => -w, _ => 0 };
            if (line.Length > 0) _canvas.DrawShapedText(shaper, line, x, y, _paint);
            y += lineHeight;
        }
    }

    public void DrawEllipse(OxyRect extents, OxyColor fill, OxyColor stroke, double thickness, EdgeRenderingMode mode) => _inner.DrawEllipse(extents, fill, stroke, thickness, mode);
    public void DrawEllipses(IList<OxyRect> extents, OxyColor fill, OxyColor stroke, double thickness, EdgeRenderingMode mode) => _inner.DrawEllipses(extents, fill, stroke, thickness, mode);
    public void DrawLine(IList<ScreenPoint> points, OxyColor stroke, double thickness, EdgeRenderingMode mode, double[]? dashArray = null, LineJoin lineJoin = LineJoin.Miter) =>
        _inner.DrawLine(points, stroke, thickness, mode, dashArray, lineJoin);
    public void DrawLineSegments(IList<ScreenPoint> points, OxyColor stroke, double thickness, EdgeRenderingMode mode, double[]? dashArray = null, LineJoin lineJoin = LineJoin.Miter) =>
        _inner.DrawLineSegments(points, stroke, thickness, mode, dashArray, lineJoin);
    public void DrawPolygon(IList<ScreenPoint> points, OxyColor fill, OxyColor stroke, double thickness, EdgeRenderingMode mode, double[]? dashArray = null, LineJoin lineJoin = LineJoin.Miter) =>
        _inner.DrawPolygon(points, fill, stroke, thickness, mode, dashArray, lineJoin);
    public void DrawPolygons(IList<IList<ScreenPoint>> polygons, OxyColor fill, OxyColor stroke, double thickness, EdgeRenderingMode mode, double[]? dashArray = null, LineJoin lineJoin = LineJoin.Miter) =>
        _inner.DrawPolygons(polygons, fill, stroke, thickness, mode, dashArray, lineJoin);
    public void DrawRectangle(OxyRect rectangle, OxyColor fill, OxyColor stroke, double thickness, EdgeRenderingMode mode) => _inner.DrawRectangle(rectangle, fill, stroke, thickness, mode);
    public void DrawRectangles(IList<OxyRect> rectangles, OxyColor fill, OxyColor stroke, double thickness, EdgeRenderingMode mode) => _inner.DrawRectangles(rectangles, fill, stroke, thickness, mode);
    public void DrawImage(OxyImage source, double srcX, double srcY, double srcWidth, double srcHeight, double destX, double destY, double destWidth, double destHeight, double opacity, bool interpolate) =>
        _inner.DrawImage(source, srcX, srcY, srcWidth, srcHeight, destX, destY, destWidth, destHeight, opacity, interpolate);
    public void PushClip(OxyRect clippingRectangle) => _inner.PushClip(clippingRectangle);
    public void PopClip() => _inner.PopClip();
    public void SetToolTip(string text) { }
    public void CleanUp() => _inner.CleanUp();

    public void Dispose()
    {
        foreach (var s in _shapers.Values) s.Dispose();
        _paint.Dispose();
        _inner.Dispose();
    }
}
