using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Bifurcations.Model;
using MathNet.Numerics.Distributions;

namespace Bifurcations.Training;

/// <summary>
/// Steps 2–5 of the training rule (docs/model.md), applied to summed minibatch gradients: per-memory max-abs normalization of both
/// gradients, momentum, label step then clipping to [-1, 1], memory step then renormalization.
/// </summary>
internal static class UpdateRule
{
    /// <summary>One update of the state from the summed gradients of a minibatch.</summary>
    /// <param name="state">The memories and labels, updated in place.</param>
    /// <param name="velocityMemories">The memories' momentum buffer (K×N), updated.</param>
    /// <param name="velocityLabels">The labels' momentum buffer (K×10), updated.</param>
    /// <param name="gradMemories">∂C/∂M summed over the minibatch (K×N).</param>
    /// <param name="gradLabels">∂C/∂l summed over the minibatch (K×10).</param>
    /// <param name="o">The training options (rate, momentum, noise, renormalization).</param>
    /// <param name="epoch">The epoch, which seeds the noise stream.</param>
    /// <param name="batch">The minibatch within the epoch, which seeds the noise stream.</param>
    /// <param name="memoryScales">
    /// Optional (length 2K): for momentum 0 and no noise, receives per memory the step coefficient c and the
    /// renormalization factor s such that M_new = (M + c·∂C/∂M)·s, which lets the trainer update overlaps
    /// without recomputing them.
    /// </param>
    public static void Apply(NetworkState state, double[] velocityMemories, double[] velocityLabels,
        double[] gradMemories, double[] gradLabels, TrainingOptions o, long epoch, int batch, double[]? memoryScales = null)
    {
        int k = state.MemoryCount, n = state.Dimension, c = NetworkState.Classes;
        bool noise = o.LabelNoise > 0 || o.MemoryNoise > 0;
        Parallelism.For(k, o.Threads, mu =>
        {
            Step(gradLabels.AsSpan(mu * c, c), velocityLabels.AsSpan(mu * c, c), state.Label(mu), o.Rate, o.Momentum, out _);
            double step = Step(gradMemories.AsSpan(mu * n, n), velocityMemories.AsSpan(mu * n, n), state.Memory(mu), o.Rate, o.Momentum, out var largest);
            double s = noise ? double.NaN : Bound(state, mu, o.Renormalization, largest);
            if (memoryScales is not null) { memoryScales[2 * mu] = step; memoryScales[2 * mu + 1] = s; }
        });
        if (!noise) return;
        // Noise is drawn sequentially, entry by entry, so its numbers never depend on the thread count.
        if (o.LabelNoise > 0) AddNoise(state.Labels, o.LabelNoise, EpochRandom.For(o.Seed, epoch, batch, EpochRandom.LabelNoise));
        if (o.MemoryNoise > 0) AddNoise(state.Memories, o.MemoryNoise, EpochRandom.For(o.Seed, epoch, batch, EpochRandom.MemoryNoise));
        Parallelism.For(k, o.Threads, mu => Bound(state, mu, o.Renormalization));
    }

    /// <summary>
    /// Labels clipped to [-1, 1]; the memory renormalized (max-norm; returns the factor) or clipped (NaN). <paramref name="largest"/>
    /// is max|M| where the step measured it on the way (null: scanned here).
    /// </summary>
    static double Bound(NetworkState state, int mu, Renormalization how, double? largest = null)
    {
        Clip(state.Label(mu));
        if (how == Renormalization.MaxNorm) return MaxNormalize(state.Memory(mu), largest);
        Clip(state.Memory(mu));
        return double.NaN;
    }

    /// <summary>
    /// G ← G/max|G|; V ← pV − G; X ← X + (ε·V)/max|V|. A zero row stays zero (a fixed point), never NaN.
    /// Divisions are done as multiplications by the reciprocal and the passes are fused: a division costs
    /// ~10× a multiplication in SIMD and this step otherwise takes a third of an epoch. The results differ
    /// from literal division by at most an ulp per entry.
    /// </summary>
    /// <returns>
    /// For momentum 0, the c with X_new = X + c·G (G the raw gradient); NaN otherwise. <paramref name="largest"/> is max|X|
    /// after the step where the step measured it on the way (the common case), else null.
    /// </returns>
    static double Step(Span<double> g, Span<double> v, Span<double> x, double rate, double momentum, out double? largest)
    {
        largest = null;
        double gMax = MaxAbs(g);
        // 1/gMax overflows for a subnormal max (a vanishing gradient at large n): divide there instead.
        bool reciprocal = gMax > 0 && double.IsFinite(1 / gMax);
        if (momentum == 0 && reciprocal)
        {
            // max|V| needs no pass of its own: rounding is monotone and symmetric, so the largest |g_i·r| is |gMax·r|
            // exactly. V, the step and max|X| after it are then formed in one pass (the same doubles as three).
            // Without momentum V is never read again: it is not stored (a K×N write stream, and a third of what a run
            // keeps in its core's cache, saved every epoch).
            double r = -1 / gMax, largestV = Math.Abs(gMax * r);
            largest = StepAndLargest(g, r, rate / largestV, [], x);
            return -rate / largestV / gMax;
        }
        // A zero gradient with no momentum moves nothing (V = 0 would be formed, measured and found 0): return at once.
        // Trained runs reach it often: with m = 30, δ ∝ (c − t)^59 underflows to 0 once c is near its target.
        if (momentum == 0 && gMax == 0) return 0;
        if (momentum == 0)
        {
            if (reciprocal) TensorPrimitives.Multiply(g, -1 / gMax, v);
            else if (gMax > 0) { TensorPrimitives.Divide(g, gMax, v); TensorPrimitives.Negate(v, v); }
            else v.Clear();
        }
        else
        {
            TensorPrimitives.Multiply(v, momentum, v);
            if (reciprocal) TensorPrimitives.MultiplyAdd(g, -1 / gMax, v, v);
            else if (gMax > 0) for (int i = 0; i < v.Length; i++) v[i] -= g[i] / gMax;
        }
        double vMax = MaxAbs(v);
        if (vMax == 0) return momentum == 0 ? 0 : double.NaN;
        TensorPrimitives.MultiplyAdd(v, rate / vMax, x, x);
        return momentum == 0 ? -rate / vMax / gMax : double.NaN; // may be ∞ for a subnormal gMax: the trainer then recomputes
    }

    public static double MaxAbs(ReadOnlySpan<double> row) => row.IsEmpty ? 0 : Checked(Largest(row));

    /// <summary>A max-abs that must be finite: NaN and ∞ are refused with what they most likely mean.</summary>
    static double Checked(double m)
    {
        if (double.IsNaN(m)) throw new NumericalException("a gradient or memory became NaN; the exponent n is probably too large for this temperature (x^n overflowed)");
        if (double.IsInfinity(m)) throw new NumericalException("a gradient or memory overflowed to infinity; lower n or raise the temperature");
        return m;
    }

    /// <summary>
    /// max_i |x_i|, or NaN if any entry is NaN. The plain max-magnitude of TensorPrimitives keeps IEEE semantics lane by
    /// lane (NaN and signed-zero handling) and took 8–13% of an epoch at K = 100, P = 60; here |x| is the sign bit
    /// cleared, four accumulators take the native max, and NaNs are collected in a mask of their own. The max of
    /// magnitudes is exact, so the result is the same double.
    /// </summary>
    internal static double Largest(ReadOnlySpan<double> x)
    {
        int i = 0;
        double m = 0;
        bool nan = false;
        if (Vector256.IsHardwareAccelerated && x.Length >= 16)
        {
            ref double r = ref MemoryMarshal.GetReference(x);
            Vector256<double> a0 = default, a1 = default, a2 = default, a3 = default, bad = default;
            for (; i + 16 <= x.Length; i += 16)
            {
                var (v0, v1) = (Vector256.Abs(Vector256.LoadUnsafe(ref r, (nuint)i)), Vector256.Abs(Vector256.LoadUnsafe(ref r, (nuint)(i + 4))));
                var (v2, v3) = (Vector256.Abs(Vector256.LoadUnsafe(ref r, (nuint)(i + 8))), Vector256.Abs(Vector256.LoadUnsafe(ref r, (nuint)(i + 12))));
                bad |= ~Vector256.Equals(v0, v0) | ~Vector256.Equals(v1, v1) | ~Vector256.Equals(v2, v2) | ~Vector256.Equals(v3, v3);
                (a0, a1, a2, a3) = (Vector256.MaxNative(a0, v0), Vector256.MaxNative(a1, v1), Vector256.MaxNative(a2, v2), Vector256.MaxNative(a3, v3));
            }
            nan = bad != Vector256<double>.Zero;
            var a = Vector256.MaxNative(Vector256.MaxNative(a0, a1), Vector256.MaxNative(a2, a3));
            for (int k = 0; k < 4; k++) m = Math.Max(m, a[k]);
        }
        for (; i < x.Length; i++)
        {
            double v = Math.Abs(x[i]);
            nan |= double.IsNaN(v);
            m = Math.Max(m, v);
        }
        return nan ? double.NaN : m;
    }

    /// <summary>
    /// v_i = g_i·r and x_i ← v_i·s + x_i (a product, then a sum, as TensorPrimitives' Multiply and MultiplyAdd form
    /// them), returning max_i |x_i| after the step, or NaN if any is NaN: three passes over a memory's row in one.
    /// v is stored only when <paramref name="v"/> is not empty.
    /// </summary>
    internal static double StepAndLargest(ReadOnlySpan<double> g, double r, double s, Span<double> v, Span<double> x) => StepAndLargest(g, r, s, v, x, x);

    /// <summary>
    /// The same step read from <paramref name="x"/> and written to <paramref name="y"/> (y_i = v_i·s + x_i; the two may be
    /// one row): a caller that must keep the row it steps from saves copying it first.
    /// </summary>
    internal static double StepAndLargest(ReadOnlySpan<double> g, double r, double s, Span<double> v, ReadOnlySpan<double> x, Span<double> y)
    {
        if (g.Length != x.Length || y.Length != x.Length || !v.IsEmpty && v.Length != x.Length) throw new ArgumentException("rows differ in length");
        bool store = !v.IsEmpty;
        int i = 0;
        double m = 0;
        bool nan = false;
        if (Vector256.IsHardwareAccelerated && x.Length >= 8)
        {
            ref double rg = ref MemoryMarshal.GetReference(g);
            ref double rv = ref MemoryMarshal.GetReference(v);
            ref double rx = ref MemoryMarshal.GetReference(x);
            ref double ry = ref MemoryMarshal.GetReference(y);
            var (vr, vs) = (Vector256.Create(r), Vector256.Create(s));
            Vector256<double> a0 = default, a1 = default, bad = default;
            for (; i + 8 <= x.Length; i += 8)
            {
                var (v0, v1) = (Vector256.LoadUnsafe(ref rg, (nuint)i) * vr, Vector256.LoadUnsafe(ref rg, (nuint)(i + 4)) * vr);
                if (store) { v0.StoreUnsafe(ref rv, (nuint)i); v1.StoreUnsafe(ref rv, (nuint)(i + 4)); }
                var (x0, x1) = (v0 * vs + Vector256.LoadUnsafe(ref rx, (nuint)i), v1 * vs + Vector256.LoadUnsafe(ref rx, (nuint)(i + 4)));
                x0.StoreUnsafe(ref ry, (nuint)i); x1.StoreUnsafe(ref ry, (nuint)(i + 4));
                (x0, x1) = (Vector256.Abs(x0), Vector256.Abs(x1));
                bad |= ~Vector256.Equals(x0, x0) | ~Vector256.Equals(x1, x1);
                (a0, a1) = (Vector256.MaxNative(a0, x0), Vector256.MaxNative(a1, x1));
            }
            nan = bad != Vector256<double>.Zero;
            var a = Vector256.MaxNative(a0, a1);
            for (int k = 0; k < 4; k++) m = Math.Max(m, a[k]);
        }
        for (; i < x.Length; i++)
        {
            double vi = g[i] * r;
            if (store) v[i] = vi;
            y[i] = vi * s + x[i];
            double ax = Math.Abs(y[i]);
            nan |= double.IsNaN(ax);
            m = Math.Max(m, ax);
        }
        return nan ? double.NaN : m;
    }

    static void Clip(Span<double> row)
    {
        TensorPrimitives.Min(row, 1.0, row);
        TensorPrimitives.Max(row, -1.0, row);
    }

    /// <summary>Max-norm conservation: a row whose largest |entry| exceeds 1 is divided by it.</summary>
    static double MaxNormalize(Span<double> row, double? largest)
    {
        double m = largest is { } known ? Checked(known) : MaxAbs(row);
        if (!(m > 1)) return 1;
        TensorPrimitives.Multiply(row, 1 / m, row);
        return 1 / m;
    }

    static void AddNoise(double[] values, double std, Random rng)
    {
        for (int i = 0; i < values.Length; i++) values[i] += Normal.Sample(rng, 0, std);
    }
}
