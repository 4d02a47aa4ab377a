namespace Bifurcations.Analysis;

/// <summary>One side of a split: its memories and the classes whose memories mostly went this way.</summary>
public sealed record SplitSide(int[] Members, int[] Classes);

/// <summary>
/// A split at a level of the cascade: level 1 splits the memories as a whole, level 2 splits a side of level 1, and so
/// on. Epoch and location (the parent's centroid in ᾱ) as the detector saw them; the two largest sides.
/// </summary>
public sealed record SplitLevel(int Level, int Epoch, double[] Location, int[] Parent, SplitSide[] Sides)
{
    /// <summary>Whether the split separates classes (some class went each way), not only spreads one.</summary>
    public bool SeparatesClasses => Sides.All(s => s.Classes.Length > 0);
    /// <summary>The partition in words, e.g. {1} | {4,7}: the classes of each side, smaller first class first.</summary>
    public string Partition => string.Join(" | ", InPartitionOrder.Select(Named));

    /// <summary>The sides in the order <see cref="Partition"/> names them (so sizes printed beside it line up).</summary>
    public IEnumerable<SplitSide> InPartitionOrder => Sides.OrderBy(Named, StringComparer.Ordinal);

    /// <summary>The sides' sizes, in the order <see cref="Partition"/> names them.</summary>
    public int[] SideSizes => [.. InPartitionOrder.Select(s => s.Members.Length)];

    static string Named(SplitSide s) => "{" + string.Join(",", s.Classes) + "}";
}

/// <summary>
/// Reads the first two levels of a cascade (docs/cascade.md, "Scoring"). Level 1 is the first split the detector
/// sees of (nearly) all the memories, its sides its two largest groups. Level 2 is, within each side, the split between
/// the side's two largest groups at the end of the run, dated by the first record after the last one where those two
/// groups of memories shared a cluster, and located at that last shared record. Reading level 2 from where the memories end, and not from the side's first detected split, keeps a few
/// memories that leave early from standing for the split (a prediction's groups move as points, and come apart from their
/// neighbours sooner than a continuous cloud of memories does). Each side is labelled by the classes whose memories (by the
/// class each memory ends as) mostly went that way, counting only classes that make at least a tenth of the parent. The
/// simulation and a prediction are read by this same rule, so their levels can be compared.
/// </summary>
public static class SplitLevels
{
    /// <summary>Share of the memories a split's parent must hold to count as splitting all of them.</summary>
    public const double Whole = 0.9;

    /// <summary>The splits of levels 1 and 2, level 2 in the order of the level-1 sides.</summary>
    public static IReadOnlyList<SplitLevel> Read(IReadOnlyList<AlphaSnapshot> records, int[] finalClass, SplitDetector detector)
    {
        var result = new List<SplitLevel>();
        var first = detector.Detect(records).FirstOrDefault(s => s.Parent.Members.Length >= Whole * finalClass.Length);
        if (first is null) return result;
        var level1 = Level(1, first.Epoch, first.Parent.Centroid, first.Parent.Members,
            first.Children.OrderByDescending(c => c.Members.Length).Take(2).Select(c => c.Members).ToArray(), finalClass);
        result.Add(level1);
        foreach (var side in level1.Sides)
            if (Within(records, side.Members, level1.Epoch, finalClass, detector) is { } split) result.Add(split);
        return result;
    }

    /// <summary>The split between the two largest end groups of a side, dated by the record after the last one where they touched.</summary>
    static SplitLevel? Within(IReadOnlyList<AlphaSnapshot> records, int[] side, int after, int[] finalClass, SplitDetector detector)
    {
        double[][] Points(AlphaSnapshot r) => side.Select(m => r.AlphaBar[m]).ToArray();
        var end = detector.Clusters(Points(records[^1])).Where(c => c.Members.Length >= detector.MinimumSize)
            .OrderByDescending(c => c.Members.Length).Take(2).Select(c => c.Members.Select(i => side[i]).ToArray()).ToArray();
        if (end.Length < 2) return null;
        var (a, b) = (end[0].ToHashSet(), end[1].ToHashSet());
        int touched = -1;
        for (int r = records.Count - 1; r >= 0 && touched < 0; r--)
            if (detector.Clusters(Points(records[r])).Any(c => c.Members.Any(i => a.Contains(side[i])) && c.Members.Any(i => b.Contains(side[i])))) touched = r;
        int at = Math.Min(records.Count - 1, touched + 1);
        if (touched < 0 || records[at].Epoch < after) return null;
        var parent = end[0].Concat(end[1]).Order().ToArray();
        var location = Enumerable.Range(0, records[0].AlphaBar[0].Length).Select(c => parent.Average(m => records[touched].AlphaBar[m][c])).ToArray();
        return Level(2, records[at].Epoch, location, parent, end, finalClass);
    }

    static SplitLevel Level(int level, int epoch, double[] location, int[] parent, int[][] two, int[] finalClass)
    {
        var present = parent.GroupBy(m => finalClass[m]).Where(g => g.Count() * 10 >= parent.Length).Select(g => g.Key).Order().ToArray();
        var sides = two.Select((members, i) => new SplitSide(members, present.Where(c =>
        {
            int here = members.Count(m => finalClass[m] == c), there = two[1 - i].Count(m => finalClass[m] == c);
            return here > there || (here == there && i == 0 && here > 0);
        }).ToArray())).ToArray();
        return new SplitLevel(level, epoch, location, parent, sides);
    }
}
