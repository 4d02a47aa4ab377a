using Bifurcations.Experiments.Plotting;
using OxyPlot;
using OxyPlot.Axes;
using OxyPlot.Series;
using Xunit;

namespace Bifurcations.Tests;

/// <summary>Figures are drawn with the font the library ships, never a host font, so their bytes do not depend on the host.</summary>
public class FigureFontTests
{
    static PlotModel Sample(string? titleFont = null)
    {
        var m = new PlotModel { Title = "ᾱ_{1} against ℓ, T_{r} ≈ 0.89, ⟨σ|σ⟩", TitleFont = titleFont };
        m.Axes.Add(new LinearAxis { Position = AxisPosition.Bottom, Title = "α (coefficient of digit A)" });
        m.Axes.Add(new LinearAxis { Position = AxisPosition.Left, Title = "ℓ" });
        var s = new LineSeries { Title = "memory nullcline" };
        for (int i = 0; i < 20; i++) s.Points.Add(new DataPoint(i, Math.Sin(i)));
        m.Series.Add(s);
        m.Legends.Add(new OxyPlot.Legends.Legend());
        return m;
    }

    [Fact]
    public void TheSameFigureGivesTheSameBytes() =>
        Assert.Equal(FigureExport.PngBytes(Sample(), 500, 300), FigureExport.PngBytes(Sample(), 500, 300));

    [Fact]
    public void TheRequestedFamilyIsIgnored()
    {
        // A host lookup would draw "Serif" and a missing family differently; the embedded font draws both alike.
        var serif = FigureExport.PngBytes(Sample("Serif"), 500, 300);
        var missing = FigureExport.PngBytes(Sample("No Such Family 12345"), 500, 300);
        Assert.Equal(serif, missing);
        // And the text is really drawn: a figure without a title differs.
        var untitled = Sample();
        untitled.Title = null;
        Assert.NotEqual(serif, FigureExport.PngBytes(untitled, 500, 300));
    }

    [Theory]
    [InlineData(400)]
    [InlineData(700)]
    public void TheEmbeddedFontHasEveryGlyphTheFiguresUse(double weight)
    {
        var face = EmbeddedFont.For(weight);
        Assert.Equal(EmbeddedFont.Family, face.FamilyName);
        const string text = "αβγδεℓσμθλᾱ≈≤≥±∓−·×⟨⟩|∞°²ⁿ√ΔΣ";
        var glyphs = face.GetGlyphs(text);
        Assert.DoesNotContain((ushort)0, glyphs);
    }
}
