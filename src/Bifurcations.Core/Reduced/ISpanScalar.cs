namespace Bifurcations.Reduced;

/// <summary>
/// The arithmetic the span gradient is written in, so one text of it serves both its uses: plain values for the exact
/// group map (<see cref="PlainScalar"/>, stepped ten thousand times per run) and values with a directional derivative for the
/// continuation's Jacobians (<see cref="Dual"/>). The JIT compiles each instance on its own, so <see cref="PlainScalar"/> costs
/// what doubles cost.
/// </summary>
internal interface ISpanScalar<T> where T : struct, ISpanScalar<T>
{
    double Value { get; }
    double Derivative { get; }
    /// <summary>A value with its derivative (dropped by <see cref="PlainScalar"/>).</summary>
    static abstract T Of(double value, double derivative);
    static abstract T operator +(T a, T b);
    static abstract T operator -(T a);
    static abstract T operator *(T a, T b);
    static abstract T operator /(T a, T b);
    /// <summary>|a|, as <see cref="Dual.Abs"/> takes it (the sign bit decides, so −0 gives 0).</summary>
    static abstract T Abs(T a);
}

/// <summary>A plain double in the span gradient's arithmetic: the same values as <see cref="Dual"/>'s, without derivatives.</summary>
internal readonly record struct PlainScalar(double Value) : ISpanScalar<PlainScalar>
{
    public double Derivative => 0;
    public static PlainScalar Of(double value, double derivative) => new(value);
    public static PlainScalar operator +(PlainScalar a, PlainScalar b) => new(a.Value + b.Value);
    public static PlainScalar operator -(PlainScalar a) => new(-a.Value);
    public static PlainScalar operator *(PlainScalar a, PlainScalar b) => new(a.Value * b.Value);
    public static PlainScalar operator /(PlainScalar a, PlainScalar b) => new(a.Value / b.Value);
    public static PlainScalar Abs(PlainScalar a) => double.IsNegative(a.Value) ? -a : a;
}
