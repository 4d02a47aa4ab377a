using System.Globalization;
using Bifurcations.Data;
using FsCheck;
using FsCheck.Fluent;

namespace Bifurcations.Testing;

/// <summary>
/// A positive semidefinite Gram matrix of P synthetic samples, built from the numbers that define it so that every case
/// is valid and prints exactly. Sample i has squared norm <see cref="Diagonals"/>[i] (a digit's Σ pixel², 300–784 for
/// MNIST) and unit direction √c_i·e₀ + √(1 − c_i)·e_i, so two samples correlate by √(c_i c_j): inside the range the
/// shares <see cref="Shares"/> were drawn from, and G is the Gram matrix of real vectors, so it is PSD by construction.
/// </summary>
/// <param name="Diagonals">G_ii, each sample's squared norm.</param>
/// <param name="Shares">c_i in [0, 1): the share of sample i along the common direction e₀.</param>
public sealed record GramCase(double[] Diagonals, double[] Shares)
{
    /// <summary>P, the number of samples.</summary>
    public int Count => Diagonals.Length;

    /// <summary>G_ij, row by row (P × P).</summary>
    public double[] Matrix
    {
        get
        {
            int p = Count;
            var g = new double[p * p];
            for (int i = 0; i < p; i++)
                for (int j = 0; j < p; j++)
                    g[i * p + j] = i == j ? Diagonals[i] : Math.Sqrt(Diagonals[i] * Diagonals[j]) * Math.Sqrt(Shares[i] * Shares[j]);
            return g;
        }
    }

    /// <summary>The correlation of samples i and j, G_ij/√(G_ii G_jj).</summary>
    public double Correlation(int i, int j) => i == j ? 1 : Math.Sqrt(Shares[i] * Shares[j]);

    /// <summary>The pair of samples a and b as the pair model's Gram entries.</summary>
    public Reduced.GramPair Pair(int a = 0, int b = 1) => new(Diagonals[a], Math.Sqrt(Diagonals[a] * Diagonals[b]) * Math.Sqrt(Shares[a] * Shares[b]), Diagonals[b]);

    /// <summary>
    /// Real vectors with this Gram matrix, as a training set the full network runs on: sample i is
    /// √d_i·(√c_i e₀ + √(1 − c_i) e_{i+1}) in P + 1 dimensions, of class <paramref name="classes"/>[i].
    /// </summary>
    public TrainingSet Samples(params int[] classes)
    {
        if (classes.Length != Count) throw new ArgumentException($"{classes.Length} classes given for {Count} samples");
        int dim = Count + 1;
        var x = new double[Count * dim];
        for (int i = 0; i < Count; i++)
        {
            x[i * dim] = Math.Sqrt(Diagonals[i] * Shares[i]);
            x[i * dim + i + 1] = Math.Sqrt(Diagonals[i] * (1 - Shares[i]));
        }
        return new TrainingSet(x, classes, dim);
    }

    /// <summary>Every number that defines the case, with all its digits, so that a failing case can be rebuilt exactly.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"GramCase(diagonals [{string.Join(", ", Diagonals.Select(d => d.ToString("R", CultureInfo.InvariantCulture)))}], shares [{string.Join(", ", Shares.Select(c => c.ToString("R", CultureInfo.InvariantCulture)))}])");

    /// <summary>
    /// Cases of <paramref name="minSamples"/>–<paramref name="maxSamples"/> samples with diagonals in
    /// [<paramref name="minDiagonal"/>, <paramref name="maxDiagonal"/>] and correlations in
    /// [<paramref name="minCorrelation"/>, <paramref name="maxCorrelation"/>] (0 ≤ min ≤ max &lt; 1), shrinking to fewer
    /// samples and rounder numbers that stay inside the same ranges.
    /// </summary>
    public static Arbitrary<GramCase> Arbitrary(int minSamples = 2, int maxSamples = 6, double minDiagonal = 300, double maxDiagonal = 784,
        double minCorrelation = 0.1, double maxCorrelation = 0.97)
    {
        var range = new GramRange(minSamples, maxSamples, minDiagonal, maxDiagonal, minCorrelation, maxCorrelation).Checked();
        var gen =
            from p in Gen.Choose(range.MinSamples, range.MaxSamples)
            from d in Gen.ArrayOf(Gen.Choose(0, 1_000_000), p)
            from c in Gen.ArrayOf(Gen.Choose(0, 1_000_000), p)
            select new GramCase([.. d.Select(x => range.MinDiagonal + (range.MaxDiagonal - range.MinDiagonal) * x / 1e6)],
                [.. c.Select(x => range.MinShare + (range.MaxShare - range.MinShare) * x / 1e6)]);
        return Arb.From(gen, x => range.Shrink(x));
    }
}

/// <summary>The ranges a <see cref="GramCase"/> is drawn from and shrunk within.</summary>
internal sealed record GramRange(int MinSamples, int MaxSamples, double MinDiagonal, double MaxDiagonal, double MinCorrelation, double MaxCorrelation)
{
    // Correlation √(c_i c_j) lies in [min, max] for every pair when each share lies in [min, max].
    public double MinShare => MinCorrelation;
    public double MaxShare => MaxCorrelation;

    public GramRange Checked()
    {
        if (MinSamples < 1 || MaxSamples < MinSamples) throw new ArgumentException($"samples {MinSamples}–{MaxSamples} is not a valid range (at least 1)");
        if (!(MinDiagonal > 0) || !(MaxDiagonal >= MinDiagonal) || !double.IsFinite(MaxDiagonal)) throw new ArgumentException($"diagonals {MinDiagonal}–{MaxDiagonal} is not a valid positive range");
        if (!(MinCorrelation >= 0) || !(MaxCorrelation >= MinCorrelation) || !(MaxCorrelation < 1)) throw new ArgumentException($"correlations {MinCorrelation}–{MaxCorrelation} is not a valid range within [0, 1)");
        return this;
    }

    /// <summary>Fewer samples first (the last, then each other), then diagonals to tens, then shares to twentieths: always inside the ranges.</summary>
    public IEnumerable<GramCase> Shrink(GramCase x)
    {
        if (x.Count > MinSamples)
            for (int i = x.Count - 1; i >= 0; i--)
                yield return new GramCase([.. x.Diagonals.Where((_, k) => k != i)], [.. x.Shares.Where((_, k) => k != i)]);
        for (int i = 0; i < x.Count; i++)
            foreach (var step in new[] { 100.0, 10.0 })
                if (Round(x.Diagonals[i], step, MinDiagonal, MaxDiagonal) is { } d && d != x.Diagonals[i])
                {
                    yield return x with { Diagonals = [.. x.Diagonals.Select((v, k) => k == i ? d : v)] };
                    break;
                }
        for (int i = 0; i < x.Count; i++)
            foreach (var step in new[] { 0.1, 0.05 })
                if (Round(x.Shares[i], step, MinShare, MaxShare) is { } c && c != x.Shares[i])
                {
                    yield return x with { Shares = [.. x.Shares.Select((v, k) => k == i ? c : v)] };
                    break;
                }
    }

    /// <summary>v rounded to a multiple of step, if that stays in [lo, hi].</summary>
    static double? Round(double v, double step, double lo, double hi)
    {
        double r = Math.Round(Math.Round(v / step) * step, 10);
        return r >= lo && r <= hi ? r : null;
    }
}
