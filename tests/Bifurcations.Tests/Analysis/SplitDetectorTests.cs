using Bifurcations.Analysis;

namespace Bifurcations.Tests;

public class SplitDetectorTests
{
    [Fact]
    public void FindsASplitAtTheRecordWhereTheGroupsSeparate()
    {
        // Ten memories together at (0.5, 0.25, 0.25) until epoch 20, then four move toward class 1 and six away.
        AlphaSnapshot At(int epoch, double spread) => new(epoch, Enumerable.Range(0, 10).Select(i =>
        {
            double s = i < 4 ? spread : -spread;
            return new[] { 0.5 + s, 0.25 - s / 2, 0.25 - s / 2 + 0.001 * i };
        }).ToArray());
        var records = new[] { At(0, 0), At(10, 0.01), At(20, 0.02), At(30, 0.2), At(40, 0.3) };
        var events = new SplitDetector(0.1, 3).Detect(records);
        var split = Assert.Single(events);
        Assert.Equal(30, split.Epoch);
        Assert.Equal(10, split.Parent.Members.Length);
        Assert.Equal(0.5, split.Parent.Centroid[0], 0.03);
        Assert.Equal(new[] { 4, 6 }, split.Children.Select(c => c.Members.Length).OrderBy(x => x));
    }

    [Fact]
    public void SmallFragmentsAreNotSplits()
    {
        var records = new[]
        {
            new AlphaSnapshot(0, Enumerable.Range(0, 10).Select(_ => new[] { 0.5, 0.5 }).ToArray()),
            new AlphaSnapshot(1, Enumerable.Range(0, 10).Select(i => i == 0 ? new[] { 0.9, 0.1 } : new[] { 0.5, 0.5 }).ToArray()),
        };
        Assert.Empty(new SplitDetector(0.1, 3).Detect(records));
    }
}

public class SplitLevelTests
{
    [Fact]
    public void SidesAreListedInTheOrderThePartitionNamesThem()
    {
        // The larger side, {4,7}, comes first in the detector's order; the partition names {1} first, and the sizes
        // printed beside it (and written to files) must follow (they were printed as 75 | 25 beside {1} | {4,7}).
        var level = new SplitLevel(1, 100, [0.3, 0.3, 0.4], [.. Enumerable.Range(0, 100)],
            [new SplitSide([.. Enumerable.Range(25, 75)], [4, 7]), new SplitSide([.. Enumerable.Range(0, 25)], [1])]);
        Assert.Equal("{1} | {4,7}", level.Partition);
        Assert.Equal([25, 75], level.SideSizes);
        Assert.Equal([25, 75], Bifurcations.Experiments.Simulations.CascadeLevelRecord.Of(level).Sizes);
    }
}
