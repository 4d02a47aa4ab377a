namespace Bifurcations.Linearization;

/// <summary>
/// A real number as a sign and the natural log of its magnitude: sign·e^Log. The Jacobian of the reduced
/// field at low temperature has entries like 10^400 (the label's slope divided by the saturated labels'
/// vanishing error), which no double holds; their products, sums and square roots still have a sign and a
/// magnitude, and that is what stability and the eigenvalues need.
/// </summary>
public readonly record struct LogNumber(int Sign, double Log)
{
    /// <summary>Zero.</summary>
    public static readonly LogNumber Zero = new(0, double.NegativeInfinity);

    /// <summary>A double as a log number.</summary>
    public static LogNumber FromDouble(double x) => x == 0 ? Zero : new(SignOf(x), Math.Log(Math.Abs(x)));

    /// <summary>mantissa·e^exponent.</summary>
    public static LogNumber Of(double mantissa, double exponent) =>
        mantissa == 0 || double.IsNegativeInfinity(exponent) ? Zero : new(SignOf(mantissa), Math.Log(Math.Abs(mantissa)) + exponent);

    /// <summary>The sign, or the library's own error for NaN (a field evaluated beyond what doubles hold, e.g. G = 1e56).</summary>
    static int SignOf(double x) => double.IsNaN(x)
        ? throw new NumericalException("a term of the reduced field is undefined (NaN) here: the inputs are beyond what double precision can evaluate")
        : Math.Sign(x);

    /// <summary>Whether the number is zero.</summary>
    public bool IsZero => Sign == 0;

    /// <summary>log10 of the magnitude (−∞ for 0).</summary>
    public double Log10 => Sign == 0 ? double.NegativeInfinity : Log / Math.Log(10);

    /// <summary>The value as a double: ±∞ above the double range, 0 below it.</summary>
    public double ToDouble() => Sign == 0 ? 0 : Sign * Math.Exp(Log);

    /// <summary>Negation.</summary>
    public static LogNumber operator -(LogNumber a) => new(-a.Sign, a.Log);

    /// <summary>Product.</summary>
    public static LogNumber operator *(LogNumber a, LogNumber b) => a.IsZero || b.IsZero ? Zero : new(a.Sign * b.Sign, a.Log + b.Log);

    /// <summary>Quotient (division by zero is a <see cref="NumericalException"/>).</summary>
    public static LogNumber operator /(LogNumber a, LogNumber b)
    {
        if (b.IsZero) throw new DivideByZeroException("LogNumber division by zero");
        return a.IsZero ? Zero : new(a.Sign * b.Sign, a.Log - b.Log);
    }

    /// <summary>Sum, computed from the larger magnitude so that nothing overflows.</summary>
    public static LogNumber operator +(LogNumber a, LogNumber b)
    {
        if (a.IsZero) return b;
        if (b.IsZero) return a;
        var (big, small) = a.Log >= b.Log ? (a, b) : (b, a);
        double r = Math.Exp(small.Log - big.Log); // ≤ 1
        if (big.Sign == small.Sign) return new(big.Sign, big.Log + Log1P(r));
        if (r == 1) return Zero;
        return new(big.Sign, big.Log + Log1P(-r));
    }

    /// <summary>Difference.</summary>
    public static LogNumber operator -(LogNumber a, LogNumber b) => a + -b;

    /// <summary>log(1 + x) accurate for small x (Goldberg's correction: .NET's LogP1 is log(1 + x) as written).</summary>
    internal static double Log1P(double x)
    {
        double u = 1 + x;
        return u == 1 ? x : Math.Log(u) * x / (u - 1);
    }

    /// <summary>a/2.</summary>
    public static LogNumber Half(LogNumber a) => a.IsZero ? a : new(a.Sign, a.Log - Math.Log(2));

    /// <summary>√a for a ≥ 0.</summary>
    public static LogNumber Sqrt(LogNumber a)
    {
        if (a.Sign < 0) throw new ArgumentOutOfRangeException(nameof(a), "square root of a negative LogNumber");
        return a.IsZero ? a : new(1, 0.5 * a.Log);
    }

    /// <summary>The number as ±10^x.</summary>
    public override string ToString() => Sign == 0 ? "0" : FormattableString.Invariant($"{(Sign < 0 ? "-" : "")}10^{Log10:F3}");
}
