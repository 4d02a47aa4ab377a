using System.Globalization;
using System.Text.Json;
using Bifurcations.Data;
using Bifurcations.IO;
using Bifurcations.Reduced;

namespace Bifurcations.Sweeps;

/// <summary>
/// Paper Fig. 7 over a grid: for every T_r, n and each of the first two classes as the start, one
/// <see cref="StartBias"/> run. Like the other sweeps, one JSON file per run in a locked run folder, so an
/// interrupted sweep resumes and results are never reused for other settings.
/// </summary>
public static class StartBiasSweep
{
    /// <summary>What the folder's manifest records (the (T_r, n) grid is not in it: each run has its own file).</summary>
    public static RunSettings Manifest(TrainingSet set, int[] classes, int epochs, int seed)
    {
        // Checked here, before any folder is opened: a refused run writes nothing.
        new Training.TrainingOptions { Rate = 0.01, Epochs = epochs, Seed = seed }.Validated();
        if (classes.Length != 3) throw new UsageException($"start bias needs three classes (got {classes.Length})");
        return RunSettings.Of("start-bias", ("digits", set.Fingerprint), ("classes", classes), ("epochs", epochs), ("seed", seed));
    }

    /// <summary>Every (n, T_r) of the grid must make valid network parameters: checked before a folder is opened.</summary>
    public static void CheckGrid(IReadOnlyList<double> reducedTemperatures, IReadOnlyList<double> ns)
    {
        if (reducedTemperatures.Count == 0 || ns.Count == 0) throw new UsageException("no (n, T_r) to run");
        Bifurcations.Grid.CheckSize(2.0 * ns.Count * reducedTemperatures.Count, "the start-bias grid");
        foreach (var t in reducedTemperatures) foreach (var n in ns) Model.NetworkParameters.FromReducedTemperature(n, t);
    }

    public static IReadOnlyList<StartBiasRun> Run(TrainingSet set, int[] classes, IReadOnlyList<double> reducedTemperatures, IReadOnlyList<double> ns,
        int epochs, int seed, RunFolder folder, IProgress<int>? progress = null, CancellationToken cancel = default, int threads = 0)
    {
        CheckGrid(reducedTemperatures, ns);
        if (classes.Length != 3) throw new UsageException($"start bias needs three classes (got {classes.Length})");
        if (folder.Settings.FirstDifference(Manifest(set, classes, epochs, seed)) is { } difference)
            throw new UsageException($"{folder.Path} was opened for other settings ({difference})");
        var cells = reducedTemperatures.SelectMany(t => ns.SelectMany(n => new[] { (t, n, classes[0]), (t, n, classes[1]) })).ToArray();
        // The runs are independent and small (100 memories on 60 digits): one per core, each on one thread, is about twice
        // the throughput of one run at a time on all cores. Each run's arithmetic does not depend on the thread count.
        var runs = new StartBiasRun[cells.Length];
        int done = 0;
        Training.Parallelism.ForEachRun(cells.Length, threads, cancel, i =>
        {
            var (t, n, start) = cells[i];
            var path = Path.Combine(folder.Path, string.Create(CultureInfo.InvariantCulture, $"Tr{t:R}_n{n:R}_start{start}.json"));
            if (File.Exists(path)) runs[i] = Read(path);
            else
            {
                runs[i] = StartBias.Run(set, classes, n, t, start, epochs: epochs, seed: seed, threads: 1, cancel: cancel);
                AtomicFile.WriteAllText(path, JsonSerializer.Serialize(runs[i]));
            }
            progress?.Report(Interlocked.Increment(ref done));
        });
        return runs;
    }

    static StartBiasRun Read(string path)
    {
        try
        {
            var run = JsonSerializer.Deserialize<StartBiasRun>(File.ReadAllText(path));
            if (run is null || run.Memories < 1) throw new JsonException("empty or incomplete");
            return run;
        }
        catch (Exception e) when (e is JsonException or NotSupportedException)
        {
            throw new DataException($"{path}: unreadable start-bias run (delete it to run it again)", e);
        }
    }
}
