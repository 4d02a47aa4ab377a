using Bifurcations.Linearization;
namespace Bifurcations.Reduced;

/// <summary>
/// A dual number with a shared natural-log scale: (Value + Derivative·ε)·e^Exponent. The terms of the
/// reduced fields span thousands of decades at low temperature (the saturated labels' error falls like
/// e^{−4m·x^n}), so neither a term nor its derivative fits a double; their mantissas do. Sums align the
/// scales, products add them, and a ratio of two comparable quantities comes out as a plain number.
/// See docs/reduced-model.md, "Numerics".
/// </summary>
internal readonly record struct ScaledDual(double Value, double Derivative, double Exponent)
{
    /// <summary>Exact zero (value and derivative), with the smallest scale so that it never dominates a sum.</summary>
    public static readonly ScaledDual Zero = new(0, 0, double.NegativeInfinity);

    public bool IsZero => Value == 0 && Derivative == 0;

    /// <summary>A plain dual number.</summary>
    public static ScaledDual From(Dual d) => Normalize(d.Value, d.Derivative, 0);

    /// <summary>sign·e^{log}: the derivative of log carries over as sign·log'·e^{log}.</summary>
    public static ScaledDual Exp(Dual log, double sign = 1) =>
        double.IsNegativeInfinity(log.Value) || sign == 0 ? Zero : new ScaledDual(sign, sign * log.Derivative, log.Value);

    public static ScaledDual operator +(ScaledDual a, ScaledDual b)
    {
        if (a.IsZero) return b;
        if (b.IsZero) return a;
        double e = Math.Max(a.Exponent, b.Exponent);
        double fa = Math.Exp(a.Exponent - e), fb = Math.Exp(b.Exponent - e);
        return Normalize(a.Value * fa + b.Value * fb, a.Derivative * fa + b.Derivative * fb, e);
    }

    public static ScaledDual operator -(ScaledDual a) => new(-a.Value, -a.Derivative, a.Exponent);
    public static ScaledDual operator -(ScaledDual a, ScaledDual b) => a + -b;

    public static ScaledDual operator *(ScaledDual a, ScaledDual b) =>
        a.IsZero || b.IsZero ? Zero : Normalize(a.Value * b.Value, a.Derivative * b.Value + a.Value * b.Derivative, a.Exponent + b.Exponent);

    public static ScaledDual operator *(double c, ScaledDual a) => c == 0 || a.IsZero ? Zero : new(c * a.Value, c * a.Derivative, a.Exponent);
    public static ScaledDual operator *(Dual c, ScaledDual a) => From(c) * a;

    /// <summary>a/b as (a'/b − q·b'/b) with q = a/b: b² is never formed.</summary>
    public static ScaledDual operator /(ScaledDual a, ScaledDual b)
    {
        if (a.IsZero) return Zero;
        double q = a.Value / b.Value;
        return Normalize(q, (a.Derivative - q * b.Derivative) / b.Value, a.Exponent - b.Exponent);
    }

    /// <summary>|a|, by the sign of the value (the derivative of the side the value's sign names).</summary>
    public static ScaledDual Abs(ScaledDual a) => double.IsNegative(a.Value) ? -a : a;

    public static ScaledDual Max(ScaledDual a, ScaledDual b) => Compare(a, b) >= 0 ? a : b;

    /// <summary>The sign of a − b by value.</summary>
    public static int Compare(ScaledDual a, ScaledDual b) => Math.Sign((a - b).Value);

    /// <summary>The value as a double (0 or ±∞ outside the double range).</summary>
    public double ToDouble() => Value == 0 ? 0 : Value * Math.Exp(Exponent);

    /// <summary>The derivative as a double (0 or ±∞ outside the double range).</summary>
    public double DerivativeToDouble() => Derivative == 0 ? 0 : Derivative * Math.Exp(Exponent);

    /// <summary>log|value| (−∞ for 0).</summary>
    public double LogAbs => Value == 0 ? double.NegativeInfinity : Math.Log(Math.Abs(Value)) + Exponent;

    /// <summary>The derivative as a signed log-magnitude entry.</summary>
    public LogNumber DerivativeLog => LogNumber.Of(Derivative, Exponent);

    /// <summary>The value as a signed log-magnitude entry.</summary>
    public LogNumber ValueLog => LogNumber.Of(Value, Exponent);

    /// <summary>Keeps the mantissas within 1e±200 by moving their magnitude into the exponent.</summary>
    static ScaledDual Normalize(double v, double d, double e)
    {
        double m = Math.Max(Math.Abs(v), Math.Abs(d));
        if (m == 0) return Zero;
        if (m is > 1e-200 and < 1e200 || double.IsNaN(m) || double.IsInfinity(m)) return new(v, d, e);
        double k = Math.Log(m);
        return new(v / m, d / m, e + k);
    }
}
