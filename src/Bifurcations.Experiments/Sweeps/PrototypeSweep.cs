using System.Globalization;
using System.Text.Json;
using Bifurcations.Analysis;
using Bifurcations.Data;
using Bifurcations.Experiments.IO;
using Bifurcations.Experiments.Training;
using Bifurcations.Model;
using Bifurcations.Training;

namespace Bifurcations.Experiments.Sweeps;

/// <summary>Paper Fig. 2A at one (n, T_r): the mean largest α and the mean number of samples needed to rebuild a memory.</summary>
public sealed record PrototypeRun(double N, [property: System.Text.Json.Serialization.JsonPropertyName("temperatureR")] double ReducedTemperature, double MeanMaxAlpha, double MeanSamplesNeeded);

/// <summary>
/// Paper Fig. 2A: the full network (100 memories, the training digits of Figs. 1–3) trained at every (n, T_r)
/// of a grid, the memories decomposed on the training set (<see cref="MoorePenrose"/>) and measured
/// (<see cref="PrototypeMetrics"/>). Like the other sweeps, one JSON file per run, written atomically, so
/// an interrupted sweep resumes; the runs are trained by <see cref="SweepTraining"/> and checkpointed, each deterministic.
/// </summary>
public static class PrototypeSweep
{
    /// <summary>What a prototypes folder's manifest records (the (n, T_r) grid is not in it: each run has its own file).</summary>
    public static RunSettings Manifest(TrainingSet set, SweepOptions options)
    {
        // Checked here, before any folder is opened: a refused run writes nothing.
        var o = options.Validated();
        return RunSettings.Of("prototypes", ("digits", set.Fingerprint), ("memories", o.Memories), ("epochs", o.Epochs), ("rate", o.Rate), ("seed", o.Seed));
    }

    /// <summary>Every (n, T_r) of the grid must make valid network parameters: checked before a folder is opened.</summary>
    public static void CheckGrid(IReadOnlyList<double> ns, IReadOnlyList<double> reducedTemperatures)
    {
        if (ns.Count == 0 || reducedTemperatures.Count == 0) throw new InvalidParameterException("no (n, T_r) to sweep");
        Bifurcations.Grid.CheckSize((double)ns.Count * reducedTemperatures.Count, "the prototypes grid");
        foreach (var t in reducedTemperatures) foreach (var n in ns) NetworkParameters.FromReducedTemperature(n, t);
    }

    /// <summary>Trains at every (n, T_r) not yet in the folder (checkpointed, resumable) and returns the prototype measures at each.</summary>
    public static IReadOnlyList<PrototypeRun> Run(TrainingSet set, IReadOnlyList<double> ns, IReadOnlyList<double> reducedTemperatures, RunFolder folder,
        SweepOptions options, IProgress<int>? progress = null, CancellationToken cancel = default)
    {
        CheckGrid(ns, reducedTemperatures);
        if (folder.Settings.FirstDifference(Manifest(set, options)) is { } difference)
            throw new InvalidParameterException($"{folder.Path} was opened for other settings ({difference})");
        var dir = folder.Path;
        var grid = reducedTemperatures.SelectMany(t => ns.Select(n => (n, t))).ToArray();
        var runs = new PrototypeRun[grid.Length];
        var decomposition = new MoorePenrose(set);
        // Cells without a result are trained (SweepTraining: one per core, each checkpointed beside its result).
        var (memories, epochs, seed) = (options.Memories, options.Epochs, options.Seed);
        var training = new TrainingOptions { Rate = options.Rate, Epochs = epochs, Seed = seed, Threads = 1 };
        SweepTraining.Complete(runs, i => PathOf(dir, grid[i]), Read, i => new SweepRun(set, NetworkParameters.FromReducedTemperature(grid[i].n, grid[i].t), training,
            () => new InitialCondition.Gaussian().Create(memories, set, seed), PathOf(dir, grid[i]) + ".checkpoint", keepMetrics: false, (trainer, _, _) =>
            {
                var m = PrototypeMetrics.Of(decomposition.Decompose(trainer.State), set);
                runs[i] = new PrototypeRun(grid[i].n, grid[i].t, m.MeanMaxAlpha, m.MeanSamplesNeeded);
                AtomicFile.WriteAllText(PathOf(dir, grid[i]), JsonOutput.Serialize(runs[i]));
            }), epochs, options.WorkerThreads, progress, cancel);
        return runs;
    }

    static string PathOf(string dir, (double n, double t) cell) =>
        Path.Combine(dir, string.Create(CultureInfo.InvariantCulture, $"Tr{cell.t:R}_n{cell.n:R}.json"));

    /// <summary>A finished run read back from its file.</summary>
    public static PrototypeRun Read(string path)
    {
        try
        {
            var r = JsonOutput.Deserialize<PrototypeRun>(File.ReadAllText(path));
            if (r is null || !double.IsFinite(r.MeanMaxAlpha) || !double.IsFinite(r.MeanSamplesNeeded)) throw new JsonException("missing or non-finite fields");
            return r;
        }
        catch (JsonException e) { throw new DataException($"{path}: not a prototype-metrics run ({e.Message}); delete it to recompute", e); }
    }
}
