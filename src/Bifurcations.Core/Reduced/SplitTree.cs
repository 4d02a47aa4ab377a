using MathNet.Numerics.LinearAlgebra;

namespace Bifurcations.Reduced;

/// <summary>
/// One group of the predicted split tree, from the moment it formed to the moment it split (or the end):
/// its copies, where it came to rest (α over the three representatives, ℓ), the model time then, the ᾱ path
/// it followed, and, if it split, the mode and the two groups it became (the first is the side the mode
/// pushes towards the class that splits off).
/// </summary>
public sealed record SplitTreeNode(int Copies, double[] Alpha, double[] Ell, double Time, IReadOnlyList<double[]> Path,
    SplitMode? Split, IReadOnlyList<SplitTreeNode> Children)
{
    /// <summary>The class this group's memories end as: every leaf's largest α, gathered.</summary>
    public int[] EndClasses(int[] classes) => Children.Count == 0
        ? [classes[Array.IndexOf(Alpha, Alpha.Max())]]
        : Children.SelectMany(c => c.EndClasses(classes)).Distinct().Order().ToArray();

    /// <summary>This group and every group below it.</summary>
    public IEnumerable<SplitTreeNode> Descendants() => Children.SelectMany(c => c.Descendants()).Prepend(this);
}

/// <summary>A predicted split: when, where, how fast, and which classes end on each side.</summary>
/// <summary>
/// A predicted split: when (model time), where, how fast, the class the mode moves against the two others
/// (<see cref="SplitMode.SplitsOff"/>), and the classes the two sides end as (Left: the side moving towards
/// that class). A split whose sides end as the same classes spreads a group without separating classes.
/// </summary>
public sealed record PredictedSplit(double Time, double[] Alpha, double[] Ell, double Rate, int Copies, int SplitsOff, int[] Left, int[] Right)
{
    /// <summary>Whether the two sides end as different classes.</summary>
    public bool SeparatesClasses => !Left.SequenceEqual(Right);
    /// <summary>The split in words.</summary>
    public string Describe() => $"{SplitsOff} against the others; sides end as {{{string.Join(",", Left)}}} | {{{string.Join(",", Right)}}}";
}

/// <summary>The whole prediction: the tree and its splits in time order.</summary>
public sealed record SplitTree(int[] Classes, double Exponent, double ReducedTemperature, SplitTreeNode Root)
{
    /// <summary>The predicted splits in time order.</summary>
    public IReadOnlyList<PredictedSplit> Splits => Root.Descendants().Where(n => n.Split is not null).OrderBy(n => n.Time)
        .Select(n => new PredictedSplit(n.Time, n.Alpha, n.Ell, n.Split!.Rate, n.Copies, n.Split.SplitsOff(Classes),
            n.Children[0].EndClasses(Classes), n.Children[1].EndClasses(Classes))).ToArray();
}

/// <summary>Settings of the split-tree solver.</summary>
public sealed record SplitTreeOptions
{
    /// <summary>Share of a splitting group's copies sent to the side of the class that splits off.</summary>
    public double Share { get; init; } = 0.5;
    /// <summary>Size of the kick along the unstable mode (in α).</summary>
    public double Kick { get; init; } = 1e-4;
    /// <summary>
    /// A group splits once its fastest mode of difference has grown by e^Growth since the group formed
    /// (∫ rate dt along its path, rates frozen over each unit of model time): the spread between its
    /// memories, seeded by the start's noise, has then become a visible split. e^9.2 ≈ 10⁴.
    /// </summary>
    public double Growth { get; init; } = 9.2;
    /// <summary>A group is at rest when every component of its velocity is below this.</summary>
    public double RestSpeed { get; init; } = 1e-9;
    /// <summary>Model time allowed between two splits.</summary>
    public double MaxTime { get; init; } = 400;
    /// <summary>The integration step in model time.</summary>
    public double Step { get; init; } = 5e-4;
    /// <summary>The most splits followed.</summary>
    public int MaxSplits { get; init; } = 6;
}

/// <summary>
/// Predicts the order of the splits (issue 7): K identical memories are followed as one group; once the
/// fastest unstable mode of difference inside a group (<see cref="ThreeCategoryModel.Modes(IReadOnlyList{MemoryGroup}, int)"/>)
/// has grown enough along its path (<see cref="SplitTreeOptions.Growth"/>; in practice near the saddle where
/// the group gathers) the group splits into two, kicked apart along that mode; every group is followed
/// again, and each splits in turn. The flow is Math.NET's RK4, with the labels held in [−1, 1] and Σ|α| ≤ 1 kept as the training's
/// max-norm does.
/// </summary>
public static class SplitTreeSolver
{
    sealed class Live(MemoryGroup group)
    {
        public MemoryGroup Group = group;
        public double Time;
        public readonly List<double[]> Path = [group.Alpha];
        public SplitMode? Split;
        public double Grown;
        public Live[] Children = [];
    }

    /// <summary>Follows the memories from a start, splits each group at its saddle along its growing modes, and repeats, giving the predicted tree.</summary>
    public static SplitTree Predict(ThreeCategoryModel model, double[] startAlpha, double[] startEll, SplitTreeOptions? options = null)
    {
        var o = options ?? new SplitTreeOptions();
        if (startAlpha.Length != 3 || startEll.Length != 3) throw new InvalidParameterException("a three-category start needs three α and three ℓ");
        if (o.Share is <= 0 or >= 1) throw new InvalidParameterException($"split share {o.Share} must be strictly between 0 and 1");
        var root = new Live(new MemoryGroup(startAlpha, startEll, model.Memories));
        var live = new List<Live> { root };
        double time = 0;
        int splits = 0;
        while (true)
        {
            var (reached, split) = Relax(model, live, time, o, splits < o.MaxSplits);
            time = reached;
            if (!split) break;
            var next = new List<Live>();
            foreach (var l in live)
            {
                if (l.Split is null || l.Children.Length > 0) { next.Add(l); continue; }
                var mode = l.Split;
                int off = Array.IndexOf(model.Classes, mode.SplitsOff(model.Classes));
                double sign = mode.DeltaAlpha[off] >= 0 ? 1 : -1;  // the first child moves towards the class that splits off
                int k = l.Group.Copies;
                int first = Math.Clamp((int)Math.Round(o.Share * k), 1, k - 1);
                l.Time = time;
                l.Children = [Kicked(l.Group, mode, sign * o.Kick, first), Kicked(l.Group, mode, -sign * o.Kick, k - first)];
                next.AddRange(l.Children);
                splits++;
            }
            live = next;
        }
        return new SplitTree(model.Classes, model.Parameters.Exponent, model.Parameters.ReducedTemperature, Freeze(root, time));
    }

    static Live Kicked(MemoryGroup g, SplitMode mode, double kick, int copies) =>
        new(new MemoryGroup(Normalize(g.Alpha.Select((a, i) => a + kick * mode.DeltaAlpha[i]).ToArray()),
            g.Ell.Select((l, i) => Math.Clamp(l + kick * mode.DeltaEll[i], -1, 1)).ToArray(), copies));

    static double[] Normalize(double[] alpha)
    {
        double size = alpha.Sum(Math.Abs);
        return size > 1 ? alpha.Select(a => a / size).ToArray() : alpha;
    }

    /// <summary>
    /// Follows every group until one has grown enough to split (marked with its mode, returns true), all rest
    /// with no growth left, or the time runs out; returns the time reached.
    /// </summary>
    static (double Time, bool Split) Relax(ThreeCategoryModel model, List<Live> live, double time, SplitTreeOptions o, bool maySplit)
    {
        int count = live.Count;
        var x = Vector<double>.Build.Dense(6 * count, i => i % 6 < 3 ? live[i / 6].Group.Alpha[i % 6] : live[i / 6].Group.Ell[i % 6 - 3]);
        MemoryGroup[] Groups(Vector<double> y) => Enumerable.Range(0, count).Select(g => new MemoryGroup(
            Normalize([y[6 * g], y[6 * g + 1], y[6 * g + 2]]),
            [Math.Clamp(y[6 * g + 3], -1, 1), Math.Clamp(y[6 * g + 4], -1, 1), Math.Clamp(y[6 * g + 5], -1, 1)], live[g].Group.Copies)).ToArray();
        int steps = (int)Math.Round(1 / o.Step);
        for (double t = 0; t < o.MaxTime; t += 1)
        {
            var states = MathNet.Numerics.OdeSolvers.RungeKutta.FourthOrder(x, 0, 1, steps + 1,
                (_, y) => Vector<double>.Build.DenseOfArray(model.Velocities(Groups(y)).SelectMany(v => v).ToArray()));
            var groups = Groups(states[^1]);
            for (int g = 0; g < count; g++)
            {
                if (groups[g].Alpha.Concat(groups[g].Ell).Any(v => !double.IsFinite(v)))
                    throw new NumericalException($"split tree: the three-category flow produced a non-finite state at time {time + t + 1}");
                live[g].Group = groups[g];
                live[g].Path.Add(groups[g].Alpha);
            }
            x = Vector<double>.Build.Dense(6 * count, i => i % 6 < 3 ? groups[i / 6].Alpha[i % 6] : groups[i / 6].Ell[i % 6 - 3]);
            bool growing = false;
            for (int g = 0; g < count && maySplit; g++)
            {
                var modes = model.Modes(groups, g);
                if (modes.Count == 0) continue;
                growing = true;
                live[g].Grown += modes[0].Rate;
                if (live[g].Grown >= o.Growth) live[g].Split = modes[0];
            }
            if (live.Any(l => l.Split is not null)) return (time + t + 1, true);
            if (!growing && model.Velocities(groups).All(v => v.Max(Math.Abs) < o.RestSpeed)) return (time + t + 1, false);
        }
        return (time + o.MaxTime, false);
    }

    static SplitTreeNode Freeze(Live node, double end) =>
        new(node.Group.Copies, node.Group.Alpha, node.Group.Ell, node.Split is null ? end : node.Time, node.Path, node.Split,
            node.Children.Select(c => Freeze(c, end)).ToArray());
}

/// <summary>
/// When each pair of classes comes apart in a sequence of splits: the (1-based) number of the last split
/// whose parent holds both classes while neither side does, or null if some group keeps both to the end.
/// The same reading serves the predicted tree and the observed splits, so their orders can be compared.
/// </summary>
public static class PairSeparation
{
    /// <summary>For every pair of classes, the number of the split that separates them (null if none does).</summary>
    public static IReadOnlyList<(int A, int B, int? Split)> Of(int[] classes, IEnumerable<(int[] Left, int[] Right)> splits)
    {
        var list = splits.ToArray();
        var result = new List<(int, int, int?)>();
        for (int i = 0; i < classes.Length; i++)
            for (int j = i + 1; j < classes.Length; j++)
            {
                int a = classes[i], b = classes[j];
                bool Both(int[] s) => s.Contains(a) && s.Contains(b);
                int at = 0, lastTogether = 0;
                for (int k = 0; k < list.Length; k++)
                {
                    if (Both(list[k].Left) || Both(list[k].Right)) lastTogether = k + 1;
                    else if (Both(list[k].Left.Union(list[k].Right).ToArray())) at = k + 1;
                }
                result.Add((a, b, at > lastTogether ? at : null));
            }
        return result;
    }

}
