using Bifurcations.Training;
namespace Bifurcations.Experiments.Training;

/// <summary>One run of a sweep: how it starts (fresh or from its checkpoint), what it records, how it ends.</summary>
internal interface IStackedRun
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
/// Trains the independent full-batch runs of a sweep (same digits, same number of epochs), checkpointing every
/// run every <see cref="CheckpointEvery"/> epochs and on cancellation, so an interrupted sweep loses at most
/// that many epochs per run. Two schedules, with identical results (docs/performance.md):
/// <list type="bullet">
/// <item>at least as many runs as threads: one run per thread, each on one core. Measured on 2 cores, this beats
/// stacking at every shape tried (K = 10–100, P = 60–2 000): a run's arrays stay in its core's L2 cache, while a
/// stack streams every run's arrays through each phase of the epoch;</item>
/// <item>fewer runs than threads: the runs stacked (<see cref="StackedTrainer"/>), so their shared products use
/// every thread instead of leaving cores idle.</item>
/// </list>
/// </summary>
internal static class SweepTraining
{
    public const int CheckpointEvery = 2000;

    /// <summary>True when <paramref name="runs"/> runs on <paramref name="threads"/> threads are trained stacked.</summary>
    public static bool Stacks(int runs, int threads) => runs > 1 && runs < threads;

    /// <summary>
    /// A sweep's cells: those with a result file are read, the others trained (resuming from their checkpoints) and
    /// left to write theirs. Progress is reported in cells, the cells under way counted by the epochs they have done.
    /// </summary>
    public static void Complete<T>(T[] results, Func<int, string> resultPath, Func<string, T> read, Func<int, IStackedRun> run,
        int epochs, int threads, IProgress<int>? progress, CancellationToken cancel)
    {
        var todo = new List<int>();
        for (int i = 0; i < results.Length; i++)
        {
            if (File.Exists(resultPath(i))) results[i] = read(resultPath(i));
            else todo.Add(i);
        }
        int finished = results.Length - todo.Count;
        progress?.Report(finished);
        Train(todo.Select(run).ToArray(), epochs, threads, new InlineProgress<double>(f => progress?.Report(finished + (int)Math.Floor(f * todo.Count))), cancel);
        progress?.Report(results.Length);
    }

    /// <summary>Trains every run for <paramref name="epochs"/> epochs: one run per thread when there are enough runs, stacked otherwise.</summary>
    /// <param name="runs">The runs, each advanced in place.</param>
    /// <param name="epochs">Epochs to train each run.</param>
    /// <param name="threads">Worker threads.</param>
    /// <param name="cancel">Stops between epochs; finished epochs are kept.</param>
    /// <param name="progress">Fraction of the runs' remaining epochs done, in [0, 1] (reported from worker threads).</param>
    public static void Train(IReadOnlyList<IStackedRun> runs, int epochs, int threads, IProgress<double>? progress = null,
        CancellationToken cancel = default)
    {
        if (runs.Count == 0) return;
        threads = Math.Max(1, threads);
        var trainers = new Trainer[runs.Count];
        Parallelism.ForEachRun(runs.Count, threads, i => trainers[i] = runs[i].Start(), CancellationToken.None);
        long total = trainers.Sum(t => (long)Math.Max(0, epochs - t.Epoch)), done = 0;
        void Advanced(int count, int epoch)
        {
            long now = Interlocked.Add(ref done, count);
            if (epoch % 100 == 0 || epoch == epochs) progress?.Report(total == 0 ? 1 : (double)now / total);
        }
        if (!Stacks(runs.Count, threads))
        {
            Parallelism.ForEachRun(runs.Count, threads, i =>
            {
                var (run, trainer) = (runs[i], trainers[i]);
                while (trainer.Epoch < epochs)
                {
                    if (cancel.IsCancellationRequested)
                    {
                        run.Checkpoint(trainer);
                        cancel.ThrowIfCancellationRequested();
                    }
                    run.AfterEpoch(trainer, trainer.Step());
                    if (trainer.Epoch % CheckpointEvery == 0 && trainer.Epoch < epochs) run.Checkpoint(trainer);
                    Advanced(1, trainer.Epoch);
                }
                run.Finish(trainer);
            }, cancel);
            return;
        }
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
                if (epoch % CheckpointEvery == 0 && epoch < epochs)
                    Parallelism.For(members.Length, threads, j => runs[members[j]].Checkpoint(trainers[members[j]]));
                Advanced(members.Length, epoch);
            }
            Parallelism.ForEachRun(members.Length, threads, j => runs[members[j]].Finish(trainers[members[j]]), CancellationToken.None);
        }
    }
}
