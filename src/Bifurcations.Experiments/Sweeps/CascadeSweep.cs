using System.Globalization;
using System.Text.Json;
using Bifurcations.Analysis;
using Bifurcations.Data;
using Bifurcations.Experiments.IO;
using Bifurcations.Experiments.Simulations;

namespace Bifurcations.Experiments.Sweeps;

/// <summary>One cell of a cascade grid: three classes, n, T_r and the seed of the start.</summary>
public sealed record CascadeCell(int[] Classes, double N, double TemperatureR, int Seed)
{
    /// <summary>The cell's file name in <c>runs/</c>.</summary>
    public string Key => string.Create(CultureInfo.InvariantCulture, $"{string.Concat(Classes)}-n{N:G6}-tr{TemperatureR:G6}-s{Seed}");
}

/// <summary>
/// The grid of a cascade sweep (docs/cascade.md, "Scoring"). Digits are the first <see cref="PerClass"/> of each
/// class, so the seeds vary only the start; every run has the Fig. 4 settings otherwise (100 memories, ε = 0.005).
/// </summary>
public sealed record CascadeGridSettings(int[][] Triples, double[] Exponents, double[] Temperatures, int[] Seeds)
{
    /// <summary>Digits of each class (the first ones).</summary>
    public int PerClass { get; init; } = 20;
    /// <summary>Epochs of each run.</summary>
    public int Epochs { get; init; } = 3500;
    /// <summary>Groups of each cascade.</summary>
    public int Groups { get; init; } = 20;

    /// <summary>The whole grid: 3 seeds × T_r ∈ {0.85, 0.9, 0.95, 1.0, 1.02} × n ∈ {20, 30, 40}, on 1/4/7 and 3/5/8 (90 runs).</summary>
    public static CascadeGridSettings Full { get; } = new([[1, 4, 7], [3, 5, 8]], [20, 30, 40], [0.85, 0.9, 0.95, 1.0, 1.02], [1, 2, 3]);

    /// <summary>The subset the default reproduction runs: the paper's Fig. 4 point (1/4/7, n = 30, T_r = 1.0) and one of 3/5/8, 3 seeds each.</summary>
    public static CascadeGridSettings Subset { get; } = new([[1, 4, 7], [3, 5, 8]], [30], [1.0], [1, 2, 3]);

    /// <summary>Every cell, triples outermost, seeds innermost.</summary>
    public IReadOnlyList<CascadeCell> Cells =>
        [.. from t in Triples from n in Exponents from tr in Temperatures from s in Seeds select new CascadeCell(t, n, tr, s)];

    /// <summary>The settings, checked.</summary>
    public CascadeGridSettings Validated()
    {
        if (Triples.Length == 0 || Exponents.Length == 0 || Temperatures.Length == 0 || Seeds.Length == 0) throw new InvalidParameterException("a cascade grid needs at least one triple, n, T_r and seed");
        foreach (var t in Triples)
            if (t.Length != 3 || t.Distinct().Count() != 3 || t.Any(c => c is < 0 or > 9)) throw new InvalidParameterException($"cascade triple {string.Join(",", t)} must be three different digits");
        foreach (var n in Exponents) if (!(n > 0) || !double.IsFinite(n)) throw new InvalidParameterException($"exponent n = {n} is invalid: it must be > 0");
        foreach (var tr in Temperatures) if (!(tr > 0) || !double.IsFinite(tr)) throw new InvalidParameterException($"temperature T_r = {tr} is invalid: it must be > 0");
        if (PerClass < 1) throw new InvalidParameterException($"--per-class {PerClass} is invalid: at least 1");
        return this;
    }

    /// <summary>The folder manifest: every setting and the digits' content, so another --mnist folder never reuses these runs.</summary>
    public RunSettings Manifest(string digits) => RunSettings.Of("cascade-sweep",
        ("triples", string.Join(";", Triples.Select(t => string.Concat(t)))), ("n", string.Join(",", Exponents.Select(x => x.ToString("R", CultureInfo.InvariantCulture)))),
        ("temperaturesR", string.Join(",", Temperatures.Select(x => x.ToString("R", CultureInfo.InvariantCulture)))), ("seeds", string.Join(",", Seeds)),
        ("perClass", PerClass), ("epochs", Epochs), ("groups", Groups), ("digits", digits));
}

/// <summary>
/// A model's score at one level over a grid: how many observed splits were compared and how well. A split the model did
/// not predict at all counts in the means as membership 0 and epoch error 100% (the ᾱ distance averages the predicted ones).
/// </summary>
public sealed record CascadeGridScore(string Model, int Level, int Compared, double PartitionAgreement, double? MeanMembership, double? MeanAlphaDistance,
    double? MeanEpochError, double? WithinFifteenPercent)
{
    /// <summary>Whether this level meets the issue's targets: partitions ≥ 90%, membership ≥ 85%, mean epoch error ≤ 15%.</summary>
    public bool MeetsTargets => Compared > 0 && PartitionAgreement >= 0.9 && MeanMembership >= 0.85 && MeanEpochError <= 0.15;
}

/// <summary>
/// A cascade sweep in a folder: <c>runs/</c> (one JSON file per finished cell, written atomically; finished cells are
/// skipped, so an interrupted sweep resumes), <c>scores.csv</c> (one row per scored split) and <c>summary.csv</c>
/// (each model's score per level). Cells are independent and each is single-threaded, so the results do not depend on
/// how many run at once.
/// </summary>
public static class CascadeSweep
{
    /// <summary>Opens (locks) a sweep folder for these settings; refuses other settings unless <paramref name="force"/>.</summary>
    public static RunFolder Open(string dir, CascadeGridSettings settings, MnistSet set, bool force = false) =>
        RunFolder.Open(dir, settings.Validated().Manifest(Fingerprint(settings, set)), force);

    static string Fingerprint(CascadeGridSettings s, MnistSet set) =>
        string.Join("/", s.Triples.Select(t => Digits(s, t, set).Fingerprint));

    static TrainingSet Digits(CascadeGridSettings s, int[] triple, MnistSet set) => new DigitSelection(triple, s.PerClass, 0, SelectionMode.First).Select(set);

    /// <summary>Runs the cells not yet in the folder, <paramref name="threads"/> at a time; returns every finished run in grid order.</summary>
    public static IReadOnlyList<CascadeRunRecord> Run(CascadeGridSettings settings, MnistSet set, RunFolder folder, int threads,
        IProgress<(int Done, int Total)>? progress = null, CancellationToken cancel = default)
    {
        settings.Validated();
        if (threads < 1) throw new InvalidParameterException($"threads = {threads} is invalid: at least 1");
        var runsDir = Path.Combine(folder.Path, "runs");
        Directory.CreateDirectory(runsDir);
        var cells = settings.Cells;
        var todo = cells.Where(c => !File.Exists(RunPath(runsDir, c))).ToArray();
        int done = cells.Count - todo.Length;
        progress?.Report((done, cells.Count));
        var digits = settings.Triples.ToDictionary(string.Concat, t => Digits(settings, t, set));
        try
        {
            Parallel.ForEach(todo, new ParallelOptions { MaxDegreeOfParallelism = threads, CancellationToken = cancel }, cell =>
            {
                var run = CascadeRunResult.Run(digits[string.Concat(cell.Classes)], new CascadeRunOptions(cell.Classes, cell.N, cell.TemperatureR)
                {
                    Seed = cell.Seed,
                    Epochs = settings.Epochs,
                    Groups = settings.Groups,
                }, cancel: cancel);
                AtomicFile.WriteAllText(RunPath(runsDir, cell), JsonOutput.Serialize(run.ToRecord()) + "\n");
                progress?.Report((Interlocked.Increment(ref done), cells.Count));
            });
        }
        catch (AggregateException e) when (e.Flatten().InnerExceptions.FirstOrDefault(x => x is BifurcationsException or OperationCanceledException) is { } inner)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(inner).Throw();
        }
        var runs = cells.Where(c => File.Exists(RunPath(runsDir, c))).Select(c => ReadRun(RunPath(runsDir, c))).ToArray();
        WriteTables(folder.Path, runs);
        return runs;
    }

    static string RunPath(string runsDir, CascadeCell cell) => Path.Combine(runsDir, cell.Key + ".json");

    /// <summary>One run's JSON, checked: a corrupt file is a clear error naming it.</summary>
    public static CascadeRunRecord ReadRun(string path)
    {
        CascadeRunRecord? run;
        try { run = JsonOutput.Deserialize<CascadeRunRecord>(File.ReadAllText(path)); }
        catch (Exception e) when (e is JsonException or NotSupportedException or ArgumentException)
        {
            throw new DataException($"{path}: unreadable cascade run (delete it to run that cell again)", e);
        }
        if (run is null || run.Classes?.Length != 3 || run.Models is null || run.Observed is null)
            throw new DataException($"{path}: incomplete cascade run (delete it to run that cell again)");
        return run;
    }

    static readonly int[] Levels = [1, 2];

    /// <summary>Each model's score at levels 1 and 2 over the runs (a level with no observed split compares nothing).</summary>
    public static IReadOnlyList<CascadeGridScore> Score(IReadOnlyList<CascadeRunRecord> runs)
    {
        var rows = runs.SelectMany(r => r.Models.SelectMany(m => m.Scores.Select(s => (m.Model, Score: s)))).ToArray();
        var models = runs.SelectMany(r => r.Models.Select(m => m.Model)).Distinct().Order(StringComparer.Ordinal).ToArray();
        return models.SelectMany(m => Levels.Select(level => (Model: m, Level: level))).OrderBy(k => k.Level).Select(key =>
        {
            var s = rows.Where(x => x.Model == key.Model && x.Score.Level == key.Level).Select(x => x.Score).ToArray();
            if (s.Length == 0) return new CascadeGridScore(key.Model, key.Level, 0, double.NaN, null, null, null, null);
            double? Mean(Func<LevelScore, double?> f) => s.Select(f).Where(v => v is not null).Select(v => v!.Value).DefaultIfEmpty(double.NaN).Average() is var m && double.IsFinite(m) ? m : null;
            var errors = s.Where(x => x.EpochError is not null).ToArray();
            return new CascadeGridScore(key.Model, key.Level, s.Length, (double)s.Count(x => x.PartitionAgrees) / s.Length,
                // A split the model did not predict counts as none of its memories placed and a 100% epoch error.
                Mean(x => x.Predicted is null ? 0 : x.Membership), Mean(x => x.AlphaDistance), Mean(x => x.Predicted is null ? 1 : x.EpochError),
                errors.Length > 0 ? (double)errors.Count(x => x.EpochError <= 0.15) / s.Length : null);
        }).ToArray();
    }

    static void WriteTables(string dir, IReadOnlyList<CascadeRunRecord> runs)
    {
        CsvOutput.Write(Path.Combine(dir, "scores.csv"),
            ["classes", "n", "temperature_r", "seed", "model", "level", "observed", "predicted", "partition_agrees", "membership", "alpha_distance",
             "observed_epoch", "predicted_epoch", "epoch_error", "horizon", "seed_epoch", "final_class_agreement"],
            // A run without a class-separating split still gets a row per model (its level empty), so every run is in the table.
            runs.SelectMany(r => r.Models.SelectMany(m => m.Scores.Length == 0
                ? [new object?[] { string.Concat(r.Classes), r.N, r.TemperatureR, r.Seed, m.Model, null, "no class-separating split", null, null, null, null, null, null, null, null, r.SeedEpoch, m.FinalClassAgreement }]
                : m.Scores.Select(s => new object?[]
                {
                    string.Concat(r.Classes), r.N, r.TemperatureR, r.Seed, m.Model, s.Level, s.Observed, s.Predicted, s.PartitionAgrees, s.Membership,
                    s.AlphaDistance, s.ObservedEpoch, s.PredictedEpoch, s.EpochError, s.Horizon, r.SeedEpoch, m.FinalClassAgreement,
                }))));
        CsvOutput.Write(Path.Combine(dir, "summary.csv"),
            ["model", "level", "compared", "partition_agreement", "mean_membership", "mean_alpha_distance", "mean_epoch_error", "within_15_percent", "meets_targets"],
            Score(runs).Select(s => new object?[] { s.Model, s.Level, s.Compared, s.PartitionAgreement, s.MeanMembership, s.MeanAlphaDistance, s.MeanEpochError, s.WithinFifteenPercent, s.MeetsTargets }));
    }
}
