using System.Globalization;
using System.Text.Json;
using Bifurcations.Data;
using Bifurcations.IO;
using Bifurcations.Model;
using Bifurcations.Training;

namespace Bifurcations.Sweeps;

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
    public static RunSettings Manifest(TrainingSet set, double n, int memories, int epochs, double rate, int seed)
    {
        // Checked here, before any folder is opened: a refused run writes nothing.
        new NetworkParameters(n, 700);
        new TrainingOptions { Rate = rate, Epochs = epochs, Seed = seed }.Validated();
        if (memories is < 1 or > NetworkState.MaxMemories) throw new UsageException($"memories = {memories} is invalid: between 1 and {NetworkState.MaxMemories}");
        return RunSettings.Of("populations", ("digits", set.Fingerprint), ("n", n), ("memories", memories), ("epochs", epochs), ("rate", rate), ("seed", seed));
    }

    public static IReadOnlyList<PopulationRun> Run(TrainingSet set, double n, IReadOnlyList<double> temperatures, RunFolder folder,
        int memories = 100, int epochs = 10_000, double rate = 0.005, int seed = 1, IProgress<int>? progress = null, CancellationToken cancel = default, int threads = 0)
    {
        if (temperatures.Count == 0) throw new UsageException("no temperatures to sweep");
        if (folder.Settings.FirstDifference(Manifest(set, n, memories, epochs, rate, seed)) is { } difference)
            throw new UsageException($"{folder.Path} was opened for other settings ({difference})");
        var dir = folder.Path;
        var runs = new PopulationRun[temperatures.Count];
        // Cells without a result are trained (SweepTraining: one per core, each checkpointed beside its result).
        string PathOf(double t) => Path.Combine(dir, string.Create(CultureInfo.InvariantCulture, $"T{t:R}.json"));
        var options = new TrainingOptions { Rate = rate, Epochs = epochs, Seed = seed, Threads = 1 };
        SweepTraining.Complete(runs, i => PathOf(temperatures[i]), Read, i => new SweepRun(set, new NetworkParameters(n, temperatures[i]), options,
            () => new InitialCondition.Gaussian().Create(memories, set, seed), PathOf(temperatures[i]) + ".checkpoint", keepMetrics: true, (trainer, metrics, _) =>
            {
                var all = metrics.Append(trainer.Evaluate()).ToList();
                runs[i] = new PopulationRun(temperatures[i], Populations(trainer.State), LearningOrder.From(all));
                AtomicFile.WriteAllText(PathOf(temperatures[i]), JsonSerializer.Serialize(runs[i]));
            }), epochs, threads > 0 ? threads : Environment.ProcessorCount, progress, cancel);
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
    /// Spearman correlation of the learning order (at the lowest T) with the reversed disappearance order, over the
    /// classes for which both are defined: learned during training and gone within the grid. A class never learned,
    /// or never gone, has no rank in one of the orders, so it is left out and named in <c>Warning</c>. With fewer than
    /// 3 classes left the correlation means nothing: <c>Rho</c> is null.
    /// </summary>
    public static (double? Rho, int[] Classes, string? Warning) LearningAgainstDisappearance(IReadOnlyList<PopulationRun> runs)
    {
        var learned = runs.OrderBy(r => r.Temperature).First().LearningOrder.Where(c => c.Epoch is not null).Select(c => c.Class).ToArray();
        var gone = DisappearanceOrder(runs).Where(x => x.Temperature is not null).Select(x => x.Class).ToArray();
        var both = learned.Where(gone.Contains).ToArray();
        var left = Enumerable.Range(0, NetworkState.Classes).Except(both).ToArray();
        string? warning = left.Length == 0 ? null
            : $"classes {string.Join(",", left)} were never learned at the lowest T or never disappear in the grid, so they have no rank and are left out";
        if (both.Length < 3)
            return (null, both, $"Spearman correlation not computed: only {both.Length} class(es) were both learned and gone within the grid");
        var reversedGone = gone.Where(both.Contains).Reverse().ToArray();
        return (Spearman(both, reversedGone), both, warning);
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
        try { return JsonSerializer.Deserialize<PopulationRun>(File.ReadAllText(path)) ?? throw new JsonException("empty"); }
        catch (Exception e) when (e is JsonException or NotSupportedException) { throw new DataException($"{path}: unreadable population run (delete it to run it again)", e); }
    }
}
