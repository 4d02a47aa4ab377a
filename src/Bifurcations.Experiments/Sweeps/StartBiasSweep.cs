using System.Globalization;
using System.Text.Json;
using Bifurcations.Analysis;
using Bifurcations.Data;
using Bifurcations.Experiments.IO;
using Bifurcations.Experiments.Simulations;
using Bifurcations.Experiments.Training;
using Bifurcations.Reduced;
using Bifurcations.Training;

namespace Bifurcations.Experiments.Sweeps;

/// <summary>
/// Paper Fig. 7 over a grid: for every T_r, n and each of the first two classes as the start, one
/// <see cref="StartBias"/> run. Like the other sweeps, one JSON file per run in a locked run folder, so an
/// interrupted sweep resumes and results are never reused for other settings.
/// </summary>
public static class StartBiasSweep
{
    /// <summary>What the folder's manifest records (the (T_r, n) grid is not in it: each run has its own file).</summary>
    public static RunSettings Manifest(TrainingSet set, int[] classes, SweepOptions options, int groups = StartBias.DefaultGroups)
    {
        // Checked here, before any folder is opened: a refused run writes nothing.
        var o = options.Validated();
        if (classes.Length != 3) throw new InvalidParameterException($"start bias needs three classes (got {classes.Length})");
        if (groups < 1) throw new InvalidParameterException($"groups = {groups} is invalid: at least 1");
        return RunSettings.Of("start-bias", ("digits", set.Fingerprint), ("classes", classes), ("memories", o.Memories), ("epochs", o.Epochs), ("rate", o.Rate), ("seed", o.Seed),
            ("groups", groups));
    }

    /// <summary>Every (n, T_r) of the grid must make valid network parameters: checked before a folder is opened.</summary>
    public static void CheckGrid(IReadOnlyList<double> reducedTemperatures, IReadOnlyList<double> ns)
    {
        if (reducedTemperatures.Count == 0 || ns.Count == 0) throw new InvalidParameterException("no (n, T_r) to run");
        Bifurcations.Grid.CheckSize(2.0 * ns.Count * reducedTemperatures.Count, "the start-bias grid");
        foreach (var t in reducedTemperatures) foreach (var n in ns) Model.NetworkParameters.FromReducedTemperature(n, t);
    }

    /// <summary>
    /// Runs both starts at every (T_r, n) not yet in the folder (checkpointed, resumable): the simulation, then the exact
    /// group system from the same start with <paramref name="groups"/> groups.
    /// </summary>
    public static IReadOnlyList<StartBiasRun> Run(TrainingSet set, int[] classes, IReadOnlyList<double> reducedTemperatures, IReadOnlyList<double> ns,
        RunFolder folder, SweepOptions options, int groups = StartBias.DefaultGroups, IProgress<int>? progress = null, CancellationToken cancel = default)
    {
        CheckGrid(reducedTemperatures, ns);
        if (classes.Length != 3) throw new InvalidParameterException($"start bias needs three classes (got {classes.Length})");
        if (folder.Settings.FirstDifference(Manifest(set, classes, options, groups)) is { } difference)
            throw new InvalidParameterException($"{folder.Path} was opened for other settings ({difference})");
        var cells = reducedTemperatures.SelectMany(t => ns.SelectMany(n => new[] { (t, n, classes[0]), (t, n, classes[1]) })).ToArray();
        // Cells without a result are trained (SweepTraining: one per core, each checkpointed with its ᾱ records).
        var runs = new StartBiasRun[cells.Length];
        string PathOf((double t, double n, int start) c) =>
            Path.Combine(folder.Path, string.Create(CultureInfo.InvariantCulture, $"Tr{c.t:R}_n{c.n:R}_start{c.start}.json"));
        var decomposition = new MoorePenrose(set);
        const int recordEvery = StartBias.RecordEvery;
        int memories = options.Memories;
        SweepTraining.Complete(runs, i => PathOf(cells[i]), ReadRun, i =>
        {
            var (t, n, start) = cells[i];
            var (p, training, state) = StartBias.Setup(set, classes, n, t, start, options);
            // Read before training, which moves the state it is given.
            var groupStart = StartBias.GroupStart(set, decomposition, start, state);
            return new SweepRun(set, p, training with { Threads = 1 }, () => state, PathOf(cells[i]) + ".checkpoint", keepMetrics: false,
                (_, _, records) =>
                {
                    var snapshots = records.Select(r => AlphaRecording.Unflatten(r, classes.Length)).ToArray();
                    runs[i] = StartBias.Conclude(set, classes, n, t, start, memories, snapshots) with
                    {
                        Groups = StartBias.PredictGroups(set, classes, p, groupStart, options, groups, cancel),
                    };
                    AtomicFile.WriteAllText(PathOf(cells[i]), JsonOutput.Serialize(runs[i]));
                },
                recordEvery, trainer => AlphaRecording.Flatten(AlphaRecording.Snapshot(decomposition, trainer, classes)));
        }, options.Epochs, options.WorkerThreads, progress, cancel);
        return runs;
    }

    /// <summary>One finished run's file, or an error naming it.</summary>
    public static StartBiasRun ReadRun(string path)
    {
        try
        {
            var run = JsonOutput.Deserialize<StartBiasRun>(File.ReadAllText(path));
            if (run is null || run.Memories < 1) throw new JsonException("empty or incomplete");
            return run;
        }
        catch (Exception e) when (e is JsonException or NotSupportedException)
        {
            throw new DataException($"{path}: unreadable start-bias run (delete it to run it again)", e);
        }
    }
}
