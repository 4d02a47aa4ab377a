using System.Globalization;
using Bifurcations.Model;
using FsCheck;
using FsCheck.Fluent;

namespace Bifurcations.Testing;

/// <summary>
/// The network's exponent n and reduced temperature T_r = T/T_n (docs/reduced-model.md, "Range"): the parameters a
/// user sweeps. <see cref="Parameters"/> turns them into n, m = n and T.
/// </summary>
public sealed record ParameterCase(double Exponent, double ReducedTemperature)
{
    /// <summary>The network parameters (cost exponent m = n, T = T_r·T_n).</summary>
    public NetworkParameters Parameters => NetworkParameters.FromReducedTemperature(Exponent, ReducedTemperature);

    /// <summary>n and T_r with all their digits.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"ParameterCase(n {Exponent:R}, T_r {ReducedTemperature:R})");

    /// <summary>
    /// n uniform in [<paramref name="minExponent"/>, <paramref name="maxExponent"/>] and T_r in
    /// [<paramref name="minTemperature"/>, <paramref name="maxTemperature"/>] (the realistic range by default: n 1.5–80,
    /// T_r 0.55–1.25); shrinks to whole n and T_r in hundredths, inside the same ranges.
    /// </summary>
    public static Arbitrary<ParameterCase> Arbitrary(double minExponent = 1.5, double maxExponent = 80, double minTemperature = 0.55, double maxTemperature = 1.25)
    {
        if (!(minExponent >= 1) || !(maxExponent >= minExponent) || !double.IsFinite(maxExponent)) throw new ArgumentException($"n {minExponent}–{maxExponent} is not a valid range (n ≥ 1)");
        if (!(minTemperature > 0) || !(maxTemperature >= minTemperature) || !double.IsFinite(maxTemperature)) throw new ArgumentException($"T_r {minTemperature}–{maxTemperature} is not a valid range (T_r > 0)");
        var gen =
            from n in Gen.Choose(0, 1_000_000)
            from t in Gen.Choose(0, 1_000_000)
            select new ParameterCase(minExponent + (maxExponent - minExponent) * n / 1e6, minTemperature + (maxTemperature - minTemperature) * t / 1e6);
        IEnumerable<ParameterCase> Shrink(ParameterCase x)
        {
            double n = Math.Round(x.Exponent), t = Math.Round(x.ReducedTemperature, 2);
            if (n != x.Exponent && n >= minExponent && n <= maxExponent) yield return x with { Exponent = n };
            if (t != x.ReducedTemperature && t >= minTemperature && t <= maxTemperature) yield return x with { ReducedTemperature = t };
        }
        return Arb.From(gen, Shrink);
    }
}
