namespace Bifurcations.Reduced;

/// <summary>A saddle-node curve in the (n, T) plane: the fold's n and state at each temperature.</summary>
public sealed record FoldCurve(ManifoldBranch Manifold, IReadOnlyList<(double ReducedTemperature, Fold Fold)> Points, string EndLow, string EndHigh);

/// <summary>A cusp: two fold curves meeting (and ending) at the same temperature.</summary>
public sealed record Cusp(double N, double ReducedTemperature, double AlphaA, double Ell);

public sealed record FoldDiagram(PairModel Model, IReadOnlyList<FoldCurve> Curves, IReadOnlyList<Cusp> Cusps);

/// <summary>
/// Two-parameter continuation of folds: each fold found by <see cref="Continuation"/> at a few
/// temperatures is followed in T (natural-parameter steps in T_r, Newton on the extended system from the
/// previous fold), until it leaves the n range or Newton fails. Two curves whose ends meet at the same T
/// (within the step, and within 0.5 in n) end at a cusp, where the two saddle-nodes annihilate.
/// </summary>
public static class FoldCurves
{
    public static FoldDiagram Trace(PairModel model, double tempRFrom, double tempRTo, double step = 0.005,
        ContinuationOptions? options = null, IProgress<int>? progress = null)
    {
        if (!(tempRFrom > 0) || !(tempRTo > tempRFrom)) throw new UsageException($"the T_r range [{tempRFrom}, {tempRTo}] is empty or reversed");
        if (!(step > 0)) throw new UsageException($"T_r step {step} must be > 0");
        Grid.CheckSize((tempRTo - tempRFrom) / step, "the fold curves' T_r range"); // each step is a Newton solve: 1e-320 would hang
        options = (options ?? new ContinuationOptions()).Validated();
        var curves = new List<FoldCurve>();
        int seeds = 5;
        for (int s = 0; s < seeds; s++)
        {
            double tr = tempRFrom + (tempRTo - tempRFrom) * s / (seeds - 1);
            var m = model.WithTemperature(tr * Model.NetworkParameters.PixelCount);
            foreach (var f in Continuation.Diagram(m, options).Folds)
            {
                if (curves.Any(c => c.Points.Any(p => Math.Abs(p.ReducedTemperature - tr) < 1e-9 && Math.Abs(p.Fold.N - f.N) < 1e-4))) continue;
                var manifold = f.AlphaB >= 0 ? ManifoldBranch.Upper : ManifoldBranch.Lower;
                var (down, endLow) = Follow(model, manifold, f, tr, -step, tempRFrom, options);
                var (up, endHigh) = Follow(model, manifold, f, tr, +step, tempRTo, options);
                var points = down.AsEnumerable().Reverse().Append((tr, f)).Concat(up).ToArray();
                if (curves.Any(c => Overlaps(c, points))) continue;
                curves.Add(new FoldCurve(manifold, points, endLow, endHigh));
            }
            progress?.Report(s + 1);
        }
        return new FoldDiagram(model, curves, FindCusps(curves, step));
    }

    static (List<(double, Fold)> Points, string End) Follow(PairModel model, ManifoldBranch manifold, Fold start, double tr,
        double step, double limit, ContinuationOptions o)
    {
        var points = new List<(double, Fold)>();
        var last = start;
        double t = tr, h = step;
        while (true)
        {
            double next = t + h;
            if ((h > 0 && next > limit + 1e-12) || (h < 0 && next < limit - 1e-12)) return (points, "range");
            var fold = Continuation.SolveFold(model.WithTemperature(next * Model.NetworkParameters.PixelCount), manifold, last.AlphaA, last.N, 0.5);
            if (fold is null || fold.N < o.NFrom || fold.N > o.NTo)
            {
                if (Math.Abs(h) > Math.Abs(step) / 64) { h /= 2; continue; } // approach the end in smaller steps
                return (points, fold is null ? "no convergence (cusp or non-smooth place)" : "n range");
            }
            points.Add((next, fold));
            last = fold; t = next;
            if (Math.Abs(h) < Math.Abs(step)) h *= 2;
        }
    }

    static bool Overlaps(FoldCurve c, (double, Fold)[] points) =>
        points.Any(p => c.Points.Any(q => Math.Abs(q.ReducedTemperature - p.Item1) < 1e-9 && Math.Abs(q.Fold.N - p.Item2.N) < 1e-4));

    static List<Cusp> FindCusps(List<FoldCurve> curves, double step)
    {
        var ends = new List<(int Curve, double Tr, Fold Fold)>();
        for (int i = 0; i < curves.Count; i++)
        {
            var c = curves[i];
            if (c.EndLow.StartsWith("no convergence")) ends.Add((i, c.Points[0].ReducedTemperature, c.Points[0].Fold));
            if (c.EndHigh.StartsWith("no convergence")) ends.Add((i, c.Points[^1].ReducedTemperature, c.Points[^1].Fold));
        }
        var cusps = new List<Cusp>();
        var used = new HashSet<int>();
        for (int a = 0; a < ends.Count; a++)
            for (int b = a + 1; b < ends.Count; b++)
            {
                if (used.Contains(a) || used.Contains(b)) continue;
                var (p, q) = (ends[a], ends[b]);
                if (Math.Abs(p.Tr - q.Tr) <= step && Math.Abs(p.Fold.N - q.Fold.N) < 0.5)
                {
                    cusps.Add(new Cusp(0.5 * (p.Fold.N + q.Fold.N), 0.5 * (p.Tr + q.Tr), 0.5 * (p.Fold.AlphaA + q.Fold.AlphaA), 0.5 * (p.Fold.Ell + q.Fold.Ell)));
                    used.Add(a); used.Add(b);
                }
            }
        return cusps;
    }
}
