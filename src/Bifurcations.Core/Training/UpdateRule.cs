using Bifurcations.Model;
using System.Numerics.Tensors;
using MathNet.Numerics.Distributions;

namespace Bifurcations.Training;

/// <summary>
/// Steps 2–5 of SPEC §2, applied to summed minibatch gradients: per-memory max-abs normalization of both
/// gradients, momentum, label step then clipping to [-1, 1], memory step then renormalization.
/// </summary>
public static class UpdateRule
{
    public static void Apply(NetworkState state, double[] velocityMemories, double[] velocityLabels,
        double[] gradMemories, double[] gradLabels, TrainingOptions o, long epoch, int batch)
    {
        int k = state.MemoryCount, n = state.Dimension, c = NetworkState.Classes;
        bool noise = o.LabelNoise > 0 || o.MemoryNoise > 0;
        Parallelism.For(k, o.Threads, mu =>
        {
            Step(gradLabels.AsSpan(mu * c, c), velocityLabels.AsSpan(mu * c, c), state.Label(mu), o.Rate, o.Momentum);
            Step(gradMemories.AsSpan(mu * n, n), velocityMemories.AsSpan(mu * n, n), state.Memory(mu), o.Rate, o.Momentum);
            if (!noise) Bound(state, mu, o.Renormalization);
        });
        if (!noise) return;
        // Noise is drawn sequentially, entry by entry, so its numbers never depend on the thread count.
        if (o.LabelNoise > 0) AddNoise(state.Labels, o.LabelNoise, EpochRandom.For(o.Seed, epoch, batch, EpochRandom.LabelNoise));
        if (o.MemoryNoise > 0) AddNoise(state.Memories, o.MemoryNoise, EpochRandom.For(o.Seed, epoch, batch, EpochRandom.MemoryNoise));
        Parallelism.For(k, o.Threads, mu => Bound(state, mu, o.Renormalization));
    }

    /// <summary>Labels clipped to [-1, 1]; the memory renormalized (max-norm) or clipped.</summary>
    static void Bound(NetworkState state, int mu, Renormalization how)
    {
        Clip(state.Label(mu));
        if (how == Renormalization.Clip) Clip(state.Memory(mu));
        else MaxNormalize(state.Memory(mu));
    }

    /// <summary>G ← G/max|G|; V ← pV − G; X ← X + (ε·V)/max|V|. A zero row stays zero (a fixed point), never NaN.</summary>
    static void Step(Span<double> g, Span<double> v, Span<double> x, double rate, double momentum)
    {
        double gMax = MaxAbs(g);
        if (gMax > 0) TensorPrimitives.Divide(g, gMax, g);
        else g.Clear();
        TensorPrimitives.Multiply(v, momentum, v);
        TensorPrimitives.Subtract(v, g, v);
        double vMax = MaxAbs(v);
        if (vMax == 0) return;
        Span<double> step = x.Length <= 1024 ? stackalloc double[x.Length] : new double[x.Length];
        TensorPrimitives.Multiply(v, rate, step);
        TensorPrimitives.Divide(step, vMax, step);
        TensorPrimitives.Add(x, step, x);
    }

    public static double MaxAbs(ReadOnlySpan<double> row)
    {
        if (row.IsEmpty) return 0;
        double m = Math.Abs(TensorPrimitives.MaxMagnitude(row));
        if (double.IsNaN(m)) throw new NumericalException("a gradient or memory became NaN; the exponent n is probably too large for this temperature (x^n overflowed)");
        if (double.IsInfinity(m)) throw new NumericalException("a gradient or memory overflowed to infinity; lower n or raise the temperature");
        return m;
    }

    static void Clip(Span<double> row)
    {
        TensorPrimitives.Min(row, 1.0, row);
        TensorPrimitives.Max(row, -1.0, row);
    }

    /// <summary>Max-norm conservation: a row whose largest |entry| exceeds 1 is divided by it.</summary>
    static void MaxNormalize(Span<double> row)
    {
        double m = MaxAbs(row);
        if (m > 1) TensorPrimitives.Divide(row, m, row);
    }

    static void AddNoise(double[] values, double std, Random rng)
    {
        for (int i = 0; i < values.Length; i++) values[i] += Normal.Sample(rng, 0, std);
    }
}
