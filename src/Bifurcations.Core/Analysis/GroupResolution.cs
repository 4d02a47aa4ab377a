namespace Bifurcations.Analysis;

/// <summary>
/// Records read at the resolution of a group prediction: every memory moved to the mean ᾱ of its group's members, so a
/// simulation and a prediction of G groups are read by the split detector as the same number of distinct points
/// (docs/cascade.md, "Two sources of departure"). Single linkage parts G points sooner than a continuous cloud of K
/// memories, since the gaps between group means are wider than those between neighbouring memories; reading both at G
/// points separates that reading effect from the error of the group dynamics themselves.
/// </summary>
public static class GroupResolution
{
    /// <summary>Each record with every memory at the centroid of the memories that share its group.</summary>
    /// <param name="records">ᾱ of every memory at each record.</param>
    /// <param name="groupOf">The group of each memory (any integers; memories with equal values form a group).</param>
    public static IReadOnlyList<AlphaSnapshot> Average(IReadOnlyList<AlphaSnapshot> records, int[] groupOf)
    {
        var members = groupOf.Select((g, mu) => (g, mu)).GroupBy(t => t.g).ToDictionary(x => x.Key, x => x.Select(t => t.mu).ToArray());
        return [.. records.Select(r =>
        {
            if (r.AlphaBar.Length != groupOf.Length)
                throw new ArgumentException($"a record holds {r.AlphaBar.Length} memories but {groupOf.Length} have a group");
            var centroid = members.ToDictionary(m => m.Key, m => Enumerable.Range(0, r.AlphaBar[0].Length).Select(c => m.Value.Average(mu => r.AlphaBar[mu][c])).ToArray());
            return new AlphaSnapshot(r.Epoch, [.. groupOf.Select(g => (double[])centroid[g].Clone())]);
        })];
    }
}
