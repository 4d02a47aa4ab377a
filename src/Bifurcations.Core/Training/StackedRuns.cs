namespace Bifurcations.Training;

/// <summary>
/// Trains the independent full-batch runs of a sweep (same digits, same number of epochs), checkpointing every
/// run every few thousand epochs (<c>checkpointEvery</c>) and on cancellation, so an interrupted sweep loses at most
/// that many epochs per run. Two schedules, with identical results (docs/performance.md):
/// <list type="bullet">
/// <item>at least as many runs as threads: one run per thread, each on one core. Measured on 2 cores, this beats
/// stacking at every shape tried (K = 10–100, P = 60–2 000): a run's arrays stay in its core's L2 cache, while a
/// stack streams every run's arrays through each phase of the epoch. Once every run has started, the runs still
/// training take the threads of those that finished (a sweep's last run would otherwise train alone on one core);</item>
/// <item>fewer runs than threads: the runs stacked (<see cref="StackedTrainer"/>), so their shared products use
/// every thread instead of leaving cores idle.</item>
/// </list>
/// </summary>
public static class StackedRuns
{
    /// <summary>Epochs between two checkpoints of a run, unless the caller gives another interval.</summary>
    public const int DefaultCheckpointEvery = 2000;

    /// <summary>True when <paramref name="runs"/> runs on <paramref name="threads"/> threads are trained stacked.</summary>
    public static bool Stacks(int runs, int threads) => runs > 1 && runs < threads;

    /// <summary>Trains every run for <paramref name="epochs"/> epochs: one run per thread when there are enough runs, stacked otherwise.</summary>
    /// <param name="runs">The runs, each advanced in place.</param>
    /// <param name="epochs">Epochs to train each run.</param>
    /// <param name="threads">Worker threads.</param>
    /// <param name="checkpointEvery">Epochs between two checkpoints of a run: an interruption loses at most this many.</param>
    /// <param name="progress">Fraction of the runs' remaining epochs done, in [0, 1] (reported from worker threads).</param>
    /// <param name="cancel">Stops between epochs; every run is checkpointed first, so finished epochs are kept.</param>
    public static void Train(IReadOnlyList<IStackedRun> runs, int epochs, int threads, int checkpointEvery = DefaultCheckpointEvery,
        IProgress<double>? progress = null, CancellationToken cancel = default)
    {
        if (checkpointEvery < 1) throw new InvalidParameterException($"checkpoint interval {checkpointEvery} is invalid: it must be at least 1 epoch");
        if (threads < 1) throw new InvalidParameterException($"threads = {threads} is invalid: at least 1 thread is needed");
        if (epochs < 0) throw new InvalidParameterException($"epochs = {epochs} is invalid: it must be ≥ 0");
        if (runs.Count == 0) return;
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
            // Runs not yet started, and runs started and not finished: once every run has started, the cores of the
            // finished ones go to those still training (the last runs of a sweep would otherwise train alone on one core).
            int waiting = runs.Count, training = 0;
            Parallelism.ForEachRun(runs.Count, threads, i =>
            {
                var (run, trainer) = (runs[i], trainers[i]);
                int own = trainer.Options.Threads;
                // In this order, a run that reads waiting = 0 never counts one run too few (and takes all the threads).
                Interlocked.Increment(ref training);
                Interlocked.Decrement(ref waiting);
                try
                {
                    while (trainer.Epoch < epochs)
                    {
                        if (cancel.IsCancellationRequested)
                        {
                            run.Checkpoint(trainer);
                            cancel.ThrowIfCancellationRequested();
                        }
                        trainer.UseThreads(Volatile.Read(ref waiting) == 0 ? Math.Max(own, threads / Math.Max(1, Volatile.Read(ref training))) : own);
                        run.AfterEpoch(trainer, trainer.Step());
                        if (trainer.Epoch % checkpointEvery == 0 && trainer.Epoch < epochs) run.Checkpoint(trainer);
                        Advanced(1, trainer.Epoch);
                    }
                    run.Finish(trainer);
                }
                finally { Interlocked.Decrement(ref training); }
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
                if (epoch % checkpointEvery == 0 && epoch < epochs)
                    Parallelism.For(members.Length, threads, j => runs[members[j]].Checkpoint(trainers[members[j]]));
                Advanced(members.Length, epoch);
            }
            Parallelism.ForEachRun(members.Length, threads, j => runs[members[j]].Finish(trainers[members[j]]), CancellationToken.None);
        }
    }
}
