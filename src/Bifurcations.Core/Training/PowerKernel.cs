using System.Runtime.Intrinsics;

namespace Bifurcations.Training;

/// <summary>
/// F = F_n(x) and F' = n·F/x over a row of overlaps, the engine's hottest element-wise step. For an
/// integer n ≤ 256 it multiplies by repeated squaring, eight or four lanes at a time (about log2(n) products,
/// within a few ulp of Math.Pow); otherwise it calls Math.Pow per entry.
/// </summary>
internal sealed class PowerKernel
{
    readonly double _n;
    readonly int _integer; // 0 when n is not a small integer

    public PowerKernel(double exponent)
    {
        _n = exponent;
        _integer = exponent == Math.Floor(exponent) && exponent <= 256 ? (int)exponent : 0;
    }

    /// <summary>x_i = overlap_i / T; F_i = x_i^n and F'_i = n F_i / x_i where x_i &gt; 0, else 0 (F' not stored when <paramref name="df"/> is empty).</summary>
    public void Apply(ReadOnlySpan<double> overlap, double temperature, Span<double> f, Span<double> df)
    {
        int i = 0;
        if (_integer > 0 && Vector512.IsHardwareAccelerated)
        {
            // Eight lanes of the same per-lane operations as the four below and the scalar tail: the same doubles.
            var t = Vector512.Create(temperature);
            var n = Vector512.Create(_n);
            for (; i + 8 <= overlap.Length; i += 8)
            {
                var x = Vector512.Create(overlap.Slice(i, 8)) / t;
                var positive = Vector512.GreaterThan(x, Vector512<double>.Zero);
                var p = Power(Vector512.ConditionalSelect(positive, x, Vector512<double>.One), _integer);
                Vector512.ConditionalSelect(positive, p, Vector512<double>.Zero).CopyTo(f.Slice(i, 8));
                if (!df.IsEmpty) Vector512.ConditionalSelect(positive, n * p / x, Vector512<double>.Zero).CopyTo(df.Slice(i, 8));
            }
        }
        if (_integer > 0 && Vector256.IsHardwareAccelerated)
        {
            var t = Vector256.Create(temperature);
            var n = Vector256.Create(_n);
            for (; i + 4 <= overlap.Length; i += 4)
            {
                var x = Vector256.Create(overlap.Slice(i, 4)) / t;
                var positive = Vector256.GreaterThan(x, Vector256<double>.Zero);
                var p = Power(Vector256.ConditionalSelect(positive, x, Vector256<double>.One), _integer);
                Vector256.ConditionalSelect(positive, p, Vector256<double>.Zero).CopyTo(f.Slice(i, 4));
                if (!df.IsEmpty) Vector256.ConditionalSelect(positive, n * p / x, Vector256<double>.Zero).CopyTo(df.Slice(i, 4));
            }
        }
        for (; i < overlap.Length; i++)
        {
            double x = overlap[i] / temperature;
            double p = x > 0 ? (_integer > 0 ? Power(x, _integer) : Math.Pow(x, _n)) : 0;
            f[i] = p;
            if (!df.IsEmpty) df[i] = p > 0 ? _n * p / x : 0;
        }
    }

    /// <summary>
    /// coef_i = (b_i · F'_i) / T with b_i = Σ_d labels[d]·δᵀ[d, i] (a fused chain over the 10 classes in order) and
    /// F'_i = n·F_i/x_i, x_i = overlap_i/T (0 where x_i ≤ 0): the same operations, in the same order, as a 1×10 by
    /// 10×B product, then F' from <see cref="Apply"/>, then a multiply and a divide, so the result is bit-identical to
    /// that sequence; but F' is never stored, which saves a K×P array (480 MB at K = 1 000, P = 60 000).
    /// <paramref name="coef"/> may be <paramref name="overlap"/> itself.
    /// </summary>
    public void BackPropagate(ReadOnlySpan<double> labels, ReadOnlySpan<double> deltaT, int classes, ReadOnlySpan<double> overlap,
        ReadOnlySpan<double> f, double temperature, Span<double> coef)
    {
        int b = overlap.Length, i = 0;
        if (deltaT.Length < (long)classes * b || f.Length < b || coef.Length < b || labels.Length < classes)
            throw new ArgumentException("back-propagation rows are shorter than their shapes");
        if (Vector512.IsHardwareAccelerated && classes <= MaxClasses)
        {
            // Eight lanes of the same per-lane operations as the four below and the scalar tail (the same doubles), the
            // labels broadcast once per row rather than once per step.
            Span<Vector512<double>> l = stackalloc Vector512<double>[classes];
            for (int d = 0; d < classes; d++) l[d] = Vector512.Create(labels[d]);
            var t = Vector512.Create(temperature);
            var n = Vector512.Create(_n);
            ref double rd = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(deltaT);
            for (; i + 8 <= b; i += 8)
            {
                var s = Vector512<double>.Zero;
                for (int d = 0; d < classes; d++) s = Vector512.FusedMultiplyAdd(l[d], Vector512.LoadUnsafe(ref rd, (nuint)(d * b + i)), s);
                var x = Vector512.Create(overlap.Slice(i, 8)) / t;
                var df = Vector512.ConditionalSelect(Vector512.GreaterThan(x, Vector512<double>.Zero), n * Vector512.Create(f.Slice(i, 8)) / x, Vector512<double>.Zero);
                (s * df / t).CopyTo(coef.Slice(i, 8));
            }
        }
        if (Vector256.IsHardwareAccelerated)
        {
            var t = Vector256.Create(temperature);
            var n = Vector256.Create(_n);
            for (; i + 4 <= b; i += 4)
            {
                var s = Vector256<double>.Zero;
                for (int d = 0; d < classes; d++) s = Vector256.FusedMultiplyAdd(Vector256.Create(labels[d]), Vector256.Create(deltaT.Slice(d * b + i, 4)), s);
                var x = Vector256.Create(overlap.Slice(i, 4)) / t;
                var df = Vector256.ConditionalSelect(Vector256.GreaterThan(x, Vector256<double>.Zero), n * Vector256.Create(f.Slice(i, 4)) / x, Vector256<double>.Zero);
                (s * df / t).CopyTo(coef.Slice(i, 4));
            }
        }
        for (; i < b; i++)
        {
            double s = 0;
            for (int d = 0; d < classes; d++) s = Math.FusedMultiplyAdd(labels[d], deltaT[d * b + i], s);
            double x = overlap[i] / temperature, p = f[i];
            double df = p > 0 ? _n * p / x : 0;
            coef[i] = s * df / temperature;
        }
    }

    /// <summary>Classes the stack-held label broadcasts of <see cref="BackPropagate"/> allow (the network has 10).</summary>
    const int MaxClasses = 64;

    static Vector512<double> Power(Vector512<double> x, int e)
    {
        var result = Vector512<double>.One;
        while (true)
        {
            if ((e & 1) != 0) result *= x;
            e >>= 1;
            if (e == 0) return result;
            x *= x;
        }
    }

    static Vector256<double> Power(Vector256<double> x, int e)
    {
        var result = Vector256<double>.One;
        while (true)
        {
            if ((e & 1) != 0) result *= x;
            e >>= 1;
            if (e == 0) return result;
            x *= x;
        }
    }

    /// <summary>The same products in the same order as the vector path, so tails match the lanes bit for bit.</summary>
    internal static double Power(double x, int e)
    {
        double result = 1;
        while (true)
        {
            if ((e & 1) != 0) result *= x;
            e >>= 1;
            if (e == 0) return result;
            x *= x;
        }
    }
}

/// <summary>x^p for x ≥ 0: repeated squaring for an integer p ≤ 256 (e.g. 2m − 1 = 59), Math.Pow otherwise.</summary>
internal readonly struct ScalarPower(double exponent)
{
    readonly int _integer = exponent == Math.Floor(exponent) && exponent is >= 0 and <= 256 ? (int)exponent : -1;

    public double Pow(double x) => _integer >= 0 ? PowerKernel.Power(x, _integer) : Math.Pow(x, exponent);
}
