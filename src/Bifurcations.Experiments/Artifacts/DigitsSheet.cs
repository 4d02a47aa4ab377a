using Bifurcations.Data;
using Bifurcations.Experiments.Plotting;

namespace Bifurcations.Experiments.Artifacts;

/// <summary>A sheet of digits with their class and MNIST index (the <c>digits</c> figure).</summary>
public static class DigitsSheet
{
    /// <summary>Draws <paramref name="set"/> in <paramref name="columns"/> columns to <paramref name="path"/> (and an SVG beside it if asked).</summary>
    public static IReadOnlyList<string> Write(TrainingSet set, int columns, string path, bool svg)
    {
        var figure = Figure(set, columns);
        return FigureExport.Save(figure.Model, path, figure.Width, figure.Height, svg);
    }

    /// <summary>The figure itself (its PNG bytes let a caller compare it with a file on disk before replacing it).</summary>
    public static DigitGridFigure.Figure Figure(TrainingSet set, int columns)
    {
        var tiles = Enumerable.Range(0, set.Count)
            .Select(i => new DigitTile(set.Sample(i).ToArray(), $"{set.Labels[i]} (#{set.SourceIndices[i]})"))
            .ToList();
        return DigitGridFigure.Build(tiles, columns, $"{set.Count} MNIST digits (class, #index), pixels in [-1, 1]");
    }
}
