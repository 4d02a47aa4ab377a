using Bifurcations.Data;
using Bifurcations.Experiments.Sweeps;
using Bifurcations.Training;

namespace Bifurcations.Tests;

public class SweepTests
{
    static PhaseSettings Small(PhaseCase c = PhaseCase.Intra) =>
        new(c, 4, c == PhaseCase.Intra ? 4 : 9, 0, 2, 4, 1, 600, 640, 20, 0.001, 300);

    static string Temp() => Path.Combine(Path.GetTempPath(), "bif-sweep-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public void ASweepFolderRefusesTheSameSettingsOnOtherDigits()
    {
        // Another --mnist folder picks other digits for the same classes and seed: its runs must not reuse these.
        var dir = Temp();
        try
        {
            var s = Small();
            using (PhaseSweep.Open(dir, s, MnistSet.Embedded)) { }
            var other = EnlargedSet.Create(MnistSet.Embedded, 20_000);
            Assert.NotEqual(s.Digits(MnistSet.Embedded).Fingerprint, s.Digits(other).Fingerprint);
            var e = Assert.Throws<InvalidParameterException>(() => PhaseSweep.Open(dir, s, other));
            Assert.Contains("digits", e.Message);
        }
        finally { Directory.Delete(dir, true); }
    }

    /// <summary>A sweep run as the CLI runs it: its folder opened (locked, settings checked) for the run.</summary>
    static IReadOnlyList<PhaseRun> Sweep(PhaseSettings s, string dir, Shard shard, int threads)
    {
        using var folder = PhaseSweep.Open(dir, s, MnistSet.Embedded);
        return PhaseSweep.Run(s, MnistSet.Embedded, folder, shard, threads);
    }

    [Fact]
    public void ShardsMergedEqualTheWholeSweepAndResumeSkipsFinishedRuns()
    {
        var (whole, a, b, merged) = (Temp(), Temp(), Temp(), Temp());
        try
        {
            var s = Small();
            var all = Sweep(s, whole, Shard.Whole, 2);
            Assert.Equal(9, all.Count);
            var first = Sweep(s, a, new Shard(1, 2), 1);
            var second = Sweep(s, b, new Shard(2, 2), 1);
            Assert.Equal(5, first.Count);
            Assert.Equal(4, second.Count);
            Assert.Equal(9, PhaseSweep.Merge([a, b], merged));
            var joined = PhaseSweep.Read(merged);
            Assert.Equal(all.Select(r => (r.N, r.Temperature, r.AlphaA[0], r.AlphaB[0], r.Cost)), joined.Select(r => (r.N, r.Temperature, r.AlphaA[0], r.AlphaB[0], r.Cost)));
            Assert.Equal(File.ReadAllText(Path.Combine(whole, "results.csv")), File.ReadAllText(Path.Combine(merged, "results.csv")));
            // sweep.json holds the settings only: no derived grid (whose tuples were once written as empty objects).
            var settingsJson = File.ReadAllText(Path.Combine(whole, "sweep.json"));
            Assert.DoesNotContain("\"grid\"", settingsJson);
            Assert.DoesNotContain("{}", settingsJson);
            Assert.Equal(s.Grid, PhaseSettings.FromJson(settingsJson, "sweep.json").Grid);

            // Resume: delete one run, run again: only that one is recomputed and the table is the same.
            var runFiles = Directory.GetFiles(Path.Combine(whole, "runs"));
            var stamps = runFiles.ToDictionary(f => f, File.GetLastWriteTimeUtc);
            File.Delete(runFiles[3]);
            Thread.Sleep(20);
            Sweep(s, whole, Shard.Whole, 2);
            foreach (var f in runFiles.Where(f => f != runFiles[3])) Assert.Equal(stamps[f], File.GetLastWriteTimeUtc(f));
            Assert.Equal(File.ReadAllText(Path.Combine(merged, "results.csv")), File.ReadAllText(Path.Combine(whole, "results.csv")));
        }
        finally { foreach (var d in new[] { whole, a, b, merged }) if (Directory.Exists(d)) Directory.Delete(d, true); }
    }

    [Fact]
    public void MergingDifferentSettingsIsRefusedAndNothingIsOverwritten()
    {
        var (a, b) = (Temp(), Temp());
        try
        {
            Sweep(Small(), a, Shard.Whole, 2);
            Sweep(Small() with { Epochs = 200 }, b, Shard.Whole, 2);
            var before = File.ReadAllText(Path.Combine(a, "results.csv"));
            var e = Assert.Throws<InvalidParameterException>(() => PhaseSweep.Merge([b], a));
            Assert.Contains("epochs: 300 in the folder, 200 asked", e.Message);
            Assert.Equal(before, File.ReadAllText(Path.Combine(a, "results.csv")));
            Assert.Throws<InvalidParameterException>(() => Sweep(Small() with { Rate = 0.002 }, a, Shard.Whole, 2));
        }
        finally { foreach (var d in new[] { a, b }) if (Directory.Exists(d)) Directory.Delete(d, true); }
    }

    [Theory]
    [InlineData("0/3")]
    [InlineData("4/3")]
    [InlineData("1/0")]
    [InlineData("x")]
    public void BadShardSpecsAreUsageErrors(string spec)
    {
        var dir = Temp();
        var (code, _, err) = CliTests.Run("sweep", "--n-from", "2", "--n-to", "3", "--temp-from", "600", "--temp-to", "600", "--epochs", "10", "--shard", spec, "--out", dir);
        Assert.Equal(2, code);
        Assert.Contains("--shard", err);
        Assert.False(Directory.Exists(dir));
    }

    [Fact]
    public void AnEmptyGridIsAUsageError()
    {
        var dir = Temp();
        var (code, _, err) = CliTests.Run("sweep", "--n-from", "10", "--n-to", "2", "--out", dir);
        Assert.Equal(2, code);
        Assert.Contains("empty", err);
        Assert.False(Directory.Exists(dir));
    }

    [Fact]
    public void InterSweepStartsFromTheDocumentedCombination()
    {
        var s = Small(PhaseCase.Inter) with { Epochs = 1 };
        var digits = s.Digits(MnistSet.Embedded);
        var init = s.Initial(digits);
        var dec = new Analysis.MoorePenrose(digits).Decompose(init);
        Assert.Equal(0.5, dec.Alpha[0], 1e-9); Assert.Equal(-0.2, dec.Alpha[1], 1e-9);
        Assert.Equal(-0.2, dec.Alpha[2], 1e-9); Assert.Equal(0.5, dec.Alpha[3], 1e-9);
        Assert.Equal(1, init.Label(0)[4]); Assert.Equal(1, init.Label(1)[9]); Assert.Equal(-1, init.Label(0)[9]);
    }

    [Fact]
    public void TheFullCascadeGridIsTheDefaultsGridWidened()
    {
        // The suite runs the default grid through the CLI and only parses --full (90 runs, minutes): the two share every
        // setting but the grid, and the default's cells are cells of the full grid.
        var (full, subset) = (CascadeGridSettings.Full.Validated(), CascadeGridSettings.Subset.Validated());
        Assert.Equal(90, full.Cells.Count);
        Assert.Equal(6, subset.Cells.Count);
        var fullKeys = full.Cells.Select(c => c.Key).ToHashSet();
        Assert.All(subset.Cells, c => Assert.Contains(c.Key, fullKeys));
        Assert.Equal((subset.PerClass, subset.Epochs, subset.Groups), (full.PerClass, full.Epochs, full.Groups));
    }
}
