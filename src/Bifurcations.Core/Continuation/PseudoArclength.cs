using Bifurcations.Reduced;

namespace Bifurcations.Continuation;

/// <summary>
/// The continuation engine: pseudo-arclength continuation of F(u, p) = 0 for any <see cref="IContinuationProblem"/>.
/// Each step is a tangent predictor and one bordered Newton corrector (<see cref="Corrector"/>); the step grows when
/// the corrector converges fast and shrinks when it struggles or the tangent turns by more than
/// <see cref="ContinuationSettings.MaxTurn"/>. Between two accepted points it looks for folds (the tangent's parameter
/// component changes sign), branch points (the determinant of the augmented Jacobian [F_u F_p; τᵀ] changes sign), Hopf
/// points (a complex pair of eigenvalues changes side) and the problem's own events, and locates each by an
/// Illinois search along the step, every trial point being corrected onto the branch. A problem event may hand the
/// branch on to another piece of the problem (a change of chart), end it, or be recorded. Where the corrector fails
/// at the smallest step the problem is asked for better coordinates; if it has none the branch ends with a typed
/// <see cref="BranchEndReason.Stalled"/> (docs/continuation.md).
/// </summary>
public static class PseudoArclength
{
    /// <summary>
    /// The branch through (u0, p0), followed both ways and joined. u0 is corrected at fixed p0 first; the first direction
    /// followed is the one whose tangent agrees with <paramref name="direction"/> (m + 1 components, scaled) or, by
    /// default, the one in which p increases.
    /// </summary>
    public static ContinuationBranch Run(IContinuationProblem problem, ReadOnlySpan<double> u0, double p0, ContinuationSettings? settings = null,
        double[]? direction = null, CancellationToken cancel = default)
    {
        var s = (settings ?? new ContinuationSettings()).Validated();
        if (u0.Length != problem.Dimension) throw new ArgumentException($"the seed has {u0.Length} components; the problem has {problem.Dimension}");
        if (!double.IsFinite(p0)) throw new InvalidParameterException($"the starting parameter {p0} is not a finite number");
        int m = problem.Dimension;
        var z0 = new double[m + 1];
        u0.CopyTo(z0);
        z0[m] = p0 / problem.ParameterScale;
        var fixP = Unit(m + 1, m);
        var start = Corrector.Solve(problem, z0, fixP, 1, s.Newton)
                    ?? throw new NumericalException(FormattableString.Invariant($"continuation: the seed at {problem.ParameterName} = {p0:G8} is not a solution the corrector can converge to"));
        var t = Corrector.NullVector(start.Jacobian);
        if (Dot(t, direction ?? fixP) < 0 || (direction is null && t[m] == 0 && t[0] < 0)) Scale(t, -1);
        var forward = new Walker(problem, start, t, s, cancel).Run();
        if (forward.End.Reason == BranchEndReason.ClosedLoop)
            return new ContinuationBranch(forward.Points, forward.Special, new BranchEnd(BranchEndReason.ClosedLoop, forward.End.Parameter, forward.End.What), forward.End);
        var backward = new Walker(problem, start, Negated(t), s, cancel).Run();
        return Join(backward, forward);
    }

    /// <summary>
    /// The other branch through a located branch point, followed both ways from it along <see cref="SpecialPoint.Other"/>.
    /// </summary>
    public static ContinuationBranch SwitchBranch(SpecialPoint branchPoint, ContinuationSettings? settings = null, CancellationToken cancel = default)
    {
        if (branchPoint.Kind != SpecialPointKind.BranchPoint || branchPoint.Other is null)
            throw new InvalidParameterException($"branch switching needs a located branch point (got a {branchPoint.Kind.ToString().ToLowerInvariant()})");
        return Leave(branchPoint.Problem, branchPoint.State, branchPoint.Parameter, branchPoint.Other, settings, cancel: cancel);
    }

    /// <summary>
    /// The branch that leaves the solution (u, p) along <paramref name="direction"/> (m + 1 components, the parameter's
    /// scaled), followed both ways from it: branch switching at a branch point whose other tangent is known by other
    /// means (a symmetry-breaking point, where the split branch leaves along the breaking mode).
    /// </summary>
    /// <remarks>
    /// Each way starts at the solution a short distance h out along the direction (<see cref="Away"/>), not at the branch
    /// point itself: the direction spans the null space only together with the first branch's tangent, and at a
    /// transcritical point the other branch leaves with a parameter component the direction lacks. Its tangent is read
    /// where it has been found, and the branch point itself is the point between the two ways (docs/continuation.md,
    /// "Branch switching").
    /// </remarks>
    /// <param name="problem">The problem.</param>
    /// <param name="u">The branch point's state.</param>
    /// <param name="p">The branch point's parameter.</param>
    /// <param name="direction">The way out: the predictor is the branch point plus ±h times it.</param>
    /// <param name="settings">The continuation settings; the way out starts at h = the initial step.</param>
    /// <param name="border">
    /// The corrector's border at the first point (default: the direction). It must vanish on the first branch, or be
    /// orthogonal to its tangent, so that the corrector cannot return to it: for a split out of a symmetric branch, the
    /// antisymmetric part of the direction, which is zero on the whole symmetric subspace.
    /// </param>
    /// <param name="cancel">Checked by both walks.</param>
    public static ContinuationBranch Leave(IContinuationProblem problem, ReadOnlySpan<double> u, double p, double[] direction, ContinuationSettings? settings = null,
        double[]? border = null, CancellationToken cancel = default)
    {
        var s = (settings ?? new ContinuationSettings()).Validated();
        int m = problem.Dimension;
        if (u.Length != m || direction.Length != m + 1 || border is not null && border.Length != m + 1)
            throw new ArgumentException($"a state of {m} and a direction (and border) of {m + 1} components are needed");
        var z = new double[m + 1];
        u.CopyTo(z);
        z[m] = p / problem.ParameterScale;
        var start = Corrector.At(problem, z) ?? throw new NumericalException("branch switching: the branch point cannot be evaluated");
        var other = Unit(direction, "branch switching needs a nonzero direction");
        var bordered = border is null ? other : Unit(border, "branch switching needs a nonzero border");
        if (Dot(other, bordered) <= 0) throw new InvalidParameterException("the border must point the way the direction does (a positive product)");
        var forward = Away(problem, start, other, bordered, s, cancel);
        var backward = Away(problem, start, Negated(other), Negated(bordered), s, cancel);
        // The ways that started h out meet at the branch point, which belongs to both; a way that fell back starts there.
        if (forward.FromBranchPoint && backward.FromBranchPoint) return Join(backward.Walk, forward.Walk);
        ContinuationPoint[] middle = forward.FromBranchPoint || backward.FromBranchPoint ? [] : [Walker.PointAt(problem, start.Z)];
        return Join(backward.Walk, forward.Walk, middle, skip: 0);
    }

    static double[] Unit(double[] v, string zero)
    {
        double norm = Math.Sqrt(Dot(v, v));
        if (!(norm > 0) || !double.IsFinite(norm)) throw new InvalidParameterException(zero);
        return Math.Abs(norm - 1) <= 1e-12 ? (double[])v.Clone() : v.Select(x => x / norm).ToArray();
    }

    /// <summary>
    /// One way out of a branch point along the unit direction d: the first point is the solution on the hyperplane
    /// b·(z − z_bp) = h·b·d (the corrector with the border b, the parameter free), for h from the initial step down to a
    /// hundredth of it, and the walk goes on from there along the tangent of the branch found. A first point is refused,
    /// and h halved, where it lies outside the parameter's range (the walk would start beyond its bound), or where its
    /// tangent turns back toward the branch point's parameter (a fold lies between, which the walk would skip). Where no
    /// h gives a point, the walk starts along d at the branch point itself and ends as the walker ends it (stalled,
    /// with its reason).
    /// </summary>
    static (WalkResult Walk, bool FromBranchPoint) Away(IContinuationProblem problem, Node branchPoint, double[] d, double[] b, ContinuationSettings s, CancellationToken cancel)
    {
        int m = problem.Dimension;
        double scale = problem.ParameterScale, pBranch = branchPoint.Z[m];
        for (double h = s.InitialStep; h >= Math.Max(s.MinStep, 0.01 * s.InitialStep); h /= 2)
        {
            var predictor = new double[m + 1];
            for (int j = 0; j <= m; j++) predictor[j] = branchPoint.Z[j] + h * d[j];
            // The branch found may cross the first at an angle: its point at h lies up to a few h from the predictor.
            var node = Corrector.Solve(problem, predictor, b, 4 * h, s.Newton);
            if (node is null) continue;
            double pNode = node.Z[m] * scale;
            if (pNode > s.ParameterMax || pNode < s.ParameterMin) continue;
            if (Corrector.Tangent(node.Jacobian, d) is not { } tangent) continue;
            // Moving away from the branch point, the parameter must keep going the way it went from there; a tangent
            // that brings it back means the branch turned (a fold) between the branch point and this point.
            double went = node.Z[m] - pBranch;
            if (went * tangent.Tangent[m] < 0 && Math.Abs(went) > 1e-3 * h * h) continue;
            return (new Walker(problem, node, tangent.Tangent, s, cancel).Run(), false);
        }
        return (new Walker(problem, branchPoint, d, s, cancel, startsAtBranchPoint: true).Run(), true);
    }

    /// <summary>
    /// The solution of F(u, p) = 0 at a fixed p from a guess (the corrector with the parameter held), or null if Newton
    /// does not converge within <paramref name="reach"/> (scaled units) of the guess.
    /// </summary>
    public static double[]? SolveAt(IContinuationProblem problem, ReadOnlySpan<double> guess, double p, NewtonSettings? newton = null, double reach = 0.2)
    {
        int m = problem.Dimension;
        var z = new double[m + 1];
        guess.CopyTo(z);
        z[m] = p / problem.ParameterScale;
        var node = Corrector.Solve(problem, z, Unit(m + 1, m), reach, (newton ?? new NewtonSettings()).Validated());
        return node?.Z[..m];
    }

    /// <summary>
    /// The two directions as one branch: the backward points reversed, <paramref name="middle"/>, then the forward points
    /// but their first <paramref name="skip"/> (by default both start at the same point, kept once).
    /// </summary>
    static ContinuationBranch Join(WalkResult backward, WalkResult forward, IEnumerable<ContinuationPoint>? middle = null, int skip = 1)
    {
        var points = backward.Points.AsEnumerable().Reverse().Concat(middle ?? []).Concat(forward.Points.Skip(skip)).ToArray();
        return new ContinuationBranch(points, [.. backward.Special, .. forward.Special], backward.End, forward.End);
    }

    internal static double[] Unit(int size, int index) { var v = new double[size]; v[index] = 1; return v; }
    internal static double Dot(double[] a, double[] b) { double s = 0; for (int i = 0; i < a.Length; i++) s += a[i] * b[i]; return s; }
    internal static void Scale(double[] a, double c) { for (int i = 0; i < a.Length; i++) a[i] *= c; }
    internal static double[] Negated(double[] a) => a.Select(v => -v).ToArray();
}

/// <summary>One direction of a branch as the walker found it.</summary>
sealed record WalkResult(List<ContinuationPoint> Points, List<SpecialPoint> Special, BranchEnd End);
