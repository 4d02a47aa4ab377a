using Bifurcations.Data;
using Bifurcations.Experiments.Training;
using Bifurcations.Model;
using Bifurcations.Training;

namespace Bifurcations.Tests;

public class StackedRunsTests
{
    [Theory]
    [InlineData(2)] // one run per thread
    [InlineData(4)] // fewer runs than threads: stacked
    public void InterruptedSweepResumesToExactlyTheRunsTrainedStraight(int threads)
    {
        // Three runs (K = 6 on 10 digits, their own n and T, 2 600 epochs: past the periodic checkpoint at 2 000), cancelled
        // a fifth of the way, then resumed from their checkpoints: every memory, label and epoch's cost must equal the
        // same run trained alone without interruption.
        var set = new DigitSelection([1, 7], 5, 2).Select(MnistSet.Embedded);
        var configs = new (double N, double T)[] { (10, 600), (3, 700), (30, 800) };
        const int epochs = 2600;
        var options = new TrainingOptions { Rate = 0.01, Epochs = epochs, Seed = 1, Threads = 1 };
        NetworkState Start() => new InitialCondition.Gaussian().Create(6, set, 1);
        var straight = configs.Select(c =>
        {
            var t = new Trainer(set, new NetworkParameters(c.N, c.T), options, Start());
            var costs = Enumerable.Range(0, epochs).Select(_ => t.Step().Cost).ToArray();
            return (t.State, costs);
        }).ToArray();

        using var dir = new TempDir();
        var results = new (NetworkState State, double[] Costs)?[configs.Length];
        SweepRun[] Runs() => configs.Select((c, i) => new SweepRun(set, new NetworkParameters(c.N, c.T), options, Start, dir.File($"run{i}.checkpoint"),
            keepMetrics: true, (t, metrics, _) => results[i] = (t.State, metrics.Select(m => m.Cost).ToArray()))).ToArray();
        Assert.Equal(threads > 3, StackedRuns.Stacks(configs.Length, threads));
        using var cts = new CancellationTokenSource();
        var cancelAt = new InlineProgress<double>(f => { if (f >= 0.2) cts.Cancel(); });
        Assert.ThrowsAny<OperationCanceledException>(() => StackedRuns.Train(Runs(), epochs, threads, progress: cancelAt, cancel: cts.Token));
        int checkpoints = Directory.GetFiles(dir.Path, "*.checkpoint").Length;
        Assert.InRange(checkpoints, threads > 3 ? 3 : 1, 3); // every run under way left one
        Assert.Contains(results, r => r is null);

        StackedRuns.Train(Runs(), epochs, threads);
        Assert.Empty(Directory.GetFiles(dir.Path, "*.checkpoint"));
        for (int i = 0; i < configs.Length; i++)
        {
            Assert.Equal(straight[i].State.Memories, results[i]!.Value.State.Memories);
            Assert.Equal(straight[i].State.Labels, results[i]!.Value.State.Labels);
            Assert.Equal(straight[i].costs, results[i]!.Value.Costs);
        }
    }

    /// <summary>
    /// Once every run has started, the runs still training take the finished runs' threads. Three runs on two threads:
    /// the last one must end on two threads (K = 20 on 60 digits, where the products do split), and every run must equal
    /// the same run trained alone on one thread, bit for bit.
    /// </summary>
    [Fact]
    public void TheLastRunsTakeTheFreedThreadsWithoutChangingAResult()
    {
        var set = new DigitSelection([1, 7], 30, 2).Select(MnistSet.Embedded);
        var configs = new (double N, double T)[] { (10, 600), (20, 700), (30, 800) };
        NetworkState Start() => new InitialCondition.Gaussian().Create(20, set, 1);
        var options = new TrainingOptions { Rate = 0.01, Epochs = 600, Seed = 1, Threads = 1 };
        var straight = configs.Select(c =>
        {
            var t = new Trainer(set, new NetworkParameters(c.N, c.T), options, Start());
            for (int e = 0; e < 600; e++) t.Step();
            return t.State;
        }).ToArray();
        using var dir = new TempDir();
        var results = new NetworkState?[configs.Length];
        var threadsSeen = configs.Select(_ => new HashSet<int>()).ToArray();
        var runs = configs.Select((c, i) => (IStackedRun)new ThreadWatch(new SweepRun(set, new NetworkParameters(c.N, c.T), options, Start, dir.File($"run{i}.checkpoint"),
            keepMetrics: false, (t, _, _) => results[i] = t.State), threadsSeen[i])).ToArray();
        StackedRuns.Train(runs, 600, threads: 2);
        // The run that ends last trains alone for its last epochs; the others may all have had one thread throughout.
        Assert.Contains(2, threadsSeen.SelectMany(t => t));
        static long[] Bits(double[] x) => Array.ConvertAll(x, BitConverter.DoubleToInt64Bits);
        for (int i = 0; i < configs.Length; i++)
        {
            Assert.Equal(Bits(straight[i].Memories), Bits(results[i]!.Memories));
            Assert.Equal(Bits(straight[i].Labels), Bits(results[i]!.Labels));
        }
    }

    /// <summary>A run that notes the thread counts its trainer stepped with.</summary>
    sealed class ThreadWatch(IStackedRun inner, HashSet<int> seen) : IStackedRun
    {
        public Trainer Start() => inner.Start();
        public void AfterEpoch(Trainer trainer, EpochMetrics metrics)
        {
            lock (seen) seen.Add(trainer.Options.Threads);
            inner.AfterEpoch(trainer, metrics);
        }
        public void Checkpoint(Trainer trainer) => inner.Checkpoint(trainer);
        public void Finish(Trainer trainer) => inner.Finish(trainer);
    }
}
