using Bifurcations.Data;
using Bifurcations.Model;
using Bifurcations.Training;

namespace Bifurcations.Tests;

public class EpochProductsTests
{
    [Theory]
    [InlineData(7, 1)]
    [InlineData(13, 2)]
    public void TheProductsEqualThePlainSums(int k, int threads)
    {
        // What the benchmarks time must be the epoch's products: M·Xᵀ and C·X against a plain triple loop on real digits.
        var set = new DigitSelection([0, 3, 8], 9, 0).Select(MnistSet.Embedded);
        var memories = new InitialCondition.Gaussian(0, 0.3, 0, 0).Create(k, set, 5).Memories;
        var rng = new Random(11);
        var coefficients = Enumerable.Range(0, k * set.Count).Select(_ => rng.NextDouble() - 0.5).ToArray();
        var products = new EpochProducts(set, k, threads);
        products.Run(memories, coefficients);
        int n = set.Dimension, p = set.Count;
        double worst = 0;
        for (int mu = 0; mu < k; mu++)
            for (int i = 0; i < p; i++)
            {
                double s = 0;
                for (int j = 0; j < n; j++) s += memories[mu * n + j] * set.Samples[i * n + j];
                worst = Math.Max(worst, Math.Abs(s - products.Overlaps[mu * p + i]) / (1 + Math.Abs(s)));
            }
        for (int mu = 0; mu < k; mu++)
            for (int j = 0; j < n; j++)
            {
                double s = 0;
                for (int i = 0; i < p; i++) s += coefficients[mu * p + i] * set.Samples[i * n + j];
                worst = Math.Max(worst, Math.Abs(s - products.Gradient[mu * n + j]) / (1 + Math.Abs(s)));
            }
        Assert.True(worst < 1e-12, $"largest relative difference {worst}");
        Assert.Equal(4.0 * k * p * n, products.Flops);
    }

    [Fact]
    public void OperandsOfTheWrongSizeAreRefused()
    {
        var set = new DigitSelection([1, 4], 3, 0).Select(MnistSet.Embedded);
        var products = new EpochProducts(set, 2, 1);
        var e = Assert.Throws<InvalidParameterException>(() => products.Run(new double[2 * set.Dimension], new double[5]));
        Assert.Contains("K·P", e.Message);
        Assert.Throws<InvalidParameterException>(() => new EpochProducts(set, 0, 1));
    }
}
