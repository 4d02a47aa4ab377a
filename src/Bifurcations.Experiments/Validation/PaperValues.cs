using Bifurcations.Linearization;
using Bifurcations.Model;
using Bifurcations.Reduced;

namespace Bifurcations.Experiments.Validation;

/// <summary>
/// The paper's numbers, once: the reduced two-digit system of Fig. 5 (G = 753/494/719, T = 700, K = 2) and the
/// transition line of Fig. 6 (docs/model.md, known answers). The validator scores against these and the tests assert
/// them, so a value corrected here is corrected everywhere.
/// </summary>
public static class PaperValues
{
    /// <summary>The Gram entries of the paper's pair of digits (Fig. 5).</summary>
    public static GramPair Gram { get; } = new(753, 494, 719);

    /// <summary>The temperature of Fig. 5.</summary>
    public const double Temperature = 700;

    /// <summary>The identical memories of Fig. 5.</summary>
    public const int Memories = 2;

    /// <summary>The Fig. 5 model at exponent <paramref name="n"/>.</summary>
    public static PairModel Model(double n) => new(Gram, new NetworkParameters(n, Temperature), Memories);

    /// <summary>The three fixed points on the upper branch at n = 15, in order of α, each within <see cref="FixedPointTolerance"/>.</summary>
    public static IReadOnlyList<(double Alpha, double Ell, Stability Stability)> FixedPointsAtN15 { get; } =
        [(0.3170, -0.0810, Stability.Stable), (0.4648, 0, Stability.Saddle), (0.6329, 0.0740, Stability.Stable)];

    /// <summary>How close the n = 15 points are known (their four decimals).</summary>
    public const double FixedPointTolerance = 3e-4;

    /// <summary>The single fixed point at n = 30 (stable), within 1e-4.</summary>
    public static (double Alpha, double Ell) FixedPointAtN30 { get; } = (0.4766, 0.0576);

    /// <summary>The saddle-node folds of Fig. 5A: one a little below n = 24, one a little above n = 36.</summary>
    public static IReadOnlyList<(double From, double To)> FoldIntervals { get; } = [(23, 24), (36, 37)];

    /// <summary>The transition line T_c(n) of the equal-norm pair G_AA = G_BB = 753, G_AB = 494, to 0.01.</summary>
    public static IReadOnlyList<(double N, double Temperature)> TransitionTemperatures { get; } = [(5, 1070.37), (10, 874.16), (20, 763.98), (30, 723.60)];
}
