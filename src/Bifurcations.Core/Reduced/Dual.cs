namespace Bifurcations.Reduced;

/// <summary>
/// A forward-mode dual number v + d·ε (ε² = 0): evaluating a function on duals gives its value and its
/// exact directional derivative together. The reduced systems are stiff (Jacobian entries reach ~1e7),
/// so finite differences would need steps far below the scale of ℓ; duals have no step at all.
/// </summary>
internal readonly record struct Dual(double Value, double Derivative) : ISpanScalar<Dual>
{
    public static Dual Of(double value, double derivative) => new(value, derivative);
    public static Dual Constant(double v) => new(v, 0);
    public static Dual Variable(double v) => new(v, 1);
    public static implicit operator Dual(double v) => new(v, 0);

    public static Dual operator +(Dual a, Dual b) => new(a.Value + b.Value, a.Derivative + b.Derivative);
    public static Dual operator -(Dual a, Dual b) => new(a.Value - b.Value, a.Derivative - b.Derivative);
    public static Dual operator -(Dual a) => new(-a.Value, -a.Derivative);
    public static Dual operator *(Dual a, Dual b) => new(a.Value * b.Value, a.Derivative * b.Value + a.Value * b.Derivative);
    public static Dual operator /(Dual a, Dual b)
    {
        double q = a.Value / b.Value; // (a' − q b')/b, not (a'b − ab')/b²: b² underflows long before b does
        return new(q, (a.Derivative - q * b.Derivative) / b.Value);
    }

    public static bool operator <(Dual a, Dual b) => a.Value < b.Value;
    public static bool operator >(Dual a, Dual b) => a.Value > b.Value;
    public static bool operator <=(Dual a, Dual b) => a.Value <= b.Value;
    public static bool operator >=(Dual a, Dual b) => a.Value >= b.Value;

    public static Dual Exp(Dual a)
    {
        double e = Math.Exp(a.Value);
        return new(e, e * a.Derivative);
    }

    public static Dual Log(Dual a) => new(Math.Log(a.Value), a.Derivative / a.Value);

    public static Dual Tanh(Dual a)
    {
        double t = Math.Tanh(a.Value);
        return new(t, (1 - t * t) * a.Derivative);
    }

    /// <summary>|a|; at 0 the derivative is that of the side the zero's sign bit names (−0 gives the left one).</summary>
    public static Dual Abs(Dual a) => double.IsNegative(a.Value) ? -a : a;

    public static Dual Max(Dual a, Dual b) => a.Value >= b.Value ? a : b;

    /// <summary>
    /// log(1 + e^z) without overflow: max(z, 0) + log(1 + e^−|z|). Accurate in absolute terms (an ulp of 1), which is
    /// what its callers need (they add it to 2u or subtract it from log 2); not to relative precision for z ≪ 0.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public static Dual Softplus(Dual z)
    {
        double e = Math.Exp(-Math.Abs(z.Value));
        double value = Math.Max(z.Value, 0) + Math.Log(1 + e);
        double sigmoid = z.Value >= 0 ? 1 / (1 + e) : e / (1 + e);
        return new(value, sigmoid * z.Derivative);
    }

    /// <summary>a^p for a &gt; 0 and a real exponent p.</summary>
    public static Dual Pow(Dual a, double p)
    {
        if (p == 1 && a.Value != 0) return a; // exactly what the general form gives (pow(x, 1) = x, x/x = 1), without the pow
        double v = Math.Pow(a.Value, p);
        return new(v, a.Value == 0 ? 0 : p * v / a.Value * a.Derivative);
    }

    public override string ToString() => $"{Value:R} + {Derivative:R}ε";
}
