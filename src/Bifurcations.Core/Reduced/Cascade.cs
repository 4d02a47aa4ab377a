using Bifurcations.Analysis;

namespace Bifurcations.Reduced;

/// <summary>
/// The memories of a run at one epoch, in a group map's coordinates (one row per memory): where a cascade starts. With
/// <paramref name="Along"/>, the memories are sorted by its product with their offset from the centroid; without it, by
/// their amplitude along the fastest unstable mode of difference at the centroid.
/// </summary>
public sealed record CascadeSeed(int Epoch, IReadOnlyList<double[]> Memories, double[]? Along = null)
{
    /// <summary>
    /// Each memory in pixel space, where the model can carry more than the coordinates hold (<see cref="IGroupDynamics.Place"/>):
    /// the exact group system then keeps each group's mean component outside the span of the digits. Null: the coordinates alone.
    /// </summary>
    public IReadOnlyList<double[]>? Pixels { get; init; }
}

/// <summary>How the cascade groups the memories and how often it records them.</summary>
public sealed record CascadeOptions
{
    /// <summary>Groups the memories are sorted into along the unstable mode.</summary>
    public int Groups { get; init; } = 20;
    /// <summary>Epochs between records (the simulation's records, so both are read alike).</summary>
    public int RecordEvery { get; init; } = 10;
    /// <summary>
    /// Stop early once no coordinate of any group differs by more than this from two epochs before, for
    /// <see cref="SettleEpochs"/> epochs (0: never stop early). Two epochs, because the normalized step can settle into a
    /// two-cycle (labels flipping by ε at a kink) that never comes to rest. The last record is then the state the run
    /// would keep, as groups at rest stay at rest under the map; only groups hovering on a saddle slower than the
    /// tolerance for that long would be misread, so the tolerance is kept far below any spread that matters.
    /// </summary>
    public double SettleTolerance { get; init; }
    /// <summary>How long every group must stay within <see cref="SettleTolerance"/> for the cascade to stop early.</summary>
    public int SettleEpochs { get; init; } = 1000;
    internal CascadeOptions Validated()
    {
        if (Groups < 1) throw new InvalidParameterException($"cascade groups {Groups} is invalid: at least 1");
        if (RecordEvery < 1) throw new InvalidParameterException($"cascade record interval {RecordEvery} is invalid: at least 1 epoch");
        if (!(SettleTolerance >= 0) || !double.IsFinite(SettleTolerance)) throw new InvalidParameterException($"cascade settle tolerance {SettleTolerance} is invalid: 0 or more");
        if (SettleEpochs < 1) throw new InvalidParameterException($"cascade settle epochs {SettleEpochs} is invalid: at least 1");
        return this;
    }
}

/// <summary>
/// A predicted cascade: the mode that orders the memories, which group each memory was put in, every memory's ᾱ (its
/// group's) at each record, and the class each memory ends as (its largest ᾱ).
/// </summary>
public sealed record CascadePrediction(int SeedEpoch, DifferenceMode? Mode, int[] GroupOf, IReadOnlyList<AlphaSnapshot> Records, int[] FinalClass)
{
    /// <summary>The epoch the cascade stopped at: the end epoch, or earlier where every group had settled.</summary>
    public int LastEpoch => Records[^1].Epoch;

    /// <summary>One memory of each group (its first), in group order: each group's path drawn or written once.</summary>
    public IEnumerable<int> Representatives() => GroupOf.Select((g, mu) => (g, mu)).GroupBy(t => t.g).OrderBy(g => g.Key).Select(g => g.First().mu);
}

/// <summary>
/// The cascade of splits from a group map (docs/cascade.md, "The cascade"): at the seed the memories' centroid is
/// linearized (<see cref="DifferenceModes"/>); each memory's amplitude along the fastest unstable mode orders them, and
/// they are cut into equal groups in that order; the groups are then followed with the map, each copy seeing all
/// groups. Which side of each later split a memory ends on, and when, comes from where its group started along the
/// mode: no split is imposed, the groups come apart by themselves. Without an unstable mode the memories stay one group.
/// </summary>
public static class Cascade
{
    /// <summary>Amplitude (in the model's coordinates) of the spread a synthetic seed puts along the mode.</summary>
    public const double SeedSpread = 1e-3;

    /// <summary>
    /// A seed without a simulation: <paramref name="memories"/> memories at <paramref name="x"/> (where identical memories
    /// gather), spread along the fastest unstable mode of difference there by SeedSpread·Φ⁻¹((μ + ½)/K), the quantiles
    /// of a normal spread of the start's noise. Null when no mode of difference grows there (the memories stay together).
    /// </summary>
    public static CascadeSeed? SeedAt(IGroupDynamics system, double[] x, int memories, double rate, int epoch = 0)
    {
        if (memories < 2) throw new InvalidParameterException($"memories K = {memories} is invalid: a split needs at least 2");
        if (DifferenceModes.Of(system, x, memories, rate) is not [var mode, ..]) return null;
        return Line(x, mode.Direction.Select(v => SeedSpread * v).ToArray(), memories, epoch) with { Along = null };
    }

    /// <summary>
    /// A seed of <paramref name="memories"/> memories on a line through <paramref name="x"/>: x + Φ⁻¹((μ + ½)/K)·spread, the
    /// quantiles of a normal spread along one typical noise vector, sorted along it. This is the start of memories that
    /// differ only by a small noise: as long as the spread is small, the map carries the line into its growing
    /// directions and keeps the memories' order along it, whichever noise vector was drawn.
    /// </summary>
    public static CascadeSeed Line(double[] x, double[] spread, int memories, int epoch = 0)
    {
        if (memories < 1) throw new InvalidParameterException($"memories K = {memories} is invalid: at least 1");
        if (spread.Length != x.Length) throw new InvalidParameterException($"the spread has {spread.Length} coordinates, {x.Length} expected");
        if (spread.Any(v => !double.IsFinite(v)) || x.Any(v => !double.IsFinite(v))) throw new InvalidParameterException("a cascade seed needs finite coordinates");
        return new CascadeSeed(epoch, Enumerable.Range(0, memories).Select(mu =>
        {
            double z = MathNet.Numerics.Distributions.Normal.InvCDF(0, 1, (mu + 0.5) / memories);
            return x.Select((v, i) => v + z * spread[i]).ToArray();
        }).ToArray(), spread);
    }

    /// <summary>Follows the memories of <paramref name="seed"/> as groups until <paramref name="endEpoch"/>.</summary>
    public static CascadePrediction Predict(IGroupDynamics system, CascadeSeed seed, double rate, int endEpoch, CascadeOptions? options = null,
        IProgress<int>? progress = null, CancellationToken cancel = default)
    {
        var o = (options ?? new CascadeOptions()).Validated();
        if (!(rate > 0) || !double.IsFinite(rate)) throw new InvalidParameterException($"learning rate {rate} is invalid: it must be > 0");
        int k = seed.Memories.Count, d = system.Dimension;
        if (k < 1) throw new InvalidParameterException("a cascade needs at least one memory");
        if (seed.Memories.Any(m => m.Length != d)) throw new InvalidParameterException($"every seed memory needs {d} coordinates");
        if (endEpoch < seed.Epoch) throw new InvalidParameterException($"end epoch {endEpoch} is before the seed epoch {seed.Epoch}");
        if (seed.Along is { } along && along.Length != d) throw new InvalidParameterException($"the seed's sorting direction has {along.Length} coordinates, {d} expected");
        var centroid = Enumerable.Range(0, d).Select(c => seed.Memories.Average(m => m[c])).ToArray();
        var mode = seed.Along is null && k >= 2 && DifferenceModes.Of(system, centroid, k, rate) is [var fastest, ..] ? fastest : null;
        var sortBy = seed.Along ?? mode?.Amplitude;
        var groupOf = new int[k];
        int groups = sortBy is null || k < 2 ? 1 : Math.Min(o.Groups, k);
        if (groups > 1)
        {
            var order = Enumerable.Range(0, k).OrderBy(mu => seed.Memories[mu].Select((v, c) => sortBy![c] * (v - centroid[c])).Sum()).ThenBy(mu => mu).ToArray();
            for (int r = 0; r < k; r++) groupOf[order[r]] = (int)((long)r * groups / k);
        }
        var members = Enumerable.Range(0, groups).Select(g => Enumerable.Range(0, k).Where(mu => groupOf[mu] == g).ToArray()).ToArray();
        var state = members.Select(m => Enumerable.Range(0, d).Select(c => m.Average(mu => seed.Memories[mu][c])).ToArray()).ToArray();
        var copies = members.Select(m => m.Length).ToArray();
        if (seed.Pixels is { } pixels)
        {
            if (pixels.Count != k || pixels.Any(x => x.Length != pixels[0].Length)) throw new InvalidParameterException($"the seed needs one pixel memory of one size for each of its {k} memories");
            for (int g = 0; g < groups; g++)
                system.Place(state[g], [.. Enumerable.Range(0, pixels[0].Length).Select(x => members[g].Average(mu => pixels[mu][x]))]);
        }
        var records = new List<AlphaSnapshot>();
        void Record(int epoch)
        {
            var bar = state.Select(system.ClassAlpha).ToArray();
            if (bar.Any(b => b.Any(v => !double.IsFinite(v)))) throw new NumericalException($"the cascade produced a non-finite state at epoch {epoch}");
            records.Add(new AlphaSnapshot(epoch, Enumerable.Range(0, k).Select(mu => bar[groupOf[mu]]).ToArray()));
        }
        Record(seed.Epoch);
        int still = 0;
        var before = state;
        for (int epoch = seed.Epoch + 1; epoch <= endEpoch; epoch++)
        {
            cancel.ThrowIfCancellationRequested();
            var next = system.Advance(state, copies, rate);
            bool settled = o.SettleTolerance > 0 && Within(next, before, o.SettleTolerance);
            still = settled ? still + 1 : 0;
            (before, state) = (state, next);
            if (epoch % o.RecordEvery == 0 || epoch == endEpoch || still >= o.SettleEpochs) Record(epoch);
            if (epoch % 100 == 0) progress?.Report(epoch);
            if (still >= o.SettleEpochs) break;
        }
        var classes = system.Classes;
        var final = records[^1].AlphaBar.Select(a => classes[Array.IndexOf(a, a.Max())]).ToArray();
        return new CascadePrediction(seed.Epoch, mode, groupOf, records, final);
    }

    /// <summary>Whether every coordinate of every group of <paramref name="a"/> is within <paramref name="tolerance"/> of <paramref name="b"/>'s.</summary>
    static bool Within(double[][] a, double[][] b, double tolerance)
    {
        for (int g = 0; g < a.Length; g++)
            for (int c = 0; c < a[g].Length; c++)
                if (!(Math.Abs(a[g][c] - b[g][c]) <= tolerance)) return false;
        return true;
    }
}
