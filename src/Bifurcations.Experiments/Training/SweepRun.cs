using Bifurcations.Data;
using Bifurcations.Model;
using Bifurcations.Training;

namespace Bifurcations.Experiments.Training;

/// <summary>
/// A run of a sweep trained in a stack (<see cref="SweepTraining"/>), whose progress lives in one checkpoint
/// file: the trainer's state, velocities and tracked overlaps, (if kept) every epoch's metrics, and (if
/// recorded) a vector of the run's choosing at epoch 0, every <c>recordEvery</c> epochs and at the end.
/// </summary>
internal sealed class SweepRun(TrainingSet set, NetworkParameters parameters, TrainingOptions options, Func<NetworkState> initial,
    string checkpointPath, bool keepMetrics, Action<Trainer, IReadOnlyList<EpochMetrics>, IReadOnlyList<AlphaRecord>> finish,
    int recordEvery = 0, Func<Trainer, double[]>? record = null) : IStackedRun
{
    readonly List<EpochMetrics> _metrics = [];
    readonly List<AlphaRecord> _records = [];

    public Trainer Start()
    {
        _metrics.Clear();
        _records.Clear();
        if (!File.Exists(checkpointPath))
        {
            var fresh = new Trainer(set, parameters, options, initial());
            Record(fresh);
            return fresh;
        }
        var c = StateFile.Read(checkpointPath);
        if (keepMetrics && c.Metrics.Count != c.Epoch)
            throw new DataException($"{checkpointPath}: holds {c.Metrics.Count} epochs of metrics for epoch {c.Epoch} (delete it to rerun this run)");
        _metrics.AddRange(c.Metrics);
        _records.AddRange(c.Alphas);
        return new Trainer(set, parameters, options, c.State, c.Epoch, c.VelocityMemories, c.VelocityLabels, c.Overlaps);
    }

    public void AfterEpoch(Trainer trainer, EpochMetrics metrics)
    {
        if (keepMetrics) _metrics.Add(metrics);
        if (recordEvery > 0 && (trainer.Epoch % recordEvery == 0 || trainer.Epoch == options.Epochs)) Record(trainer);
    }

    void Record(Trainer trainer)
    {
        if (record is not null) _records.Add(new AlphaRecord(trainer.Epoch, record(trainer)));
    }

    public void Checkpoint(Trainer trainer) =>
        StateFile.Write(checkpointPath, new Checkpoint(trainer.Epoch, trainer.State, trainer.VelocityMemories, trainer.VelocityLabels, _metrics, _records, trainer.Overlaps));

    public void Finish(Trainer trainer)
    {
        finish(trainer, _metrics, _records);
        if (File.Exists(checkpointPath)) File.Delete(checkpointPath);
    }
}
