using System.Globalization;
using System.Text.Json;
using Bifurcations.Data;
using Bifurcations.Experiments.IO;
using Bifurcations.Experiments.Training;
using Bifurcations.Model;
using Bifurcations.Training;

namespace Bifurcations.Experiments.Sweeps;

/// <summary>The class populations after training at one temperature: how many memories each class owns (by label).</summary>
public sealed record PopulationRun(double Temperature, int[] Population, IReadOnlyList<ClassLearned> LearningOrder);

/// <summary>
/// Paper Fig. 8: the full network (all ten classes) trained at a series of temperatures; after training a
/// memory belongs to the class of its largest label (if that label is positive), and the population of a
/// class is the number of memories it owns. As T grows classes stop being learned; the order in which they
/// disappear is compared with the learning order. One JSON file per temperature in the folder (written
/// atomically), so an interrupted sweep resumes.
/// </summary>
public static class PopulationSweep
{
    /// <summary>
    /// What a populations folder's manifest records: everything that shapes one temperature's run. The temperatures
    /// themselves are not in it (each has its own file), so a longer sweep reuses a shorter one's runs.
    /// </summary>
    public static RunSettings Manifest(TrainingSet set, double n, SweepOptions options)
    {
        // Checked here, before any folder is opened: a refused run writes nothing.
        _ = new NetworkParameters(n, 700);
        var o = options.Validated();
        return RunSettings.Of("populations", ("digits", set.Fingerprint), ("n", n), ("memories", o.Memories), ("epochs", o.Epochs), ("rate", o.Rate), ("seed", o.Seed));
    }

    /// <summary>Trains at every temperature not yet in the folder (checkpointed, resumable) and returns the class populations at each.</summary>
    public static IReadOnlyList<PopulationRun> Run(TrainingSet set, double n, IReadOnlyList<double> temperatures, RunFolder folder,
        SweepOptions options, IProgress<int>? progress = null, CancellationToken cancel = default)
    {
        if (temperatures.Count == 0) throw new InvalidParameterException("no temperatures to sweep");
        if (folder.Settings.FirstDifference(Manifest(set, n, options)) is { } difference)
            throw new InvalidParameterException($"{folder.Path} was opened for other settings ({difference})");
        var dir = folder.Path;
        var runs = new PopulationRun[temperatures.Count];
        // Cells without a result are trained (SweepTraining: one per core, each checkpointed beside its result).
        string PathOf(double t) => Path.Combine(dir, string.Create(CultureInfo.InvariantCulture, $"T{t:R}.json"));
        var (memories, epochs, seed) = (options.Memories, options.Epochs, options.Seed);
        var training = new TrainingOptions { Rate = options.Rate, Epochs = epochs, Seed = seed, Threads = 1 };
        SweepTraining.Complete(runs, i => PathOf(temperatures[i]), Read, i => new SweepRun(set, new NetworkParameters(n, temperatures[i]), training,
            () => new InitialCondition.Gaussian().Create(memories, set, seed), PathOf(temperatures[i]) + ".checkpoint", keepMetrics: true, (trainer, metrics, _) =>
            {
                var all = metrics.Append(trainer.Evaluate()).ToList();
                runs[i] = new PopulationRun(temperatures[i], Populations(trainer.State), LearningOrder.From(all));
                AtomicFile.WriteAllText(PathOf(temperatures[i]), JsonOutput.Serialize(runs[i]));
            }), epochs, options.WorkerThreads, progress, cancel);
        return runs;
    }

    /// <summary>Memories per class: the class of a memory's largest label, if positive.</summary>
    public static int[] Populations(NetworkState s)
    {
        var pop = new int[NetworkState.Classes];
        for (int mu = 0; mu < s.MemoryCount; mu++)
        {
            var l = s.Label(mu);
            int best = 0;
            for (int d = 1; d < l.Length; d++) if (l[d] > l[best]) best = d;
            if (l[best] > 0) pop[best]++;
        }
        return pop;
    }

    /// <summary>Classes in the order they disappear as T grows: the lowest T from which the class owns no memory at every higher T.</summary>
    public static IReadOnlyList<(int Class, double? Temperature)> DisappearanceOrder(IReadOnlyList<PopulationRun> runs)
    {
        var sorted = runs.OrderBy(r => r.Temperature).ToArray();
        var result = new List<(int, double?)>();
        for (int d = 0; d < NetworkState.Classes; d++)
        {
            double? gone = null;
            for (int i = sorted.Length - 1; i >= 0 && sorted[i].Population[d] == 0; i--) gone = sorted[i].Temperature;
            result.Add((d, gone));
        }
        return result.OrderBy(x => x.Item2 ?? double.PositiveInfinity).ThenBy(x => x.Item1).ToArray();
    }

    /// <summary>
    /// Spearman correlation between when each class is learned (at the lowest T) and how late it disappears as T grows
    /// (+1: the first learned disappear last), over all 10 classes with tied ranks averaged. A class never learned ranks
    /// after every learned one, and a class that never disappears within the grid ranks as the last to go. Several such
    /// classes tie, and the warning names them, because the grid cannot order them. When every class ties in either
    /// order there is nothing to correlate: <c>Rho</c> is null.
    /// </summary>
    public static (double? Rho, string? Warning) LearningAgainstDisappearance(IReadOnlyList<PopulationRun> runs)
    {
        const int classes = NetworkState.Classes;
        var epochs = new double[classes];
        Array.Fill(epochs, double.PositiveInfinity);
        foreach (var c in runs.OrderBy(r => r.Temperature).First().LearningOrder)
            if (c.Epoch is { } e) epochs[c.Class] = e;
        var lateness = new double[classes]; // the higher, the later the class disappears
        foreach (var (c, t) in DisappearanceOrder(runs)) lateness[c] = t ?? double.PositiveInfinity;
        var notes = new List<string>();
        var never = Enumerable.Range(0, classes).Where(c => double.IsPositiveInfinity(epochs[c])).ToArray();
        if (never.Length > 1) notes.Add($"classes {string.Join(",", never)} were never learned and share the last learning rank");
        var stay = Enumerable.Range(0, classes).Where(c => double.IsPositiveInfinity(lateness[c])).ToArray();
        if (stay.Length > 1) notes.Add($"classes {string.Join(",", stay)} never disappear within the grid and share the last rank");
        var x = AverageRanks(epochs);
        var y = AverageRanks(lateness.Select(v => -v).ToArray());
        double? rho = Correlation(x, y);
        if (rho is null) notes.Add("the Spearman correlation is not computed: every class ties in one of the two orders");
        return (rho, notes.Count == 0 ? null : string.Join("; ", notes));
    }

    /// <summary>Ranks 1…n with ties given the mean of the ranks they span.</summary>
    static double[] AverageRanks(double[] values)
    {
        var order = Enumerable.Range(0, values.Length).OrderBy(i => values[i]).ToArray();
        var ranks = new double[values.Length];
        for (int i = 0; i < order.Length;)
        {
            int j = i;
            while (j + 1 < order.Length && values[order[j + 1]] == values[order[i]]) j++;
            for (int k = i; k <= j; k++) ranks[order[k]] = (i + j) / 2.0 + 1;
            i = j + 1;
        }
        return ranks;
    }

    /// <summary>Pearson correlation, or null when either side does not vary.</summary>
    static double? Correlation(double[] x, double[] y)
    {
        double mx = x.Average(), my = y.Average(), sxy = 0, sxx = 0, syy = 0;
        for (int i = 0; i < x.Length; i++) { sxy += (x[i] - mx) * (y[i] - my); sxx += (x[i] - mx) * (x[i] - mx); syy += (y[i] - my) * (y[i] - my); }
        return sxx > 0 && syy > 0 ? sxy / Math.Sqrt(sxx * syy) : null;
    }

    /// <summary>Spearman rank correlation of two orderings of the same classes (1: identical, −1: reversed).</summary>
    public static double Spearman(int[] first, int[] second)
    {
        int k = first.Length;
        double sum = 0;
        for (int i = 0; i < k; i++) { int j = Array.IndexOf(second, first[i]); sum += (i - j) * (i - j); }
        return 1 - 6 * sum / (k * (k * k - 1.0));
    }

    static PopulationRun Read(string path)
    {
        try { return JsonOutput.Deserialize<PopulationRun>(File.ReadAllText(path)) ?? throw new JsonException("empty"); }
        catch (Exception e) when (e is JsonException or NotSupportedException) { throw new DataException($"{path}: unreadable population run (delete it to run it again)", e); }
    }
}
