namespace Bifurcations.Reduced;

/// <summary>A nullcline as polylines in the (α, ℓ) plane of one manifold branch.</summary>
public sealed record Nullcline(string Name, ManifoldBranch Branch, IReadOnlyList<(double Alpha, double Ell)[]> Polylines)
{
    public int VertexCount => Polylines.Sum(p => p.Length);
}

/// <summary>How finely the nullclines are traced before each vertex is moved onto the curve.</summary>
public sealed record NullclineOptions(int AlphaPoints = 101, int EllPoints = 101, int LabelPoints = 401);

/// <summary>
/// The two nullclines of the (α, ℓ) system on a branch. The label nullcline is the graph ℓ*(α)
/// (<see cref="LabelNullcline"/>, each vertex a converged root, saturated pieces at ℓ = ±1 included). The
/// memory nullcline is traced as the zero contour of h(α, ℓ) on a grid (marching squares), each vertex
/// solved onto the curve along its grid edge to machine precision; only its part where the
/// renormalization acts (q &gt; 0) is a nullcline of the dynamics, the rest is cut out.
/// </summary>
public static class Nullclines
{
    public static Nullcline Label(PairModel model, ManifoldBranch branch, NullclineOptions? options = null)
    {
        options ??= new NullclineOptions();
        var lines = new List<(double, double)[]>();
        var current = new List<(double, double)>();
        for (int i = 0; i < options.LabelPoints; i++)
        {
            double a = -1 + 2.0 * i / (options.LabelPoints - 1);
            var (ell, _) = LabelNullcline.At(model, a, branch);
            if (double.IsNaN(ell)) { Flush(current, lines); continue; }
            current.Add((a, ell));
        }
        Flush(current, lines);
        return new Nullcline("label", branch, lines);
    }

    public static Nullcline Memory(PairModel model, ManifoldBranch branch, NullclineOptions? options = null)
    {
        options ??= new NullclineOptions();
        int na = options.AlphaPoints, nl = options.EllPoints;
        double A(int i) => -1 + 2.0 * i / (na - 1);
        double L(int j) => -1 + 2.0 * j / (nl - 1);
        var h = new double[na, nl];
        Parallel.For(0, na, i =>
        {
            for (int j = 0; j < nl; j++) h[i, j] = PairField.MemoryNullcline(model, A(i), L(j), branch).Value;
        });
        // Solve every crossing edge onto the curve (in parallel: each edge is independent).
        var crossings = new List<(int I, int J, int Dir)>();
        for (int i = 0; i < na; i++)
            for (int j = 0; j < nl; j++)
                for (int dir = 0; dir < 2; dir++)
                {
                    int i2 = dir == 0 ? i + 1 : i, j2 = dir == 0 ? j : j + 1;
                    if (i2 >= na || j2 >= nl) continue;
                    if (h[i, j] * h[i2, j2] < 0 || (h[i, j] == 0 && h[i2, j2] != 0)) crossings.Add((i, j, dir));
                }
        var solved = new (double, double)[crossings.Count];
        Parallel.For(0, crossings.Count, c =>
        {
            var (i, j, dir) = crossings[c];
            int i2 = dir == 0 ? i + 1 : i, j2 = dir == 0 ? j : j + 1;
            solved[c] = OnEdge(model, branch, (A(i), L(j)), (A(i2), L(j2)), h[i, j], h[i2, j2]);
        });

        // Marching squares: a crossing on each cell edge where h changes sign, keyed by the edge so that
        // neighbouring cells share vertices and segments can be chained into polylines.
        var point = new Dictionary<long, (double, double)>();
        for (int c = 0; c < crossings.Count; c++) point[((long)crossings[c].I * nl + crossings[c].J) * 2 + crossings[c].Dir] = solved[c];
        long Key(int i, int j, int dir) => ((long)i * nl + j) * 2 + dir; // dir 0: edge to (i+1, j); 1: edge to (i, j+1)
        long? Edge(int i, int j, int dir)
        {
            int i2 = dir == 0 ? i + 1 : i, j2 = dir == 0 ? j : j + 1;
            double h1 = h[i, j], h2 = h[i2, j2];
            if (!(h1 * h2 < 0) && !(h1 == 0 && h2 != 0)) return null;
            return Key(i, j, dir);
        }
        var neighbours = new Dictionary<long, List<long>>();
        void Link(long a, long b)
        {
            (neighbours.TryGetValue(a, out var la) ? la : neighbours[a] = []).Add(b);
            (neighbours.TryGetValue(b, out var lb) ? lb : neighbours[b] = []).Add(a);
        }
        var cellEdges = new long[4];
        for (int i = 0; i + 1 < na; i++)
            for (int j = 0; j + 1 < nl; j++)
            {
                double c00 = h[i, j], c10 = h[i + 1, j], c01 = h[i, j + 1], c11 = h[i + 1, j + 1];
                if ((c00 > 0) == (c10 > 0) && (c00 > 0) == (c01 > 0) && (c00 > 0) == (c11 > 0) && c00 != 0 && c10 != 0 && c01 != 0 && c11 != 0)
                    continue; // no crossing in this cell (the common case)
                var edges = cellEdges;
                int found = 0;
                foreach (var e in new[] { Edge(i, j, 0), Edge(i + 1, j, 1), Edge(i, j + 1, 0), Edge(i, j, 1) })
                    if (e is { } k) edges[found++] = k;
                if (found == 2) Link(edges[0], edges[1]);
                else if (found == 4) { Link(edges[0], edges[1]); Link(edges[2], edges[3]); }
            }

        var lines = new List<(double, double)[]>();
        var visited = new HashSet<long>();
        // Open chains first (start at an end), then closed loops.
        foreach (var start in neighbours.Keys.OrderBy(k => neighbours[k].Count).ThenBy(k => k))
        {
            if (visited.Contains(start)) continue;
            var chain = new List<long> { start };
            visited.Add(start);
            long cur = start;
            while (neighbours[cur].FirstOrDefault(x => !visited.Contains(x), -1) is var next && next >= 0)
            {
                chain.Add(next); visited.Add(next); cur = next;
            }
            var current = new List<(double, double)>();
            foreach (var k in chain)
            {
                var v = point[k];
                if (!double.IsNaN(v.Item1) && PairField.RenormalizationActs(model, v.Item1, v.Item2, branch)) current.Add(v);
                else Flush(current, lines);
            }
            Flush(current, lines);
        }
        return new Nullcline("memory", branch, lines);
    }

    /// <summary>
    /// The crossing on a grid edge, solved to machine precision by Brent along the edge (h changes sign
    /// there, so the root is bracketed; Newton across the stiff ℓ direction could jump to another branch).
    /// </summary>
    static (double, double) OnEdge(PairModel model, ManifoldBranch branch, (double A, double L) p, (double A, double L) q, double h1, double h2)
    {
        double F(double s) => PairField.MemoryNullcline(model, p.A + s * (q.A - p.A), p.L + s * (q.L - p.L), branch).Value;
        double s0 = h1 == 0 ? 0 : MathNet.Numerics.RootFinding.Brent.TryFindRoot(F, 0, 1, 1e-15, 200, out double r) ? r : double.NaN;
        // A sign change across a jump of h (both descent coefficients flipping sign together) is no root.
        if (double.IsNaN(s0) || !(Math.Abs(F(s0)) < 1e-10)) return (double.NaN, double.NaN);
        return (p.A + s0 * (q.A - p.A), p.L + s0 * (q.L - p.L));
    }

    static void Flush(List<(double, double)> current, List<(double, double)[]> lines)
    {
        if (current.Count >= 2) lines.Add([.. current]);
        current.Clear();
    }
}
