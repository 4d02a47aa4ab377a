using System.Globalization;
using System.Text.Json;
using Bifurcations.Analysis;
using Bifurcations.Data;
using Bifurcations.Experiments.IO;
using Bifurcations.Model;
using Bifurcations.Training;

namespace Bifurcations.Experiments.Sweeps;

/// <summary>
/// A phase-diagram sweep living in a folder: <c>sweep.json</c> (its settings), <c>runs/</c> (one small
/// JSON file per finished run, each written atomically) and <c>results.csv</c> (every finished run, one
/// row per memory, rewritten atomically). Finished runs are skipped, so a killed sweep resumes where it
/// stopped; <see cref="Shard"/>s split the grid between machines and <see cref="Merge"/> joins them.
/// Runs are independent and each is single-threaded, so the results do not depend on how they are shared.
/// </summary>
public static class PhaseSweep
{
    /// <summary>
    /// What a sweep folder's manifest records: every setting of <see cref="PhaseSettings"/> and the content of the two
    /// digits (<paramref name="digits"/>, the fingerprint of <see cref="PhaseSettings.Digits"/>), so that a sweep on other
    /// data (another --mnist folder) never reuses these runs.
    /// </summary>
    public static RunSettings Manifest(PhaseSettings s, string digits) => RunSettings.Of("phase-sweep",
        ("case", s.Case.ToString().ToLowerInvariant()), ("classA", s.ClassA), ("classB", s.ClassB), ("seed", s.Seed),
        ("nFrom", s.NFrom), ("nTo", s.NTo), ("nStep", s.NStep), ("tFrom", s.TFrom), ("tTo", s.TTo), ("tStep", s.TStep),
        ("rate", s.Rate), ("epochs", s.Epochs), ("selection", s.Selection.ToString().ToLowerInvariant()), ("digits", digits));

    /// <summary>Opens (locks) a sweep folder for these settings on these data; refuses other settings unless <paramref name="force"/>.</summary>
    public static RunFolder Open(string dir, PhaseSettings settings, MnistSet set, bool force = false) =>
        RunFolder.Open(dir, Manifest(settings.Validated(), settings.Digits(set).Fingerprint), force);

    /// <summary>Runs this shard's grid points not yet in the folder (one per thread), writing each as it finishes; returns every finished run.</summary>
    public static IReadOnlyList<PhaseRun> Run(PhaseSettings settings, MnistSet set, RunFolder folder, Shard shard, int threads,
        IProgress<(int Done, int Total)>? progress = null, CancellationToken cancel = default)
    {
        settings.Validated();
        if (threads < 1) throw new InvalidParameterException($"threads = {threads} is invalid: at least 1");
        var digits = settings.Digits(set);
        if (folder.Settings.FirstDifference(Manifest(settings, digits.Fingerprint)) is { } difference) throw new InvalidParameterException($"{folder.Path} was opened for another sweep ({difference})");
        var dir = folder.Path;
        Prepare(dir, settings);
        var runsDir = Path.Combine(dir, "runs");
        var grid = settings.Grid;
        var todo = Enumerable.Range(0, grid.Count).Where(shard.Owns).Where(i => !File.Exists(RunPath(runsDir, grid[i]))).ToArray();
        int owned = Enumerable.Range(0, grid.Count).Count(shard.Owns), done = owned - todo.Length;
        progress?.Report((done, owned));
        var decomposition = new MoorePenrose(digits);
        try
        {
            // On cancellation the runs in flight finish and are kept; the table is written either way.
            Parallel.ForEach(todo, new ParallelOptions { MaxDegreeOfParallelism = threads, CancellationToken = cancel }, i =>
            {
                var run = One(settings, digits, decomposition, grid[i].N, grid[i].Temperature, cancel);
                AtomicFile.WriteAllText(RunPath(runsDir, grid[i]), JsonOutput.Serialize(run));
                progress?.Report((Interlocked.Increment(ref done), owned));
            });
        }
        catch (AggregateException e) when (e.Flatten().InnerExceptions.FirstOrDefault(x => x is BifurcationsException or OperationCanceledException) is { } inner)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(inner).Throw();
        }
        finally { WriteTable(dir); }
        return Read(dir);
    }

    /// <summary>One training run of the grid, from the case's initial state.</summary>
    public static PhaseRun One(PhaseSettings s, TrainingSet digits, MoorePenrose decomposition, double n, double t, CancellationToken cancel = default)
    {
        var trainer = new Trainer(digits, new NetworkParameters(n, t), new TrainingOptions { Rate = s.Rate, Epochs = s.Epochs, Threads = 1, Seed = s.Seed }, s.Initial(digits));
        // An interrupted run is abandoned (it is not finished, so nothing of it is kept); the finished ones stay.
        while (trainer.Epoch < s.Epochs) { if (trainer.Epoch % 256 == 0) cancel.ThrowIfCancellationRequested(); trainer.Step(); }
        var cost = trainer.Evaluate().Cost;
        var dec = decomposition.Decompose(trainer.State);
        int k = s.Memories;
        return new PhaseRun(n, t,
            [.. Enumerable.Range(0, k).Select(mu => dec.Alpha[mu * 2])], [.. Enumerable.Range(0, k).Select(mu => dec.Alpha[mu * 2 + 1])],
            [.. Enumerable.Range(0, k).Select(mu => trainer.State.Label(mu)[s.ClassA])], [.. Enumerable.Range(0, k).Select(mu => trainer.State.Label(mu)[s.ClassB])],
            cost, dec.RelativeReconstructionError.ToArray());
    }

    /// <summary>The settings of a sweep folder, or a clear error.</summary>
    public static PhaseSettings Settings(string dir)
    {
        var path = Path.Combine(dir, "sweep.json");
        if (!File.Exists(path)) throw new DataException($"{dir} is not a sweep folder (no sweep.json)");
        return PhaseSettings.FromJson(File.ReadAllText(path), path);
    }

    /// <summary>Every finished run of a sweep folder, in grid order.</summary>
    public static IReadOnlyList<PhaseRun> Read(string dir)
    {
        var settings = Settings(dir);
        var runsDir = Path.Combine(dir, "runs");
        var runs = new List<PhaseRun>();
        foreach (var cell in settings.Grid)
        {
            var path = RunPath(runsDir, cell);
            if (!File.Exists(path)) continue;
            runs.Add(ParseRun(File.ReadAllText(path), path));
        }
        return runs;
    }

    /// <summary>One run's JSON, checked: a corrupt file is a clear error naming it, never a crash.</summary>
    public static PhaseRun ParseRun(string text, string path)
    {
        PhaseRun? run;
        try { run = JsonOutput.Deserialize<PhaseRun>(text); }
        catch (Exception e) when (e is JsonException or NotSupportedException or ArgumentException)
        {
            throw new DataException($"{path}: unreadable run result (delete it to run that cell again)", e);
        }
        int k = run?.AlphaA?.Length ?? 0;
        if (run is null || k is < 1 or > 2 || run.AlphaB?.Length != k || run.LabelA?.Length != k || run.LabelB?.Length != k
            || run.RelativeReconstructionError?.Length != k)
            throw new DataException($"{path}: incomplete run result (delete it to run that cell again)");
        return run;
    }

    /// <summary>
    /// Joins shard folders into <paramref name="output"/>. Everything is validated before anything is written: the
    /// shards' settings must be equal (and equal to the output's, if it holds a sweep), every run file must be a plain
    /// file (no link), named for a cell of the grid, hold a readable result of that cell, and agree with any result
    /// the output or another shard already holds for it. Only then is the output locked and written.
    /// </summary>
    public static int Merge(IReadOnlyList<string> shards, string output, bool force = false)
    {
        if (shards.Count == 0) throw new InvalidParameterException("merge needs at least one sweep folder");
        RunFolder.CheckPath(output);
        var settings = shards.Select(Settings).ToArray();
        for (int i = 1; i < settings.Length; i++)
            if (settings[i] != settings[0])
                throw new InvalidParameterException($"{shards[i]} holds a sweep with different settings from {shards[0]} ({Difference(settings[0], settings[i])}): they cannot be merged");
        var cells = settings[0].Grid.ToDictionary(c => PhaseSettings.Key(c.N, c.Temperature) + ".json");
        var incoming = new Dictionary<string, (string Source, byte[] Bytes)>();
        foreach (var dir in shards)
        {
            var runsDir = Path.Combine(dir, "runs");
            if (!Directory.Exists(runsDir)) continue;
            foreach (var entry in Directory.EnumerateFileSystemEntries(runsDir))
            {
                var name = Path.GetFileName(entry);
                if (name.StartsWith('.') && name.EndsWith(".tmp")) continue; // a killed write's leftover
                var info = new FileInfo(entry);
                if (info.Attributes.HasFlag(FileAttributes.ReparsePoint) || info.LinkTarget is not null)
                    throw new DataException($"{entry} is a link, not a run result: merge takes plain files only; nothing was written");
                if (info.Attributes.HasFlag(FileAttributes.Directory) || !cells.TryGetValue(name, out var cell))
                    throw new DataException($"{entry} is not a run of this sweep's grid; nothing was written");
                var bytes = File.ReadAllBytes(entry);
                var run = ParseRun(System.Text.Encoding.UTF8.GetString(bytes), entry);
                if (run.N != cell.N || run.Temperature != cell.Temperature)
                    throw new DataException($"{entry} holds the run at n = {run.N}, T = {run.Temperature}, not the one its name says; nothing was written");
                if (incoming.TryGetValue(name, out var other) && !other.Bytes.AsSpan().SequenceEqual(bytes))
                    throw new DataException($"{entry} and {other.Source} hold different results for the same cell; nothing was written");
                incoming[name] = (entry, bytes);
            }
        }
        // The digits' fingerprint comes from the shards' manifests, which must agree (shards of one sweep on one data set).
        var fingerprints = shards.Select(s => Path.Combine(s, RunFolder.ManifestName)).Where(File.Exists)
            .Select(p => RunSettings.FromJson(File.ReadAllText(p), p).Values.GetValueOrDefault("digits") ?? "").Distinct().ToArray();
        if (fingerprints.Length != 1 || fingerprints[0].Length == 0)
            throw new InvalidParameterException($"the shards were made on {(fingerprints.Length > 1 ? "different digits" : "unrecorded digits (no manifest)")}: they cannot be merged");
        using var folder = RunFolder.Open(output, Manifest(settings[0], fingerprints[0]), force);
        Prepare(output, settings[0]);
        var targetDir = Path.Combine(output, "runs");
        foreach (var (name, (source, bytes)) in incoming)
        {
            var target = Path.Combine(targetDir, name);
            if (File.Exists(target) && !File.ReadAllBytes(target).AsSpan().SequenceEqual(bytes))
                throw new DataException($"{target} already holds a different result than {source}; nothing more was written");
        }
        int copied = 0;
        foreach (var (name, (source, bytes)) in incoming)
        {
            var target = Path.Combine(targetDir, name);
            if (Path.GetFullPath(source) == Path.GetFullPath(target) || File.Exists(target)) continue;
            AtomicFile.WriteAllBytes(target, bytes);
            copied++;
        }
        WriteTable(output);
        return copied;
    }

    static void Prepare(string dir, PhaseSettings settings)
    {
        var path = Path.Combine(dir, "sweep.json");
        if (File.Exists(path))
        {
            var saved = Settings(dir);
            if (saved != settings)
                throw new InvalidParameterException($"{dir} holds a sweep with different settings ({Difference(saved, settings)}); use another --out");
        }
        Directory.CreateDirectory(Path.Combine(dir, "runs"));
        if (!File.Exists(path)) AtomicFile.WriteAllText(path, settings.ToJson() + "\n");
    }

    static string Difference(PhaseSettings a, PhaseSettings b)
    {
        foreach (var p in typeof(PhaseSettings).GetProperties().Where(p => p.GetIndexParameters().Length == 0 && p.CanWrite))
        {
            var (x, y) = (p.GetValue(a), p.GetValue(b));
            // Named as sweep.json names it, the file the user can open.
            if (!Equals(x, y)) return FormattableString.Invariant($"{System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(p.Name)}: {x} in the first, {y} in this one");
        }
        return "settings differ";
    }

    static void WriteTable(string dir)
    {
        var runs = Read(dir);
        CsvOutput.Write(Path.Combine(dir, "results.csv"),
            ["n", "temperature", "temperature_r", "memory", "alpha_a", "alpha_b", "label_a", "label_b", "cost", "relative_reconstruction_error"],
            runs.SelectMany(r => Enumerable.Range(0, r.AlphaA.Length).Select(mu => new object[]
                { r.N, r.Temperature, r.Temperature / NetworkParameters.PixelCount, mu, r.AlphaA[mu], r.AlphaB[mu], r.LabelA[mu], r.LabelB[mu], r.Cost, r.RelativeReconstructionError[mu] })));
    }

    static string RunPath(string runsDir, (double N, double Temperature) cell) => Path.Combine(runsDir, PhaseSettings.Key(cell.N, cell.Temperature) + ".json");
}
