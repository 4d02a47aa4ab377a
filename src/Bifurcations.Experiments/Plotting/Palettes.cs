using OxyPlot;

namespace Bifurcations.Experiments.Plotting;

internal static class Palettes
{
    /// <summary>Blue (−1) – white (0) – red (+1), the paper's colour map for memories and digits.</summary>
    public static OxyPalette BlueWhiteRed { get; } =
        OxyPalette.Interpolate(255, OxyColor.FromRgb(33, 102, 172), OxyColors.White, OxyColor.FromRgb(178, 24, 43));

    /// <summary>Ten well-separated colours, one per digit class (tab10).</summary>
    public static OxyColor[] Classes { get; } =
    [
        OxyColor.FromRgb(31, 119, 180), OxyColor.FromRgb(255, 127, 14), OxyColor.FromRgb(44, 160, 44),
        OxyColor.FromRgb(214, 39, 40), OxyColor.FromRgb(148, 103, 189), OxyColor.FromRgb(140, 86, 75),
        OxyColor.FromRgb(227, 119, 194), OxyColor.FromRgb(127, 127, 127), OxyColor.FromRgb(188, 189, 34),
        OxyColor.FromRgb(23, 190, 207),
    ];
}
