namespace Bifurcations.Training;

/// <summary>One of the independent runs <see cref="StackedRuns"/> trains: how it starts (fresh or from its checkpoint), what it records, how it ends.</summary>
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
