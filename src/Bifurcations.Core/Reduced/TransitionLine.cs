namespace Bifurcations.Reduced;

/// <summary>
/// The feature-to-prototype transition line of SPEC §5 in closed form: the temperature at which a memory
/// equal to the perfect mixture of two samples costs as much as the idealized single-digit memory,
/// T_c(n) = (G_AA + G_AB) / (2 · atanh(1 − (1/2)^(1/(2n)))^(1/n)), where G_AB is G_AA′ for two samples of
/// one class (intra) or the inter-digit entry.
/// </summary>
public static class TransitionLine
{
    public static double Temperature(double gaa, double gab, double n)
    {
        if (!(n > 0)) throw new UsageException($"exponent n = {n} is invalid: n must be > 0");
        double x = Math.Atanh(1 - Math.Pow(0.5, 1 / (2 * n)));
        return (gaa + gab) / (2 * Math.Pow(x, 1 / n));
    }

    /// <summary>(n, T_c/784) for n from <paramref name="from"/> to <paramref name="to"/>.</summary>
    public static IReadOnlyList<(double N, double ReducedTemperature)> Reduced(GramPair g, double from, double to, int points = 200) =>
        Enumerable.Range(0, points).Select(i => from + (to - from) * i / (points - 1))
            .Select(n => (n, Temperature(g.AA, g.AB, n) / Model.NetworkParameters.PixelCount)).ToArray();
}
