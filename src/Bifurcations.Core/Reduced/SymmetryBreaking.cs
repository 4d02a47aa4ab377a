namespace Bifurcations.Reduced;

/// <summary>
/// Where K identical memories resting on a branch stop (or start) being able to stay identical: a rest point of the
/// symmetric system at which a mode of difference between the copies changes stability, a branch point of the
/// K-memory system from which split branches leave. <see cref="Mode"/> says how the copies come apart there;
/// <see cref="UnstableAbove"/> whether the mode grows on the side of larger parameter values.
/// </summary>
public sealed record SymmetryBreakingPoint(double Parameter, double[] Alpha, double[] Ell, SplitMode? Mode, bool UnstableAbove, double Rate);

/// <summary>
/// Locates the symmetry-breaking points along a continued branch of the three-category system (docs/cascade.md,
/// "Symmetry breaking"): the leading rate of difference (<see cref="ThreeCategoryModel.LeadingDifference"/>) is
/// evaluated at every point of the branch, and each sign change between two neighbours is bisected on the parameter,
/// the rest point solved exactly on the branch at every step (<see cref="SpanContinuation.PointsAt"/>).
/// </summary>
public static class SymmetryBreaking
{
    /// <summary>Bisection steps on the parameter: 2^-40 of the bracket.</summary>
    const int Steps = 40;

    /// <summary>The symmetry-breaking points of <paramref name="branch"/>, in the branch's order.</summary>
    public static IReadOnlyList<SymmetryBreakingPoint> Along(ThreeCategoryModel model, PairParameter parameter, SpanBranch branch)
    {
        double Rate(SpanBranchPoint p)
        {
            double r = model.With(parameter.At(model.Parameters, p.Parameter)).LeadingDifference(new MemoryGroup(p.Alpha, p.Ell, model.Memories)).Rate;
            return double.IsFinite(r) ? r : throw new NumericalException($"the rate of difference is not finite at {parameter.Name} = {p.Parameter:G6}");
        }
        // The rest point at mid on this stretch of the branch: of the branch's crossings of mid, the nearest to both ends.
        SpanBranchPoint? At(double mid, SpanBranchPoint a, SpanBranchPoint b) =>
            SpanContinuation.PointsAt(branch, mid).MinBy(c => SpanContinuation.Distance(c, a) + SpanContinuation.Distance(c, b));
        return [.. Bisect(branch.Points, p => p.Parameter, Rate, At).Select(found =>
        {
            var edge = found.Edge;
            var (rate, mode) = model.With(parameter.At(model.Parameters, edge.Parameter)).LeadingDifference(new MemoryGroup(edge.Alpha, edge.Ell, model.Memories));
            return new SymmetryBreakingPoint(edge.Parameter, edge.Alpha, edge.Ell, mode, found.UnstableAbove, rate);
        })];
    }

    /// <summary>
    /// Each sign change of <paramref name="rate"/> between neighbours of <paramref name="points"/>, bisected on the
    /// parameter (the point at each midpoint solved by <paramref name="at"/>): the end of the final bracket with the
    /// smaller |rate|, and whether the rate is positive on the side of larger parameter values.
    /// </summary>
    internal static IReadOnlyList<(T Edge, bool UnstableAbove)> Bisect<T>(IReadOnlyList<T> points, Func<T, double> parameterOf, Func<T, double> rate,
        Func<double, T, T, T?> at) where T : class
    {
        var rates = points.Select(rate).ToArray();
        var found = new List<(T, bool)>();
        for (int i = 0; i + 1 < points.Count; i++)
        {
            if (!(Math.Sign(rates[i]) * Math.Sign(rates[i + 1]) < 0)) continue;
            var (a, b) = (points[i], points[i + 1]);
            double ra = rates[i], rb = rates[i + 1];
            for (int k = 0; k < Steps && parameterOf(a) != parameterOf(b); k++)
            {
                double mid = (parameterOf(a) + parameterOf(b)) / 2;
                if (at(mid, a, b) is not { } m) break;
                double r = rate(m);
                if (Math.Sign(r) == Math.Sign(ra)) (a, ra) = (m, r); else (b, rb) = (m, r);
            }
            bool unstableAbove = parameterOf(points[i + 1]) > parameterOf(points[i]) ? rates[i + 1] > 0 : rates[i] > 0;
            found.Add((Math.Abs(ra) <= Math.Abs(rb) ? a : b, unstableAbove));
        }
        return found;
    }
}
