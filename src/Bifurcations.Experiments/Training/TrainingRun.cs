using Bifurcations.Analysis;
using Bifurcations.Data;
using Bifurcations.Experiments.IO;
using Bifurcations.Model;
using Bifurcations.Training;

namespace Bifurcations.Experiments.Training;

/// <summary>The end of a run: final state, metrics of every epoch 0…E, ᾱ at the recorded epochs.</summary>
public sealed record TrainingResult(NetworkState State, IReadOnlyList<EpochMetrics> Metrics, IReadOnlyList<AlphaRecord> Alphas,
    int ResumedFrom)
{
    /// <summary>When each class was learned.</summary>
    public IReadOnlyList<ClassLearned> Order => LearningOrder.From(Metrics);
}

/// <summary>
/// A training run that lives in a run folder (<see cref="RunFolder"/>: locked while it trains, its settings in
/// <c>manifest.json</c>): <c>run.json</c> (the settings, readable), <c>checkpoint.bin</c> every few epochs and on
/// interruption, <c>recording.bin</c> (float32 memories and labels every k epochs, each record checksummed) and,
/// when finished, <c>state.bin</c>. Resuming checks the checkpoint and the recording before any training, continues
/// from the checkpoint and ends bit-identical to an uninterrupted run, because every random draw is keyed by epoch
/// (<see cref="EpochRandom"/>).
/// </summary>
public sealed class TrainingRun(TrainingSet set, NetworkParameters parameters, TrainingOptions options,
    Func<NetworkState> initial, RunFolder folder, string settingsJson, int recordEvery = 10, int checkpointEvery = 200, int memories = 100)
{
    /// <summary>K, for sizing the recording before the initial state is built.</summary>
    int MemoriesHint => memories;

    /// <summary>The run's checkpoint file.</summary>
    public string CheckpointPath => Path.Combine(folder.Path, "checkpoint.bin");
    /// <summary>The final state's file.</summary>
    public string StatePath => Path.Combine(folder.Path, "state.bin");
    /// <summary>The run's settings file.</summary>
    public string SettingsPath => Path.Combine(folder.Path, "run.json");
    /// <summary>The recording of snapshots.</summary>
    public string RecordingPath => Path.Combine(folder.Path, "recording.bin");

    /// <summary>
    /// Checks what a run would ask for before its folder is opened: record and checkpoint intervals, and the size of
    /// the ᾱ records (in memory) and of the recording (on disk).
    /// </summary>
    public static void Check(TrainingOptions options, int recordEvery, int checkpointEvery, int memories, int dimension)
    {
        options.Validated();
        if (recordEvery < 1) throw new InvalidParameterException($"the recording interval must be at least 1 (got {recordEvery})");
        if (checkpointEvery < 1) throw new InvalidParameterException($"the checkpoint interval must be at least 1 (got {checkpointEvery})");
        double records = (double)options.Epochs / recordEvery + 1;
        double alphaBytes = records * 80.0 * memories, recordingBytes = records * (4.0 * memories * (dimension + 10) + 20);
        if (alphaBytes > 1L << 30 || recordingBytes > 16L << 30)
            throw new InvalidParameterException(FormattableString.Invariant(
                $"recording every {recordEvery} epochs for {options.Epochs} epochs would keep {alphaBytes / (1 << 20):F0} MB of ᾱ records and write {recordingBytes / (1 << 30):F1} GB of recording (limits 1 GB and 16 GB): record less often"));
    }

    /// <summary>Trains to the end (from the checkpoint if <paramref name="resume"/>), checkpointing as it goes and on cancellation.</summary>
    public TrainingResult Execute(bool resume, Action<EpochMetrics>? progress = null, CancellationToken cancel = default)
    {
        Check(options, recordEvery, checkpointEvery, MemoriesHint, set.Dimension);
        Checkpoint? start = null;
        if (resume)
        {
            // The folder's manifest matched these settings (RunFolder refuses others), so its checkpoint is this run's.
            if (!folder.Reused) throw new InvalidParameterException($"nothing to resume in {folder.Path} (it held no run)");
            if (File.Exists(StatePath)) start = StateFile.Read(StatePath);          // finished: just rebuild outputs
            else if (File.Exists(CheckpointPath)) start = StateFile.Read(CheckpointPath);
        }
        else
        {
            foreach (var stale in new[] { CheckpointPath, StatePath, RecordingPath }) if (File.Exists(stale)) File.Delete(stale);
        }
        IO.AtomicFile.WriteAllText(SettingsPath, settingsJson.Trim() + "\n");

        var state = start?.State ?? initial();
        var metrics = new List<EpochMetrics>(start?.Metrics ?? []);
        var alphas = new List<AlphaRecord>(start?.Alphas ?? []);
        int epoch = start?.Epoch ?? 0;
        if (start is not null && metrics.Count != epoch + (epoch == options.Epochs ? 1 : 0))
            throw new DataException($"{folder.Path}: checkpoint holds {metrics.Count} epochs of metrics for epoch {epoch}");
        var trainer = new Trainer(set, parameters, options, state, epoch, start?.VelocityMemories, start?.VelocityLabels, start?.Overlaps);
        var decomposition = new MoorePenrose(set);

        using (var recording = Recording.OpenForAppend(RecordingPath, state.MemoryCount, state.Dimension, alphas.Count))
        {
            void Record(int e)
            {
                alphas.Add(new AlphaRecord(e, decomposition.Decompose(trainer.State).AlphaByClass));
                Recording.Append(recording, e, trainer.State);
            }
            Checkpoint Snapshot() => new(trainer.Epoch, trainer.State, trainer.VelocityMemories, trainer.VelocityLabels, metrics, alphas, trainer.Overlaps);

            while (trainer.Epoch < options.Epochs)
            {
                if (cancel.IsCancellationRequested)
                {
                    StateFile.Write(CheckpointPath, Snapshot());
                    throw new OperationCanceledException(cancel);
                }
                if (trainer.Epoch % recordEvery == 0) Record(trainer.Epoch);
                var m = trainer.Step();
                metrics.Add(m);
                progress?.Invoke(m);
                if (trainer.Epoch % checkpointEvery == 0 && trainer.Epoch < options.Epochs) StateFile.Write(CheckpointPath, Snapshot());
            }
            if (metrics.Count == options.Epochs)
            {
                metrics.Add(trainer.Evaluate());
                if (alphas.Count == 0 || alphas[^1].Epoch != options.Epochs) Record(options.Epochs);
                StateFile.Write(StatePath, Snapshot());
            }
        }
        if (File.Exists(CheckpointPath)) File.Delete(CheckpointPath);
        return new TrainingResult(trainer.State, metrics, alphas, epoch);
    }

}
