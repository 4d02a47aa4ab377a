using Bifurcations.Analysis;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Bifurcations.Tests;

public class GroupResolutionTests
{
    [Property(MaxTest = 100)]
    public Property AveragingInGroupsKeepsEachGroupsMeanAndMakesItsMembersEqual() =>
        Prop.ForAll(Arb.From(Gen.Choose(1, 30)), Arb.From(Gen.Choose(1, 8)), Arb.From(Gen.Choose(0, 10000)), (k, g, seed) =>
        {
            var rng = new Random(seed);
            var groupOf = Enumerable.Range(0, k).Select(_ => rng.Next(g)).ToArray();
            var record = new AlphaSnapshot(7, [.. Enumerable.Range(0, k).Select(_ => new[] { rng.NextDouble(), rng.NextDouble() - 0.5, 3 * rng.NextDouble() })]);
            var averaged = GroupResolution.Average([record], groupOf).Single();
            Assert.Equal(7, averaged.Epoch);
            foreach (var group in groupOf.Distinct())
            {
                var members = Enumerable.Range(0, k).Where(mu => groupOf[mu] == group).ToArray();
                for (int c = 0; c < 3; c++)
                {
                    double mean = members.Average(mu => record.AlphaBar[mu][c]);
                    Assert.All(members, mu => Assert.Equal(mean, averaged.AlphaBar[mu][c], 12));
                }
            }
            // One group per memory reads the records unchanged.
            var own = GroupResolution.Average([record], [.. Enumerable.Range(0, k)]).Single();
            Assert.All(Enumerable.Range(0, k), mu => Assert.Equal(record.AlphaBar[mu], own.AlphaBar[mu]));
        });

    [Fact]
    public void GroupMeansPartBeforeTheCloudTheyStandFor()
    {
        // 100 memories evenly spaced on a line 2 long in ᾱ_1: neighbours 0.02 apart, so single linkage at 0.1 sees one cloud.
        // Read as 10 groups of 10 neighbours, the group means are 0.2 apart and the detector sees them all apart: the
        // reading effect that GroupResolution takes out of a comparison.
        var line = new AlphaSnapshot(0, [.. Enumerable.Range(0, 100).Select(mu => new[] { 2.0 * mu / 99, 0, 0 })]);
        var detector = new SplitDetector();
        Assert.Single(detector.Clusters(line.AlphaBar));
        var grouped = GroupResolution.Average([line], [.. Enumerable.Range(0, 100).Select(mu => mu / 10)]).Single();
        Assert.Equal(10, detector.Clusters(grouped.AlphaBar).Count);
    }

    [Fact]
    public void ARecordOfAnotherSizeIsRefused()
    {
        var record = new AlphaSnapshot(0, [[0.1, 0.2], [0.3, 0.4]]);
        Assert.Throws<ArgumentException>(() => GroupResolution.Average([record], [0, 0, 1]));
    }
}
