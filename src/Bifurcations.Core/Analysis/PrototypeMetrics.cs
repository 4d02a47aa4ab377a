using Bifurcations.Data;

namespace Bifurcations.Analysis;

/// <summary>
/// Paper Fig. 2A's two measures of how prototype-like the memories are: the largest coefficient α_i of each
/// memory (near 1 when one sample dominates, small for a distributed "feature"), and the number of samples
/// needed to rebuild it: the fewest samples, taken by decreasing |α_i|, whose partial sum Σ α_i σ_i is
/// within a relative <see cref="Tolerance"/> of the memory's projection αX on the training span (the
/// paper's Supplement gives no formula; this is ours). Both averaged over the memories.
/// </summary>
public sealed record PrototypeMetrics(double MeanMaxAlpha, double MeanSamplesNeeded, double[] MaxAlpha, int[] SamplesNeeded)
{
    /// <summary>The default relative reconstruction error within which a memory counts as rebuilt.</summary>
    public const double Tolerance = 0.05;

    /// <summary>The prototype measures of every memory of a decomposition: its largest α and the samples needed to rebuild it within <paramref name="tolerance"/>.</summary>
    public static PrototypeMetrics Of(Decomposition d, TrainingSet set, double tolerance = Tolerance)
    {
        if (!(tolerance is > 0 and < 1)) throw new InvalidParameterException($"reconstruction tolerance {tolerance} must be in (0, 1)");
        int k = d.MemoryCount, p = d.SampleCount, n = set.Dimension;
        var max = new double[k];
        var needed = new int[k];
        var full = new double[n];
        var partial = new double[n];
        for (int mu = 0; mu < k; mu++)
        {
            var a = d.AlphaOf(mu).ToArray();
            max[mu] = a.Max();
            Array.Clear(full);
            for (int i = 0; i < p; i++) Axpy(a[i], set.Sample(i), full);
            double norm = Math.Sqrt(full.Sum(x => x * x));
            if (norm == 0) { needed[mu] = 0; continue; } // a zero memory needs no sample
            Array.Clear(partial);
            var order = Enumerable.Range(0, p).OrderByDescending(i => Math.Abs(a[i])).ThenBy(i => i).ToArray();
            needed[mu] = p;
            for (int j = 0; j < p; j++)
            {
                Axpy(a[order[j]], set.Sample(order[j]), partial);
                double err = 0;
                for (int x = 0; x < n; x++) err += (full[x] - partial[x]) * (full[x] - partial[x]);
                if (Math.Sqrt(err) <= tolerance * norm) { needed[mu] = j + 1; break; }
            }
        }
        return new PrototypeMetrics(max.Average(), needed.Average(), max, needed);
    }

    static void Axpy(double a, ReadOnlySpan<double> x, double[] y)
    {
        for (int i = 0; i < y.Length; i++) y[i] += a * x[i];
    }
}
