namespace Bifurcations.Analysis;

/// <summary>ᾱ of every memory at one recorded epoch: AlphaBar[μ][i] for the tracked classes.</summary>
public sealed record AlphaSnapshot(int Epoch, double[][] AlphaBar);

/// <summary>A group of memories at one epoch: members and centroid in ᾱ.</summary>
public sealed record MemoryCluster(int[] Members, double[] Centroid);

/// <summary>A split: a cluster of the previous record whose members now form two or more clusters.</summary>
public sealed record SplitEvent(int Epoch, MemoryCluster Parent, IReadOnlyList<MemoryCluster> Children);

/// <summary>
/// Split detection in ᾱ space (paper Fig. 4): at every recorded epoch the memories are grouped by single
/// linkage (two memories closer than <see cref="Distance"/> in ᾱ are in one group), and a split is a group
/// of the previous record whose members now fall into two or more groups of at least
/// <see cref="MinimumSize"/> memories. The parent's centroid (at the previous record) locates the split.
/// </summary>
public sealed class SplitDetector(double distance = 0.1, int minimumSize = 3)
{
    /// <summary>Memories closer than this in ᾱ belong to one group.</summary>
    public double Distance { get; } = distance > 0 ? distance : throw new InvalidParameterException($"split distance {distance} must be > 0");
    /// <summary>The smallest group that counts as one side of a split.</summary>
    public int MinimumSize { get; } = minimumSize >= 1 ? minimumSize : throw new InvalidParameterException($"minimum split size {minimumSize} must be ≥ 1");

    /// <summary>Groups points (one per memory) by single linkage at <see cref="Distance"/>.</summary>
    public IReadOnlyList<MemoryCluster> Clusters(double[][] points)
    {
        int k = points.Length;
        var parent = Enumerable.Range(0, k).ToArray();
        int Find(int i) { while (parent[i] != i) i = parent[i] = parent[parent[i]]; return i; }
        for (int i = 0; i < k; i++)
            for (int j = i + 1; j < k; j++)
                if (Dist(points[i], points[j]) < Distance) parent[Find(i)] = Find(j);
        return Enumerable.Range(0, k).GroupBy(Find).Select(g =>
        {
            var members = g.OrderBy(x => x).ToArray();
            var centroid = Enumerable.Range(0, points[0].Length).Select(c => members.Average(m => points[m][c])).ToArray();
            return new MemoryCluster(members, centroid);
        }).OrderBy(c => c.Members[0]).ToArray();
    }

    /// <summary>The splits in a recording: each time a group of memories breaks into groups of at least <see cref="MinimumSize"/>.</summary>
    public IReadOnlyList<SplitEvent> Detect(IReadOnlyList<AlphaSnapshot> records)
    {
        var events = new List<SplitEvent>();
        IReadOnlyList<MemoryCluster>? previous = null;
        foreach (var r in records)
        {
            var now = Clusters(r.AlphaBar);
            if (previous is not null)
                foreach (var p in previous.Where(c => c.Members.Length >= 2 * MinimumSize))
                {
                    var children = now.Select(c => new MemoryCluster(c.Members.Intersect(p.Members).ToArray(), c.Centroid))
                        .Where(c => c.Members.Length >= MinimumSize).ToArray();
                    if (children.Length >= 2) events.Add(new SplitEvent(r.Epoch, p, children));
                }
            previous = now;
        }
        return events;
    }

    static double Dist(double[] a, double[] b)
    {
        double s = 0;
        for (int i = 0; i < a.Length; i++) s += (a[i] - b[i]) * (a[i] - b[i]);
        return Math.Sqrt(s);
    }
}
