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
}
