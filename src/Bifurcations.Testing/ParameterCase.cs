using System.Globalization;
using Bifurcations.Model;
using FsCheck;
using FsCheck.Fluent;

namespace Bifurcations.Testing;

/// <summary>
/// The network's exponent n and reduced temperature T_r = T/T_n (docs/reduced-model.md, "Range"), and the cost exponent
/// m where it is drawn apart from n: the parameters a user sweeps. <see cref="Parameters"/> turns them into n, m and T.
/// </summary>
/// <param name="Exponent">The exponent n.</param>
/// <param name="ReducedTemperature">T_r = T/784.</param>
/// <param name="CostExponent">The cost exponent m, or null for the paper's m = n.</param>
public sealed record ParameterCase(double Exponent, double ReducedTemperature, double? CostExponent = null)
{
    /// <summary>The network parameters (cost exponent m, or m = n; T = T_r·784).</summary>
    public NetworkParameters Parameters => NetworkParameters.FromReducedTemperature(Exponent, ReducedTemperature, CostExponent);

    /// <summary>n, T_r and m (when drawn) with all their digits.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"ParameterCase(n {Exponent:R}, T_r {ReducedTemperature:R}{(CostExponent is { } m ? $", m {m:R}" : "")})");

    /// <summary>
    /// n uniform in [<paramref name="minExponent"/>, <paramref name="maxExponent"/>] and T_r in
    /// [<paramref name="minTemperature"/>, <paramref name="maxTemperature"/>] (the realistic range by default: n 1.5–80,
    /// T_r 0.55–1.25), and m = n unless a range [<paramref name="minCostExponent"/>, <paramref name="maxCostExponent"/>]
    /// is given, from which m is drawn on its own; shrinks to whole n and m and T_r in hundredths, inside the same ranges.
    /// </summary>
    public static Arbitrary<ParameterCase> Arbitrary(double minExponent = 1.5, double maxExponent = 80, double minTemperature = 0.55, double maxTemperature = 1.25,
        double? minCostExponent = null, double? maxCostExponent = null)
    {
        if (!(minExponent >= 1) || !(maxExponent >= minExponent) || !double.IsFinite(maxExponent)) throw new ArgumentException($"n {minExponent}–{maxExponent} is not a valid range (n ≥ 1)");
        if (!(minTemperature > 0) || !(maxTemperature >= minTemperature) || !double.IsFinite(maxTemperature)) throw new ArgumentException($"T_r {minTemperature}–{maxTemperature} is not a valid range (T_r > 0)");
        if (minCostExponent.HasValue != maxCostExponent.HasValue) throw new ArgumentException("give both ends of the cost exponent's range, or neither (m = n)");
        double mLow = minCostExponent ?? 0, mHigh = maxCostExponent ?? 0;
        if (minCostExponent.HasValue && (!(mLow >= 1) || !(mHigh >= mLow) || !double.IsFinite(mHigh))) throw new ArgumentException($"m {mLow}–{mHigh} is not a valid range (m ≥ 1)");
        var gen =
            from n in Gen.Choose(0, 1_000_000)
            from t in Gen.Choose(0, 1_000_000)
            from m in Gen.Choose(0, 1_000_000)
            select new ParameterCase(minExponent + (maxExponent - minExponent) * n / 1e6, minTemperature + (maxTemperature - minTemperature) * t / 1e6,
                minCostExponent.HasValue ? mLow + (mHigh - mLow) * m / 1e6 : null);
        IEnumerable<ParameterCase> Shrink(ParameterCase x)
        {
            double n = Math.Round(x.Exponent), t = Math.Round(x.ReducedTemperature, 2);
            if (n != x.Exponent && n >= minExponent && n <= maxExponent) yield return x with { Exponent = n };
            if (t != x.ReducedTemperature && t >= minTemperature && t <= maxTemperature) yield return x with { ReducedTemperature = t };
            if (x.CostExponent is { } m && Math.Round(m) is var w && w != m && w >= mLow && w <= mHigh) yield return x with { CostExponent = w };
        }
        return Arb.From(gen, Shrink);
    }
}
