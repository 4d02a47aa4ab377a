namespace Bifurcations.Analysis;

/// <summary>
/// One observed split that separates classes, against the prediction's split at the same place in the cascade.
/// Membership is the share of the observed split's memories the prediction puts on the same side; the epoch error is
/// |predicted − observed| / observed (epochs counted from the start of training), and <see cref="Horizon"/> is how far
/// ahead of the split the prediction was made (observed epoch − seed epoch).
/// </summary>
public sealed record LevelScore(int Level, string Observed, string? Predicted, bool PartitionAgrees, double? Membership,
    double? AlphaDistance, int ObservedEpoch, int? PredictedEpoch, double? EpochError, int Horizon);

/// <summary>
/// Scores a predicted cascade against the simulated one, level by level (docs/cascade.md, "Scoring"). Only observed
/// splits that separate classes are scored: a split that spreads one class into two clumps is not a canalized split.
/// Level 1 compares the two first splits. At level 2, each observed split within a level-1 side is compared with the
/// predicted split within the predicted side holding most of the same memories. Sides are matched by their classes when the
/// partitions agree, and by the memories they share otherwise.
/// </summary>
public static class CascadeScore
{
    /// <summary>The scores of every class-separating observed split of levels 1 and 2.</summary>
    public static IReadOnlyList<LevelScore> Compare(IReadOnlyList<SplitLevel> observed, IReadOnlyList<SplitLevel> predicted, int seedEpoch)
    {
        var scores = new List<LevelScore>();
        var o1 = observed.FirstOrDefault(l => l.Level == 1);
        var p1 = predicted.FirstOrDefault(l => l.Level == 1);
        if (o1 is null) return scores;
        if (o1.SeparatesClasses) scores.Add(Score(o1, p1, seedEpoch));
        foreach (var o2 in observed.Where(l => l.Level == 2 && l.SeparatesClasses))
        {
            // The predicted level-1 side that holds most of this split's memories, and that side's own split.
            SplitLevel? p2 = null;
            if (p1 is not null)
            {
                var side = p1.Sides.MaxBy(s => s.Members.Intersect(o2.Parent).Count())!;
                var within = side.Members.ToHashSet();
                p2 = predicted.FirstOrDefault(l => l.Level == 2 && l.Parent.All(within.Contains));
            }
            scores.Add(Score(o2, p2, seedEpoch));
        }
        return scores;
    }

    static LevelScore Score(SplitLevel o, SplitLevel? p, int seedEpoch)
    {
        int horizon = o.Epoch - seedEpoch;
        if (p is null) return new LevelScore(o.Level, o.Partition, null, false, null, null, o.Epoch, null, null, horizon);
        bool agrees = o.Partition == p.Partition;
        // Pair each observed side with a predicted one: by classes when the partitions agree, else by shared memories.
        int Pair(int i) => agrees
            ? Array.FindIndex(p.Sides, s => s.Classes.SequenceEqual(o.Sides[i].Classes))
            : Enumerable.Range(0, 2).MaxBy(j => o.Sides[i].Members.Intersect(p.Sides[j].Members).Count() - o.Sides[1 - i].Members.Intersect(p.Sides[j].Members).Count());
        int first = Pair(0), second = agrees ? Pair(1) : 1 - first;
        int right = o.Sides[0].Members.Intersect(p.Sides[first].Members).Count() + o.Sides[1].Members.Intersect(p.Sides[second].Members).Count();
        double membership = (double)right / (o.Sides[0].Members.Length + o.Sides[1].Members.Length);
        double distance = Math.Sqrt(o.Location.Zip(p.Location, (a, b) => (a - b) * (a - b)).Sum());
        double error = Math.Abs(p.Epoch - o.Epoch) / (double)Math.Max(1, o.Epoch);
        return new LevelScore(o.Level, o.Partition, p.Partition, agrees, membership, distance, o.Epoch, p.Epoch, error, horizon);
    }
}
