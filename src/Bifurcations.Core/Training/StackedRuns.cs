namespace Bifurcations.Training;

/// <summary>One run of a sweep trained in a stack: how it starts (fresh or from its checkpoint), what it records, how it ends.</summary>
public interface IStackedRun
{
    /// <summary>The run's trainer: fresh, or resumed from the checkpoint a previous interruption left.</summary>
    Trainer Start();
    /// <summary>Called after every epoch with that epoch's metrics (to record what the run needs).</summary>
    void AfterEpoch(Trainer trainer, EpochMetrics metrics);
    /// <summary>Saves the run's progress so far (atomically), for a later <see cref="Start"/>.</summary>
    void Checkpoint(Trainer trainer);
    /// <summary>The run reached its last epoch: write its result and drop its checkpoint.</summary>
    void Finish(Trainer trainer);
}

/// <summary>
/// Trains independent full-batch runs on the same digits as <see cref="StackedTrainer"/> stacks (runs resumed
/// at different epochs form separate stacks), checkpointing every run every <see cref="CheckpointEvery"/>
/// epochs and on cancellation, so an interrupted sweep loses at most that many epochs.
/// </summary>
public static class StackedRuns
{
    public const int CheckpointEvery = 2000;

    /// <param name="progress">Fraction of the runs' remaining epochs done, in [0, 1].</param>
    public static void Train(IReadOnlyList<IStackedRun> runs, int epochs, int threads, IProgress<double>? progress = null,
        CancellationToken cancel = default)
    {
        if (runs.Count == 0) return;
        var trainers = runs.Select(r => r.Start()).ToArray();
        long total = trainers.Sum(t => (long)Math.Max(0, epochs - t.Epoch)), done = 0;
        foreach (var group in Enumerable.Range(0, runs.Count).GroupBy(i => trainers[i].Epoch).OrderBy(g => g.Key))
        {
            var members = group.ToArray();
            var stack = new StackedTrainer(members.Select(i => trainers[i]).ToArray(), threads);
            while (trainers[members[0]].Epoch < epochs)
            {
                if (cancel.IsCancellationRequested)
                {
                    foreach (int i in members) runs[i].Checkpoint(trainers[i]);
                    cancel.ThrowIfCancellationRequested();
                }
                var metrics = stack.Step();
                for (int j = 0; j < members.Length; j++) runs[members[j]].AfterEpoch(trainers[members[j]], metrics[j]);
                int epoch = trainers[members[0]].Epoch;
                done += members.Length;
                if (epoch % CheckpointEvery == 0 && epoch < epochs)
                    Parallelism.For(members.Length, threads, j => runs[members[j]].Checkpoint(trainers[members[j]]));
                if (epoch % 100 == 0 || epoch == epochs) progress?.Report(total == 0 ? 1 : (double)done / total);
            }
            foreach (int i in members) runs[i].Finish(trainers[i]);
        }
    }
}
