namespace Bifurcations.Reduced;

/// <summary>
/// Whether a set of fixed points can be trusted to be all of them. The index sum over both manifold branches
/// (+1 per node or focus, −1 per saddle, saturated points included) was 1 in every configuration checked
/// independently; a result that breaks it has missed or invented a point. <see cref="Problems"/> lists anything
/// else the solver could not settle (a sign change that gave no fixed point, label states it could not match).
/// </summary>
public sealed record Completeness(int Stable, int Saddles, int Unstable, IReadOnlyList<string> Problems)
{
    /// <summary>Nodes and foci minus saddles over both branches: 1 when the set is complete.</summary>
    public int IndexSum => Stable + Unstable - Saddles;
    /// <summary>Whether the index sum is 1 and nothing was left unsettled.</summary>
    public bool IsComplete => IndexSum == 1 && Problems.Count == 0;

    /// <summary>One line: "complete (index sum 1: 2 stable, 1 saddle)" or what failed.</summary>
    public string Summary
    {
        get
        {
            string counts = $"index sum {IndexSum}: {Stable} stable, {Saddles} saddle{(Saddles == 1 ? "" : "s")}{(Unstable > 0 ? $", {Unstable} unstable" : "")}";
            if (IsComplete) return $"complete ({counts})";
            var why = new List<string>();
            if (IndexSum != 1) why.Add($"{counts}, expected 1: a fixed point is missing or spurious");
            else why.Add(counts);
            why.AddRange(Problems);
            return "INCOMPLETE: " + string.Join("; ", why);
        }
    }
}

/// <summary>All fixed points of a reduced pair model on both manifold branches, with the completeness verdict.</summary>
public sealed record FixedPointSet(PairModel Model, IReadOnlyList<FixedPoint> Points, Completeness Completeness);
