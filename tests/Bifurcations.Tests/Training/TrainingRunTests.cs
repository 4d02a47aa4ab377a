using Bifurcations.Analysis;
using Bifurcations.Data;
using Bifurcations.Experiments.Training;
using Bifurcations.Model;
using Bifurcations.Training;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Bifurcations.Tests;

public class TrainingRunTests
{
    static readonly TrainingSet Set = new DigitSelection([1, 4, 7], 3, 2).Select(MnistSet.Embedded);

    /// <summary>A run as the CLI runs it: its folder opened (locked, settings checked) for the run.</summary>
    static TrainingResult Train(string folder, bool resume, int epochs = 60, string settings = "n=15", Action<EpochMetrics>? progress = null,
        CancellationToken cancel = default)
    {
        using var f = Experiments.IO.RunFolder.Open(folder, Experiments.IO.RunSettings.Of("train", ("settings", settings), ("epochs", epochs)));
        return new TrainingRun(Set, NetworkParameters.FromReducedTemperature(15, 0.85), new TrainingOptions { Rate = 0.01, Epochs = epochs, Seed = 4, MemoryNoise = 1e-4 },
            () => new InitialCondition.Gaussian().Create(6, Set, 4), f, settings, recordEvery: 7, checkpointEvery: 20).Execute(resume, progress, cancel);
    }

    [Fact]
    public void KilledAndResumedRunEndsBitIdenticalToAnUninterruptedOne()
    {
        using var dir = new TempDir();
        var whole = Path.Combine(dir.Path, "whole");
        var killed = Path.Combine(dir.Path, "killed");
        Train(whole, resume: false);

        using var cancel = new CancellationTokenSource();
        Assert.Throws<OperationCanceledException>(() => Train(killed, false, progress: m => { if (m.Epoch == 33) cancel.Cancel(); }, cancel: cancel.Token));
        Assert.True(File.Exists(Path.Combine(killed, "checkpoint.bin")));
        Assert.False(File.Exists(Path.Combine(killed, "state.bin")));
        var resumed = Train(killed, resume: true);

        Assert.Equal(34, resumed.ResumedFrom);
        foreach (var file in new[] { "state.bin", "recording.bin" })
            Assert.Equal(File.ReadAllBytes(Path.Combine(whole, file)), File.ReadAllBytes(Path.Combine(killed, file)));
        Assert.False(File.Exists(Path.Combine(killed, "checkpoint.bin")));
    }

    [Fact]
    public void ResumeWithDifferentParametersIsRefused()
    {
        using var dir = new TempDir();
        Train(dir.Path, false, settings: "n=15");
        var e = Assert.Throws<InvalidParameterException>(() => Train(dir.Path, resume: true, settings: "n=16"));
        Assert.Contains("settings: n=15 in the folder, n=16 asked", e.Message);
    }

    [Fact]
    public void CorruptOrTruncatedStateFilesAreClearDataErrors()
    {
        using var dir = new TempDir();
        Train(dir.Path, false, epochs: 5);
        var bytes = File.ReadAllBytes(Path.Combine(dir.Path, "state.bin"));
        Assert.Equal(5, StateFile.Read(bytes, "ok").Epoch);
        Assert.Contains("checksum", Assert.Throws<DataException>(() => StateFile.Read(bytes[..^100], "t")).Message);
        var flipped = (byte[])bytes.Clone();
        flipped[bytes.Length / 2] ^= 0x10;
        Assert.Throws<DataException>(() => StateFile.Read(flipped, "f"));
        Assert.Contains("magic", Assert.Throws<DataException>(() => StateFile.Read(new byte[40], "z")).Message);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(10)]
    public void CheckpointsKeepAlphaRecordsOfTheTrackedClassesOnly(int classes)
    {
        // Fig. 7's sweep records ᾱ of its 3 classes, not all 10: such a checkpoint must read back (a resumed start-bias
        // run was refused with "array of 300 values where 1000 were expected").
        const int k = 4, n = 3;
        var state = new NetworkState(k, n, [.. Enumerable.Range(0, k * n).Select(i => 0.1 * i)], [.. Enumerable.Range(0, k * NetworkState.Classes).Select(i => -0.01 * i)]);
        AlphaRecord Record(int epoch, int width) => new(epoch, [.. Enumerable.Range(0, k * width).Select(i => epoch + 0.5 * i)]);
        var c = new Checkpoint(7, state, new double[k * n], new double[k * NetworkState.Classes], [], [Record(0, classes), Record(5, classes)]);
        using var dir = new TempDir();
        var path = Path.Combine(dir.Path, "c.bin");
        StateFile.Write(path, c);
        var back = StateFile.Read(path);
        Assert.Equal(2, back.Alphas.Count);
        for (int i = 0; i < 2; i++)
        {
            Assert.Equal(c.Alphas[i].Epoch, back.Alphas[i].Epoch);
            Assert.Equal(c.Alphas[i].AlphaBar, back.Alphas[i].AlphaBar);
        }
        // Records of different widths in one file are corrupt, and said so.
        StateFile.Write(path, c with { Alphas = [Record(0, classes), Record(5, classes == 3 ? 4 : 3)] });
        Assert.Contains("ᾱ record", Assert.Throws<DataException>(() => StateFile.Read(path)).Message);
    }

    [Fact]
    public void LearningOrderNeedsPrecisionAsWellAsRecall()
    {
        // Epoch 0: every digit predicted as 1 (recall of 1 is 1, precision 1/3): not learned yet.
        int[] total = [0, 10, 0, 0, 10, 0, 0, 10, 0, 0];
        var metrics = new List<EpochMetrics>
        {
            new(0, 1, [0, 10, 0, 0, 0, 0, 0, 0, 0, 0], total, [0, 30, 0, 0, 0, 0, 0, 0, 0, 0]),
            new(1, 1, [0, 10, 0, 0, 6, 0, 0, 0, 0, 0], total, [0, 20, 0, 0, 10, 0, 0, 0, 0, 0]),
            new(2, 1, [0, 10, 0, 0, 8, 0, 0, 5, 0, 0], total, [0, 12, 0, 0, 9, 0, 0, 9, 0, 0]),
        };
        var order = LearningOrder.From(metrics);
        Assert.Equal([(1, (int?)1), (4, 1), (7, 2)], order.Select(c => (c.Class, c.Epoch)));
    }

    public sealed record Config(double N, double TempR, double Rate, double Momentum, int Memories, int Seed, bool Clip);

    static Arbitrary<Config> Configs() =>
        (from n in Gen.Elements(1.5, 3.0, 15.0, 30.0, 42.5)
         from tr in Gen.Elements(0.6, 0.85, 1.05)
         from rate in Gen.Elements(0.001, 0.01, 0.05)
         from mom in Gen.Elements(0.0, 0.5)
         from k in Gen.Choose(1, 5)
         from seed in Gen.Choose(0, 10_000)
         from clip in Gen.Elements(false, true)
         select new Config(n, tr, rate, mom, k, seed, clip)).ToArbitrary();

    [Property(MaxTest = 25)]
    public Property LabelsStayInBoundsAndMemoriesKeepMaxNormAtMostOne() => Prop.ForAll(Configs(), c =>
    {
        var o = new TrainingOptions
        {
            Rate = c.Rate,
            Momentum = c.Momentum,
            Seed = c.Seed,
            Threads = 1,
            LabelNoise = 0.01,
            MemoryNoise = 0.001,
            Renormalization = c.Clip ? Renormalization.Clip : Renormalization.MaxNorm
        };
        var t = new Trainer(Set, NetworkParameters.FromReducedTemperature(c.N, c.TempR), o, new InitialCondition.Gaussian(0.3, 0.4, 0.5, 0.8).Create(c.Memories, Set, c.Seed));
        for (int e = 0; e < 40; e++)
        {
            t.Step();
            Assert.All(t.State.Labels, l => Assert.InRange(l, -1.0, 1.0));
            Assert.All(t.State.Memories, m => Assert.InRange(m, -1.0, 1.0));
        }
    });

    [Property(MaxTest = 15)]
    public Property AMemoryThatStartsInTheSpanStaysThere() => Prop.ForAll(Configs(), c =>
    {
        var rng = new Random(c.Seed);
        var rows = Enumerable.Range(0, c.Memories).Select(_ => Enumerable.Range(0, Set.Count).Select(_ => 0.3 * (rng.NextDouble() - 0.3)).ToArray()).ToArray();
        var init = new InitialCondition.Combination(rows, new LabelRule(-0.5, [(-1, 4, 0.4)])).Create(c.Memories, Set, c.Seed);
        var o = new TrainingOptions { Rate = c.Rate, Momentum = c.Momentum, Seed = c.Seed, Threads = 1 }; // max-norm keeps the span; clipping would not
        var t = new Trainer(Set, NetworkParameters.FromReducedTemperature(c.N, c.TempR), o, init);
        for (int e = 0; e < 60; e++) t.Step();
        var dec = new MoorePenrose(Set).Decompose(t.State);
        Assert.All(dec.RelativeReconstructionError, err => Assert.True(err < 1e-9, $"relative reconstruction error {err:E2}"));
    });
}
