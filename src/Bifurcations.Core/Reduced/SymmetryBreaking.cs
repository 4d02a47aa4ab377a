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
        var points = branch.Points;
        var rates = points.Select(Rate).ToArray();
        var found = new List<SymmetryBreakingPoint>();
        for (int i = 0; i + 1 < points.Count; i++)
        {
            if (!(Math.Sign(rates[i]) * Math.Sign(rates[i + 1]) < 0)) continue;
            var (a, b) = (points[i], points[i + 1]);
            double ra = rates[i];
            for (int k = 0; k < Steps && a.Parameter != b.Parameter; k++)
            {
                double mid = (a.Parameter + b.Parameter) / 2;
                // The rest point at mid on this stretch of the branch: of the branch's crossings of mid, the nearest to both ends.
                var at = SpanContinuation.PointsAt(branch, mid).MinBy(c => SpanContinuation.Distance(c, a) + SpanContinuation.Distance(c, b));
                if (at is null) break;
                double r = Rate(at);
                if (Math.Sign(r) == Math.Sign(ra)) (a, ra) = (at, r); else b = at;
            }
            var edge = Math.Abs(ra) <= Math.Abs(Rate(b)) ? a : b;
            var (rate, mode) = model.With(parameter.At(model.Parameters, edge.Parameter)).LeadingDifference(new MemoryGroup(edge.Alpha, edge.Ell, model.Memories));
            bool unstableAbove = points[i + 1].Parameter > points[i].Parameter ? rates[i + 1] > 0 : rates[i] > 0;
            found.Add(new SymmetryBreakingPoint(edge.Parameter, edge.Alpha, edge.Ell, mode, unstableAbove, rate));
        }
        return found;
    }
}
