using Bifurcations.Data;
using Bifurcations.Model;
namespace Bifurcations.Training;

/// <summary>
/// A run of a sweep trained in a stack (<see cref="StackedRuns"/>), whose progress lives in one checkpoint
/// file: the trainer's state, velocities and tracked overlaps, and (if kept) every epoch's metrics.
/// </summary>
public sealed class SweepRun(TrainingSet set, NetworkParameters parameters, TrainingOptions options, Func<NetworkState> initial,
    string checkpointPath, bool keepMetrics, Action<Trainer, IReadOnlyList<EpochMetrics>> finish) : IStackedRun
{
    readonly List<EpochMetrics> _metrics = [];

    public Trainer Start()
    {
        _metrics.Clear();
        if (!File.Exists(checkpointPath)) return new Trainer(set, parameters, options, initial());
        var c = StateFile.Read(checkpointPath);
        if (keepMetrics && c.Metrics.Count != c.Epoch)
            throw new DataException($"{checkpointPath}: holds {c.Metrics.Count} epochs of metrics for epoch {c.Epoch} (delete it to rerun this run)");
        _metrics.AddRange(c.Metrics);
        return new Trainer(set, parameters, options, c.State, c.Epoch, c.VelocityMemories, c.VelocityLabels, c.Overlaps);
    }

    public void AfterEpoch(Trainer trainer, EpochMetrics metrics)
    {
        if (keepMetrics) _metrics.Add(metrics);
    }

    public void Checkpoint(Trainer trainer) =>
        StateFile.Write(checkpointPath, new Checkpoint(trainer.Epoch, trainer.State, trainer.VelocityMemories, trainer.VelocityLabels, _metrics, [], trainer.Overlaps));

    public void Finish(Trainer trainer)
    {
        finish(trainer, _metrics);
        if (File.Exists(checkpointPath)) File.Delete(checkpointPath);
    }
}
