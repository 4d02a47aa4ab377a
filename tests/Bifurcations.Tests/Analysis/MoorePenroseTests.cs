using Bifurcations.Analysis;
using Bifurcations.Data;
using Bifurcations.Model;

namespace Bifurcations.Tests;

public class MoorePenroseTests
{
    [Fact]
    public void ClassAggregatesAloneEqualThoseOfTheFullDecomposition()
    {
        // Two routes to ᾱ: summing the full α = M·X⁺ by class, and M·(X⁺C) directly; on random memories (not in the span).
        var set = new DigitSelection([1, 4, 7], 20, Seed: 1).Select(MnistSet.Embedded);
        var rng = new Random(5);
        int k = 7;
        var memories = Enumerable.Range(0, k * set.Dimension).Select(_ => rng.NextDouble() - 0.3).ToArray();
        var mp = new MoorePenrose(set);
        var full = mp.Decompose(memories, k).AlphaByClass;
        var direct = mp.ClassAggregates(memories, k);
        double scale = full.Max(Math.Abs);
        for (int i = 0; i < full.Length; i++) Assert.True(Math.Abs(full[i] - direct[i]) <= 1e-10 * scale, $"ᾱ[{i}]: {full[i]} vs {direct[i]}");
        Assert.Throws<ArgumentException>(() => mp.ClassAggregates(memories, k + 1));
    }

    [Theory]
    [InlineData(60, 20, 1)]
    [InlineData(300, 40, 2)]
    public void MoreDigitsThanPixelsGiveTheSvdsPseudoInverse(int p, int n, int seed)
    {
        // P > N goes through a thin QR (X = QR, X⁺ = R⁺Qᵀ) instead of the SVD of X, whose P×P factor is 29 GB at P = 60 000.
        // The sets are rank-deficient like digits: a quarter of the pixels are a constant −1 background, and some digits
        // repeat. α = M·X⁺ must equal M times Math.NET's SVD pseudo-inverse of X, and X X⁺ X = X.
        var rng = new Random(seed);
        var samples = new double[p * n];
        for (int i = 0; i < p; i++)
            for (int j = 0; j < n; j++)
                samples[i * n + j] = j < n / 4 ? -1 : i % 7 == 6 ? samples[(i - 1) * n + j] : 2 * rng.NextDouble() - 1;
        var set = new TrainingSet(samples, Enumerable.Range(0, p).Select(i => i % 10).ToArray(), n);
        int k = 5;
        var memories = Enumerable.Range(0, k * n).Select(_ => rng.NextDouble() - 0.5).ToArray();
        var dec = new MoorePenrose(set).Decompose(memories, k);

        var x = MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.Dense(p, n, (i, j) => samples[i * n + j]);
        var m = MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.Dense(k, n, (i, j) => memories[i * n + j]);
        var expected = m * x.PseudoInverse();
        double scale = expected.Enumerate().Max(Math.Abs);
        for (int mu = 0; mu < k; mu++)
            for (int i = 0; i < p; i++)
                Assert.True(Math.Abs(dec.Alpha[mu * p + i] - expected[mu, i]) <= 1e-12 * scale, $"α[{mu},{i}]: {dec.Alpha[mu * p + i]:R} against the SVD's {expected[mu, i]:R}");
        // The projection of each memory on the digits' span: memories in the span are rebuilt, the others are not.
        var inSpan = new double[k * n];
        for (int mu = 0; mu < k; mu++)
            for (int i = 0; i < p; i += 3)
            {
                double c = (rng.NextDouble() - 0.5) / p;
                for (int j = 0; j < n; j++) inSpan[mu * n + j] += c * samples[i * n + j];
            }
        Assert.All(new MoorePenrose(set).Decompose(inSpan, k).RelativeReconstructionError, e => Assert.True(e < 1e-12, $"{e}"));
        Assert.All(dec.RelativeReconstructionError, e => Assert.True(e > 1e-3, $"{e}"));
    }

    [Fact]
    public void KnownCombinationOfRealDigitsGivesBackItsCoefficients()
    {
        var set = new DigitSelection([0, 1, 2, 3, 4, 5, 6, 7, 8, 9], 2, Seed: 3).Select(MnistSet.Embedded);
        var rng = new Random(11);
        int k = 3, p = set.Count, n = set.Dimension;
        var alpha = Enumerable.Range(0, k * p).Select(_ => 2 * rng.NextDouble() - 1).ToArray();
        var memories = new double[k * n];
        for (int mu = 0; mu < k; mu++)
            for (int i = 0; i < p; i++)
                for (int j = 0; j < n; j++)
                    memories[mu * n + j] += alpha[mu * p + i] * set.Samples[i * n + j];

        var dec = new MoorePenrose(set).Decompose(memories, k);

        for (int i = 0; i < alpha.Length; i++) Assert.True(Math.Abs(dec.Alpha[i] - alpha[i]) < 1e-9, $"alpha[{i}]: {dec.Alpha[i]} vs {alpha[i]}");
        for (int mu = 0; mu < k; mu++)
        {
            Assert.True(dec.RelativeReconstructionError[mu] < 1e-12);
            for (int d = 0; d < 10; d++)
            {
                double expected = Enumerable.Range(0, p).Where(i => set.Labels[i] == d).Sum(i => alpha[mu * p + i]);
                Assert.True(Math.Abs(dec.AlphaBarOf(mu)[d] - expected) < 1e-9);
            }
        }
    }

    [Fact]
    public void AMemoryOutsideTheSpanHasAReconstructionError()
    {
        var set = new DigitSelection([1, 4], 1).Select(MnistSet.Embedded);
        var m = new double[set.Dimension];
        m[0] = 1; // a single corner pixel is not a combination of a 1 and a 4
        var dec = new MoorePenrose(set).Decompose(m, 1);
        Assert.True(dec.RelativeReconstructionError[0] > 0.5);
        Assert.Equal(0.0, new MoorePenrose(set).Decompose(new double[set.Dimension], 1).RelativeReconstructionError[0]);
    }
}
