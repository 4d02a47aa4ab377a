using Bifurcations.Analysis;
using Bifurcations.Data;
using Bifurcations.Model;

namespace Bifurcations.Training;

/// <summary>The end of a run: final state, metrics of every epoch 0…E, ᾱ at the recorded epochs.</summary>
public sealed record TrainingResult(NetworkState State, IReadOnlyList<EpochMetrics> Metrics, IReadOnlyList<AlphaRecord> Alphas,
    int ResumedFrom)
{
    public IReadOnlyList<ClassLearned> Order => LearningOrder.From(Metrics);
}

/// <summary>
/// A training run that lives in a folder: <c>run.json</c> (its settings), <c>checkpoint.bin</c> every
/// few epochs and on interruption, <c>recording.bin</c> (float32 memories and labels every k epochs) and,
/// when finished, <c>state.bin</c>. Resuming continues from the checkpoint and ends bit-identical to an
/// uninterrupted run, because every random draw is keyed by epoch (<see cref="EpochRandom"/>).
/// </summary>
public sealed class TrainingRun(TrainingSet set, NetworkParameters parameters, TrainingOptions options,
    Func<NetworkState> initial, string folder, string settingsJson, int recordEvery = 10, int checkpointEvery = 200)
{
    public string CheckpointPath => Path.Combine(folder, "checkpoint.bin");
    public string StatePath => Path.Combine(folder, "state.bin");
    public string SettingsPath => Path.Combine(folder, "run.json");
    public string RecordingPath => Path.Combine(folder, "recording.bin");

    public TrainingResult Execute(bool resume, Action<EpochMetrics>? progress = null, CancellationToken cancel = default)
    {
        if (recordEvery < 1) throw new UsageException($"--record-every must be at least 1 (got {recordEvery})");
        if (checkpointEvery < 1) throw new UsageException($"--checkpoint-every must be at least 1 (got {checkpointEvery})");
        options.Validated();
        Directory.CreateDirectory(folder);
        Checkpoint? start = null;
        if (resume)
        {
            if (!File.Exists(SettingsPath)) throw new UsageException($"nothing to resume in {folder} (no run.json)");
            var saved = File.ReadAllText(SettingsPath).Trim();
            if (saved != settingsJson.Trim())
                throw new UsageException($"--resume with different parameters: {FirstDifference(saved, settingsJson.Trim())}");
            if (File.Exists(StatePath)) start = StateFile.Read(StatePath);          // finished: just rebuild outputs
            else if (File.Exists(CheckpointPath)) start = StateFile.Read(CheckpointPath);
        }
        else
        {
            foreach (var stale in new[] { CheckpointPath, StatePath }) if (File.Exists(stale)) File.Delete(stale);
        }
        IO.AtomicFile.WriteAllText(SettingsPath, settingsJson.Trim() + "\n");

        var state = start?.State ?? initial();
        var metrics = new List<EpochMetrics>(start?.Metrics ?? []);
        var alphas = new List<AlphaRecord>(start?.Alphas ?? []);
        int epoch = start?.Epoch ?? 0;
        if (start is not null && metrics.Count != epoch + (epoch == options.Epochs ? 1 : 0))
            throw new DataException($"{folder}: checkpoint holds {metrics.Count} epochs of metrics for epoch {epoch}");
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

    static string FirstDifference(string a, string b)
    {
        var la = a.Split('\n'); var lb = b.Split('\n');
        for (int i = 0; i < Math.Min(la.Length, lb.Length); i++)
            if (la[i].Trim() != lb[i].Trim()) return $"saved {la[i].Trim().TrimEnd(',')} but asked {lb[i].Trim().TrimEnd(',')}";
        return "the settings differ";
    }
}
