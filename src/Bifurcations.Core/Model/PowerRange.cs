using System.Globalization;

namespace Bifurcations.Model;

/// <summary>
/// Where x^n = (overlap/T)^n can be computed in plain doubles. The training engine, the span and group systems and the
/// three-category model evaluate x^n as a double: above e^690 it overflows, and once even the largest overlap a memory
/// can reach gives x^n below e^−690 every gradient underflows to 0, so nothing moves and a run would silently report
/// its start as the outcome. Both are refused up front with the values that cause them (docs/model.md, "Where
/// doubles end"). The two-digit pair model works in log form and has its own, wider limit.
/// </summary>
public static class PowerRange
{
    /// <summary>|log x^n| allowed: e^690 ≈ 10^300 leaves headroom below the largest double for sums over memories.</summary>
    public const double MaxLogPower = 690;

    /// <summary>Throws a <see cref="NumericalException"/> if x^n can overflow, for overlaps up to <paramref name="largestOverlap"/>.</summary>
    public static void EnsureNoOverflow(NetworkParameters parameters, double largestOverlap, string what)
    {
        double logPower = LogPower(parameters, largestOverlap);
        if (logPower > MaxLogPower)
            throw new NumericalException($"{what}: x^n reaches {Decades(logPower)} at n = {G(parameters.Exponent)}, T = {G(parameters.Temperature)} (largest overlap {G(largestOverlap)}), beyond double precision: lower n or raise T");
    }

    /// <summary>Throws a <see cref="NumericalException"/> if x^n underflows even at the largest overlap <paramref name="largestOverlap"/>.</summary>
    public static void EnsureNoUnderflow(NetworkParameters parameters, double largestOverlap, string what)
    {
        double logPower = LogPower(parameters, largestOverlap);
        if (!(logPower >= -MaxLogPower))
            throw new NumericalException($"{what}: x^n is at most {Decades(logPower)} at n = {G(parameters.Exponent)}, T = {G(parameters.Temperature)} (largest overlap {G(largestOverlap)}): every gradient underflows in double precision and nothing would move; lower T or n");
    }

    /// <summary>Both checks.</summary>
    public static void Ensure(NetworkParameters parameters, double largestOverlap, string what)
    {
        EnsureNoOverflow(parameters, largestOverlap, what);
        EnsureNoUnderflow(parameters, largestOverlap, what);
    }

    static double LogPower(NetworkParameters p, double largestOverlap) =>
        largestOverlap > 0 ? p.Exponent * (Math.Log(largestOverlap) - Math.Log(p.Temperature)) : double.NegativeInfinity;

    static string Decades(double logPower) => double.IsFinite(logPower)
        ? "10^" + (logPower / Math.Log(10)).ToString("F0", CultureInfo.InvariantCulture)
        : logPower > 0 ? "more than 10^(10^308)" : "0";

    static string G(double v) => v.ToString("G6", CultureInfo.InvariantCulture);
}
