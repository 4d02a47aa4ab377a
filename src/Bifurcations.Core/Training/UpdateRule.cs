using Bifurcations.Model;
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
        for (int mu = 0; mu < k; mu++)
        {
            Step(gradLabels.AsSpan(mu * c, c), velocityLabels.AsSpan(mu * c, c), state.Label(mu), o.Rate, o.Momentum);
            Step(gradMemories.AsSpan(mu * n, n), velocityMemories.AsSpan(mu * n, n), state.Memory(mu), o.Rate, o.Momentum);
        }
        if (o.LabelNoise > 0) AddNoise(state.Labels, o.LabelNoise, EpochRandom.For(o.Seed, epoch, batch, EpochRandom.LabelNoise));
        if (o.MemoryNoise > 0) AddNoise(state.Memories, o.MemoryNoise, EpochRandom.For(o.Seed, epoch, batch, EpochRandom.MemoryNoise));
        for (int mu = 0; mu < k; mu++)
        {
            Clip(state.Label(mu));
            if (o.Renormalization == Renormalization.Clip) Clip(state.Memory(mu));
            else MaxNormalize(state.Memory(mu));
        }
    }

    /// <summary>G ← G/max|G|; V ← pV − G; X ← X + ε·V/max|V|. A zero row stays zero (a fixed point), never NaN.</summary>
    static void Step(Span<double> g, Span<double> v, Span<double> x, double rate, double momentum)
    {
        double gMax = MaxAbs(g);
        for (int i = 0; i < g.Length; i++)
        {
            double gi = gMax > 0 ? g[i] / gMax : 0.0;
            v[i] = momentum * v[i] - gi;
        }
        double vMax = MaxAbs(v);
        if (vMax == 0) return;
        for (int i = 0; i < x.Length; i++) x[i] += rate * v[i] / vMax;
    }

    public static double MaxAbs(ReadOnlySpan<double> row)
    {
        double m = 0;
        foreach (var a in row)
        {
            double abs = Math.Abs(a);
            if (abs > m) m = abs;
            else if (double.IsNaN(a)) throw new NumericalException("a gradient became NaN; the exponent n is probably too large for this temperature (x^n overflowed)");
        }
        if (double.IsInfinity(m)) throw new NumericalException("a gradient overflowed to infinity; lower n or raise the temperature");
        return m;
    }

    static void Clip(Span<double> row)
    {
        for (int i = 0; i < row.Length; i++) row[i] = Math.Clamp(row[i], -1.0, 1.0);
    }

    /// <summary>Max-norm conservation: a row whose largest |entry| exceeds 1 is divided by it.</summary>
    static void MaxNormalize(Span<double> row)
    {
        double m = MaxAbs(row);
        if (m <= 1) return;
        for (int i = 0; i < row.Length; i++) row[i] /= m;
    }

    static void AddNoise(double[] values, double std, Random rng)
    {
        for (int i = 0; i < values.Length; i++) values[i] += Normal.Sample(rng, 0, std);
    }
}
