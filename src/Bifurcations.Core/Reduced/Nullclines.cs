using Bifurcations.Training;

namespace Bifurcations.Reduced;

/// <summary>
/// A nullcline as polylines in the (α, ℓ) plane of one manifold branch. <see cref="Repelling"/> (label nullcline only)
/// marks the polylines on which the label flows away from the curve rather than onto it.
/// </summary>
public sealed record Nullcline(string Name, ManifoldBranch Branch, IReadOnlyList<(double Alpha, double Ell)[]> Polylines, IReadOnlyList<bool>? Repelling = null)
{
    /// <summary>Whether a polyline of the label nullcline repels (the labels move away from it).</summary>
    public bool IsRepelling(int polyline) => Repelling is { } r && r[polyline];

    /// <summary>The number of vertices over all polylines.</summary>
    public int VertexCount => Polylines.Sum(p => p.Length);
}

/// <summary>
/// How finely the nullclines are traced before each vertex is moved onto the curve, and over which box (the whole
/// square by default; a zoomed figure traces its own box, so that structure at ℓ ~ 1e-3 is resolved).
/// </summary>
public sealed record NullclineOptions(int AlphaPoints = 101, int EllPoints = 101, int LabelPoints = 401,
    double AlphaFrom = -1, double AlphaTo = 1, double EllFrom = -1, double EllTo = 1)
{
    /// <summary>These options, or a <see cref="InvalidParameterException"/> naming the bad one.</summary>
    public NullclineOptions Validated()
    {
        if (AlphaPoints < 2 || EllPoints < 2 || LabelPoints < 2) throw new InvalidParameterException($"nullcline grids need at least 2 points per axis (got {AlphaPoints}, {EllPoints}, {LabelPoints})");
        if (!(AlphaFrom >= -1 && AlphaTo <= 1 && AlphaFrom < AlphaTo)) throw new InvalidParameterException($"nullcline α range [{AlphaFrom}, {AlphaTo}] must be a non-empty part of [−1, 1]");
        if (!(EllFrom >= -1 && EllTo <= 1 && EllFrom < EllTo)) throw new InvalidParameterException($"nullcline ℓ range [{EllFrom}, {EllTo}] must be a non-empty part of [−1, 1]");
        return this;
    }
}

/// <summary>
/// The two nullclines of the (α, ℓ) system on a branch. The label nullcline is the graph ℓ*(α)
/// (<see cref="LabelNullcline"/>, each vertex a converged root, saturated pieces at ℓ = ±1 included). The
/// memory nullcline is traced as the zero contour of h(α, ℓ) on a grid (marching squares), each vertex
/// solved onto the curve along its grid edge to machine precision; only its part where the
/// renormalization acts (q &gt; 0) is a nullcline of the dynamics, the rest is cut out.
/// </summary>
public static class Nullclines
{
    /// <summary>
    /// Every label state along α (<see cref="LabelStates"/>): 1, 3 or 5 of them, attracting and repelling, the
    /// saturated ones at ℓ = ±1 where they hold. States of the same rank on neighbouring points are joined; where
    /// their number changes (a fold of the label nullcline) the fold is located by bisection and the lines end there.
    /// </summary>
    public static Nullcline Label(PairModel model, ManifoldBranch branch, NullclineOptions? options = null)
    {
        PairTerms.EnsureRepresentable(model);
        options = (options ?? new NullclineOptions()).Validated();
        var lines = new List<(double, double)[]>();
        var repelling = new List<bool>();
        var open = new List<(List<(double, double)> Points, bool Repelling)>();
        void FlushAll()
        {
            foreach (var (points, rep) in open)
                if (points.Count >= 2) { lines.Add([.. points]); repelling.Add(rep); }
            open.Clear();
        }
        void Extend(double a, LabelState[] states)
        {
            if (open.Count != states.Length)
            {
                FlushAll();
                foreach (var s in states) open.Add(([], !s.Attracting));
            }
            for (int j = 0; j < states.Length; j++) open[j].Points.Add((a, states[j].Ell));
        }
        double previousAlpha = double.NaN;
        LabelState[] previous = [];
        for (int i = 0; i < options.LabelPoints; i++)
        {
            double a = options.AlphaFrom + (options.AlphaTo - options.AlphaFrom) * i / (options.LabelPoints - 1);
            var states = LabelStates.At(model, a, branch);
            if (i > 0 && states.Length != previous.Length)
            {
                // Run each side's lines up to the fold.
                double lo = previousAlpha, hi = a;
                LabelState[] atLo = previous, atHi = states;
                for (int k = 0; k < 40 && hi - lo > 1e-12; k++)
                {
                    double mid = 0.5 * (lo + hi);
                    var sm = LabelStates.At(model, mid, branch);
                    if (sm.Length == previous.Length) { lo = mid; atLo = sm; } else { hi = mid; atHi = sm; }
                }
                Extend(lo, atLo);
                FlushAll();
                Extend(hi, atHi);
            }
            Extend(a, states);
            (previousAlpha, previous) = (a, states);
        }
        FlushAll();
        return new Nullcline("label", branch, lines, repelling);
    }

    /// <summary>The memory nullcline (α̇ = 0) on a branch, traced by marching squares and refined on the field.</summary>
    public static Nullcline Memory(PairModel model, ManifoldBranch branch, NullclineOptions? options = null)
    {
        PairTerms.EnsureRepresentable(model);
        options = (options ?? new NullclineOptions()).Validated();
        int na = options.AlphaPoints, nl = options.EllPoints;
        var o = options;
        double A(int i) => o.AlphaFrom + (o.AlphaTo - o.AlphaFrom) * i / (na - 1);
        double L(int j) => o.EllFrom + (o.EllTo - o.EllFrom) * j / (nl - 1);
        var h = new double[na, nl];
        Parallelism.ForEach(na, i =>
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
                    if (Opposite(h[i, j], h[i2, j2]) || (h[i, j] == 0 && h[i2, j2] != 0)) crossings.Add((i, j, dir));
                }
        var solved = new (double, double)[crossings.Count];
        Parallelism.ForEach(crossings.Count, c =>
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
            if (!Opposite(h1, h2) && !(h1 == 0 && h2 != 0)) return null;
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
        double s0 = h1 == 0 ? 0 : BracketedRoot.Solve(F, 0, 1);
        var (a, l) = (p.A + s0 * (q.A - p.A), p.L + s0 * (q.L - p.L));
        if (Math.Abs(F(s0)) < 1e-10) return (a, l);
        // h changes sign within one step of s but is not small there: a crossing steeper than a double (at low T the
        // memory nullcline crosses ℓ = 0 within e^{−4m·x^n}), or a jump where one digit is below threshold and h flips
        // between ±α. Only the first is a vertex: both digits must be active.
        double alphaB = PairModel.AlphaB(a, branch);
        bool bothActive = a * model.Gram.AA + alphaB * model.Gram.AB > 0 && a * model.Gram.AB + alphaB * model.Gram.BB > 0;
        bool steep = Math.Sign(F(Math.Max(0, Math.BitDecrement(s0)))) != Math.Sign(F(Math.Min(1, Math.BitIncrement(s0))));
        return bothActive && steep ? (a, l) : (double.NaN, double.NaN);
    }

    /// <summary>Strictly opposite signs (a product of two tiny values can underflow to −0 and hide the change).</summary>
    static bool Opposite(double x, double y) => Math.Sign(x) * Math.Sign(y) < 0;

    static void Flush(List<(double, double)> current, List<(double, double)[]> lines)
    {
        if (current.Count >= 2) lines.Add([.. current]);
        current.Clear();
    }
}
