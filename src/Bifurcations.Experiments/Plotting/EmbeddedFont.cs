using SkiaSharp;

namespace Bifurcations.Experiments.Plotting;

/// <summary>
/// The font every figure is drawn with: DejaVu Sans (regular and bold), shipped inside the library (licence in
/// Plotting/Fonts/LICENSE-DejaVu.txt). The host's fonts are never asked for, so a figure's pixels do not depend on what
/// is installed, and a machine with no fonts at all still draws its text. DejaVu Sans covers the Greek letters,
/// ᾱ, ℓ, ≈ and the other symbols the figures use.
/// </summary>
internal static class EmbeddedFont
{
    /// <summary>The family name of the embedded font.</summary>
    public const string Family = "DejaVu Sans";

    static readonly Lazy<SKTypeface> RegularFace = new(() => Load("DejaVuSans.ttf"));
    static readonly Lazy<SKTypeface> BoldFace = new(() => Load("DejaVuSans-Bold.ttf"));

    /// <summary>The typeface for an OxyPlot font weight: bold from 600 (semi-bold) up, regular below.</summary>
    public static SKTypeface For(double weight) => weight >= 600 ? BoldFace.Value : RegularFace.Value;

    static SKTypeface Load(string file)
    {
        using var stream = typeof(EmbeddedFont).Assembly.GetManifestResourceStream("Bifurcations.Experiments.Plotting.Fonts." + file)
            ?? throw new InvalidOperationException($"embedded font {file} is missing from the library");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        using var data = SKData.CreateCopy(copy.ToArray());
        return SKTypeface.FromData(data) ?? throw new InvalidOperationException($"embedded font {file} could not be read");
    }
}
