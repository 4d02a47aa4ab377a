using Bifurcations.Reduced;

namespace Bifurcations.Tests;

/// <summary>The line seed (memories spread along one noise vector) and the cascade's early stop when every group is at rest.</summary>
public class CascadeLineTests
{
    /// <summary>Each copy decays to a point set by the sign of its first coordinate: a stable map whose groups settle on two states.</summary>
    sealed class TwoWells : IGroupDynamics
    {
        public int Dimension => 2;
        public IReadOnlyList<int> Classes { get; } = [0, 1];
        public double[][] Advance(IReadOnlyList<double[]> groups, IReadOnlyList<int> copies, double rate) =>
            [.. groups.Select(x => new[] { x[0] + rate * (Math.Sign(x[0]) - x[0]), x[1] + rate * (0.5 - x[1]) })];
        public double[] ClassAlpha(double[] group) => group[0] > 0 ? [1 + group[0], group[1]] : [group[1], 1 - group[0]];
    }

    [Fact]
    public void ALineSeedPutsTheMemoriesAtNormalQuantilesAlongTheSpreadInOrder()
    {
        double[] x = [0.2, -0.1, 0.4];
        double[] spread = [1e-4, -2e-4, 0];
        var seed = Cascade.Line(x, spread, 100, epoch: 7);
        Assert.Equal(7, seed.Epoch);
        Assert.Equal(spread, seed.Along);
        // Symmetric quantiles: the centroid is the start, memory μ and K − 1 − μ are mirror images.
        for (int c = 0; c < 3; c++) Assert.Equal(x[c], seed.Memories.Average(m => m[c]), 1e-15);
        for (int mu = 0; mu < 100; mu++)
            Assert.Equal(x[0] - seed.Memories[mu][0], seed.Memories[99 - mu][0] - x[0], 1e-15);
        // In order along the spread, and the median memories are half a quantile step from the start.
        for (int mu = 1; mu < 100; mu++) Assert.True(seed.Memories[mu][0] > seed.Memories[mu - 1][0]);
        double z = MathNet.Numerics.Distributions.Normal.InvCDF(0, 1, 50.5 / 100);
        Assert.Equal(x[1] + z * spread[1], seed.Memories[50][1], 1e-15);
    }

    [Fact]
    public void ALineSeedIsCutIntoGroupsAlongItsOwnDirection()
    {
        var seed = Cascade.Line([0.0, 0.0], [1e-3, 0], 20);
        var p = Cascade.Predict(new TwoWells(), seed, 0.05, 400, new CascadeOptions { Groups = 4, RecordEvery = 10 });
        Assert.Null(p.Mode); // sorted along the seed's direction, no mode computed
        Assert.Equal([0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 3, 3, 3, 3, 3], p.GroupOf);
        // The lower half ends in one well, the upper half in the other.
        Assert.Equal(10, p.FinalClass.Count(c => c == 1));
        Assert.All(p.FinalClass.Take(10), c => Assert.Equal(1, c));
    }

    [Fact]
    public void ACascadeStopsOnceEveryGroupHasSettledAndEndsWhereTheFullRunEnds()
    {
        var seed = Cascade.Line([0.0, 0.0], [1e-3, 0], 20);
        var full = Cascade.Predict(new TwoWells(), seed, 0.05, 3000, new CascadeOptions { Groups = 4, RecordEvery = 10 });
        var early = Cascade.Predict(new TwoWells(), seed, 0.05, 3000, new CascadeOptions { Groups = 4, RecordEvery = 10, SettleTolerance = 1e-12, SettleEpochs = 50 });
        Assert.Equal(3000, full.LastEpoch);
        Assert.True(early.LastEpoch < 1500, $"stopped at {early.LastEpoch}");
        Assert.Equal(full.FinalClass, early.FinalClass);
        for (int mu = 0; mu < 20; mu++)
            for (int c = 0; c < 2; c++) Assert.Equal(full.Records[^1].AlphaBar[mu][c], early.Records[^1].AlphaBar[mu][c], 1e-9);
        // Without a tolerance it never stops early, and a negative one is refused.
        Assert.Throws<InvalidParameterException>(() => Cascade.Predict(new TwoWells(), seed, 0.05, 10, new CascadeOptions { SettleTolerance = -1 }));
    }

    [Fact]
    public void ASeedThatDoesNotFitTheModelIsRefused()
    {
        Assert.Throws<InvalidParameterException>(() => Cascade.Line([0.0, 0.0], [1e-3], 10));
        Assert.Throws<InvalidParameterException>(() => Cascade.Line([0.0, double.NaN], [1e-3, 0], 10));
        Assert.Throws<InvalidParameterException>(() => Cascade.Line([0.0, 0.0], [1e-3, 0], 0));
        var bad = new CascadeSeed(0, [[0.0, 0.0], [1.0, 0.0]], [1.0]);
        Assert.Throws<InvalidParameterException>(() => Cascade.Predict(new TwoWells(), bad, 0.05, 10));
    }
}
