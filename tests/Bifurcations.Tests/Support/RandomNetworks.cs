using Bifurcations.Data;
using Bifurcations.Model;

namespace Bifurcations.Tests;

/// <summary>A small random network with its training set, built from a seed so FsCheck can report it.</summary>
public sealed record NetworkCase(double Exponent, int MemoryCount, int SampleCount, int Dimension, int Seed)
{
    public override string ToString() => $"n={Exponent} K={MemoryCount} P={SampleCount} N={Dimension} seed={Seed}";

    /// <summary>
    /// Memories are positive mixtures of the samples plus noise, so most overlaps are positive (an
    /// all-inactive network has a zero gradient and tests nothing). T is set so the largest overlap is
    /// x ≈ 1 and labels are scaled so no score saturates, where x^n neither vanishes nor overflows even for n = 30. Draws with an overlap within
    /// 0.05 of the relu kink are redrawn, so finite differences never straddle it.
    /// </summary>
    public (NetworkState State, NetworkParameters Parameters, TrainingSet Set) Build()
    {
        var rng = new Random(Seed);
        for (int attempt = 0; attempt < 1000; attempt++)
            if (TryBuild(rng) is { } built) return built;
        throw new InvalidOperationException($"{this}: no draw kept every overlap away from the relu kink");
    }

    (NetworkState, NetworkParameters, TrainingSet)? TryBuild(Random rng)
    {
        var samples = new double[SampleCount * Dimension];
        for (int i = 0; i < samples.Length; i++) samples[i] = 2 * rng.NextDouble() - 1;
        var labels = Enumerable.Range(0, SampleCount).Select(_ => rng.Next(10)).ToArray();
        var set = new TrainingSet(samples, labels, Dimension);
        var state = new NetworkState(MemoryCount, Dimension);
        for (int mu = 0; mu < MemoryCount; mu++)
        {
            var m = state.Memory(mu);
            for (int i = 0; i < SampleCount; i++)
            {
                double w = i == mu % SampleCount ? 1.0 : rng.NextDouble(); // one dominant sample keeps the memory active
                for (int j = 0; j < Dimension; j++) m[j] += w * samples[i * Dimension + j];
            }
            for (int j = 0; j < Dimension; j++) m[j] += 0.1 * (2 * rng.NextDouble() - 1) * SampleCount;
            var l = state.Label(mu);
            for (int d = 0; d < 10; d++) l[d] = 2 * rng.NextDouble() - 1;
        }
        double maxOverlap = 0, minOverlap = double.MaxValue;
        for (int mu = 0; mu < MemoryCount; mu++)
            for (int i = 0; i < SampleCount; i++)
            {
                double o = Math.Abs(Dot(state.Memory(mu), set.Sample(i)));
                maxOverlap = Math.Max(maxOverlap, o);
                minOverlap = Math.Min(minOverlap, o);
            }
        double temperature = maxOverlap / (0.85 + 0.2 * rng.NextDouble());
        if (minOverlap / temperature < 0.05) return null; // too close to the kink for finite differences
        var parameters = new NetworkParameters(Exponent, temperature);
        // Keep scores unsaturated (|u| ≤ 0.5…2.5): with saturated tanh a cost term of 2^60 changes below
        // its own ulp and no finite difference can check the gradient. Saturation is tested exactly elsewhere.
        double maxU = Enumerable.Range(0, SampleCount).Max(i => DenseNetwork.Activations(state, parameters, set.Sample(i)).Max(Math.Abs));
        double target = 0.5 + 2 * rng.NextDouble();
        if (maxU > target) for (int j = 0; j < state.Labels.Length; j++) state.Labels[j] *= target / maxU;
        return (state, parameters, set);
    }

    static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        double s = 0;
        for (int i = 0; i < a.Length; i++) s += a[i] * b[i];
        return s;
    }
}
