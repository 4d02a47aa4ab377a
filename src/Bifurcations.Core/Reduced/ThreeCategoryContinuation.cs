using Bifurcations.Continuation;
using Bifurcations.Linearization;

namespace Bifurcations.Reduced;

/// <summary>
/// One point of a three-category sweep: the parameter, where K identical memories rest (α, ℓ) exactly (a point of an
/// engine branch), its stability for the symmetric flow, the largest eigenvalue of that flow (negative: they gather
/// there), and their fastest mode of difference (a split if positive).
/// </summary>
/// <see cref="Resolved"/> is false where the flow reached no attracting rest point that an engine branch holds (the
/// memories left the manifold inward, or circle an unstable focus beyond a Hopf point): the relaxed point is given
/// instead and the output says so.
public sealed record ThreeCategoryPoint(double Parameter, double[] Alpha, double[] Ell, Stability Stability, double SymmetricEigenvalue, int UnstableModes,
    double? SplitRate, int? SplitsOff, bool Resolved = true);

/// <summary>
/// Where a sweep jumps from one branch to another: the fold (or the end) of the branch it leaves, located by the
/// engine; <see cref="Located"/> is false when the branch left has no fold or end between the two grid values (the
/// jump is then placed midway and the reason says so).
/// </summary>
public sealed record ThreeCategoryJump(double Parameter, string What, bool Located);

/// <summary>The rest point the memories gather on as the parameter is swept one way, on the grid, with the jumps between branches.</summary>
public sealed record ThreeCategorySweep(bool Upwards, IReadOnlyList<ThreeCategoryPoint> Points, IReadOnlyList<ThreeCategoryJump> Jumps);

/// <summary>Both sweeps and every branch they visit (with all its folds, saddle stretches included).</summary>
public sealed record ThreeCategoryDiagram(PairParameter Parameter, ThreeCategorySweep Up, ThreeCategorySweep Down, IReadOnlyList<SpanBranch> Branches)
{
    /// <summary>Where, along the branches, a mode of difference between the identical memories changes stability (<see cref="Reduced.SymmetryBreaking"/>).</summary>
    public IReadOnlyList<SymmetryBreakingPoint> SymmetryBreaking { get; init; } = [];

    /// <summary>The folds of every branch.</summary>
    public IEnumerable<SpanSpecialPoint> Folds => Branches.SelectMany(b => b.Folds);
}

/// <summary>
/// The three-category system continued by the engine (docs/continuation.md, "Span systems"). Where the memories rest is
/// found by relaxation (the flow itself, finished by Newton) at the first grid value, then placed on an engine branch:
/// the branch through it is followed over the whole range once, with its folds located and its saddle stretches
/// included. The sweep stays on that branch while it is attracting and does not fold; where it folds (or ends) the
/// memories are relaxed again from where they were, and the sweep has jumped, at the fold (or end) of the branch left. Swept up and down,
/// the two sweeps show the hysteresis between folds, and along them the modes of difference say whether, and which
/// class, the memories split.
/// </summary>
public static class ThreeCategoryContinuation
{
    /// <summary>
    /// The flow time of the first relaxation at each value; Newton finishes from there, and only if that does not give an
    /// attracting rest point nearby is the flow run for <see cref="RestTime"/>.
    /// </summary>
    public const double ShortRestTime = 10;
    /// <summary>The flow time of the long relaxation (near-marginal points may not have settled: the branch then decides).</summary>
    public const double RestTime = 120;
    /// <summary>A relaxed point within this (max |Δα|, |Δℓ|) of a branch point is that point.</summary>
    public const double SameRestPoint = 1e-4;
    /// <summary>How far a relaxed point may be from the rest point it is heading for (the flow is slow along soft directions).</summary>
    public const double Settled = 0.05;

    /// <summary>Sweeps the grid up and down from a start, follows where the memories gather, continues the branches through the jumps and locates the folds.</summary>
    public static ThreeCategoryDiagram Run(ThreeCategoryModel model, PairParameter parameter, IReadOnlyList<double> grid, double[] startAlpha, double[] startEll,
        ContinuationSettings? settings = null, IProgress<int>? progress = null, CancellationToken cancel = default)
    {
        if (grid.Count == 0) throw new InvalidParameterException("no parameter values to continue over");
        _ = parameter.ValueOf(model.Parameters);
        foreach (var v in grid)
            if (!parameter.IsValid(model.Parameters, v)) throw new InvalidParameterException(FormattableString.Invariant($"{parameter.Name} = {v:G6} is not a valid value"));
        var values = grid.Distinct().OrderBy(v => v).ToArray();
        var branches = new List<SpanBranch>();
        int done = 0;
        var up = Sweep(model, parameter, values, startAlpha, startEll, true, branches, settings, () => progress?.Report(++done), cancel);
        var last = up.Points[^1];
        var down = Sweep(model, parameter, values.Reverse().ToArray(), last.Alpha, last.Ell, false, branches, settings, () => progress?.Report(++done), cancel);
        return new ThreeCategoryDiagram(parameter, up, down, branches) { SymmetryBreaking = [.. branches.SelectMany(b => Reduced.SymmetryBreaking.Along(model, parameter, b))] };
    }

    static ThreeCategorySweep Sweep(ThreeCategoryModel model, PairParameter parameter, double[] values, double[] startAlpha, double[] startEll, bool upwards,
        List<SpanBranch> branches, ContinuationSettings? settings, Action step, CancellationToken cancel)
    {
        double lo = values.Min(), hi = values.Max();
        var points = new List<ThreeCategoryPoint>();
        var jumps = new List<ThreeCategoryJump>();
        double[] alpha = startAlpha, ell = startEll;
        int previousBranch = -1;
        SpanBranchPoint? previous = null;
        foreach (var v in values)
        {
            cancel.ThrowIfCancellationRequested();
            var at = model.With(parameter.At(model.Parameters, v));
            // While the branch the memories rest on stays attracting and turns at no fold, they stay on it: read the point
            // off the branch. (Relaxing instead is not only slower: at low T the flow is stiff, eigenvalues of −3e4 at
            // T_r = 0.55, n = 58, and the explicit integrator drifts off the manifold.)
            if (previous is not null && Stay(branches[previousBranch], previous, v) is { } stay)
            {
                points.Add(Measure(at, stay, resolved: true));
                (alpha, ell, previous) = (stay.Alpha, stay.Ell, stay);
                step();
                continue;
            }
            // A sweep's start may already be a rest point (the down sweep starts where the up sweep ended): Newton first.
            var start = previous is null && alpha.Sum(Math.Abs) > 0 ? Polish(at, parameter, v, new MemoryGroup(alpha, ell, at.Memories)) : null;
            var rest = start is { Stability: Stability.Stable } ? start.Value.Group : at.Rest(alpha, ell, ShortRestTime);
            var polished = start is { Stability: Stability.Stable } ? start : Polish(at, parameter, v, rest);
            if (polished is { Stability: Stability.Stable }) rest = polished.Value.Group;
            else
            {
                // The training rule's label step is normalized by the largest label gradient, so where all of them are
                // small the relaxed labels chatter around the rest point (1e-4 off at n = 14, T_r = 1): Newton finishes.
                rest = at.Rest(rest.Alpha, rest.Ell, RestTime);
                rest = Polish(at, parameter, v, rest)?.Group ?? rest;
            }
            var placed = Place(at, parameter, v, rest, branches, lo, hi, settings, cancel);
            if (placed is not { } found || found.Point.Stability != Stability.Stable)
            {
                // No attracting rest point where the flow went: it left the manifold inward, or circles an unstable focus
                // beyond a Hopf point, or Newton cannot resolve it. Say so and keep the flow's point.
                var stability = at.SymmetricEigenvalues(rest)[0] < 0 ? Stability.Stable : Stability.Saddle;
                if (previous is not null) jumps.Add(JumpBetween(branches[previousBranch], previous, v));
                points.Add(Measure(at, new SpanBranchPoint(v, rest.Alpha, rest.Ell, stability, []), resolved: false));
                (alpha, ell, previous, previousBranch) = (rest.Alpha, rest.Ell, null, -1);
                step();
                continue;
            }
            var (index, point) = placed.Value;
            if (previous is not null && index != previousBranch) jumps.Add(JumpBetween(branches[previousBranch], previous, v));
            else if (previous is not null && FoldOnPath(branches[index], previous, point) is { } fold)
                jumps.Add(new ThreeCategoryJump(fold.Parameter, $"fold ({fold.Status.ToString().ToLowerInvariant()}, precision {fold.Precision:G2}); the sweep lands further along the same branch", true));
            points.Add(Measure(at, point, resolved: true));
            (alpha, ell, previous, previousBranch) = (point.Alpha, point.Ell, point, index);
            step();
        }
        return new ThreeCategorySweep(upwards, points, jumps);
    }

    /// <summary>The branch and exact point the (polished) rest point lies on; a new branch is followed if it lies on none.</summary>
    static (int Branch, SpanBranchPoint Point)? Place(ThreeCategoryModel at, PairParameter parameter, double v, MemoryGroup rest, List<SpanBranch> branches,
        double lo, double hi, ContinuationSettings? settings, CancellationToken cancel)
    {
        (int, SpanBranchPoint)? Nearest(double within)
        {
            (int, SpanBranchPoint)? best = null;
            double bestDistance = within;
            for (int b = 0; b < branches.Count; b++)
                foreach (var p in SpanContinuation.PointsAt(branches[b], v))
                {
                    double d = SpanContinuation.Distance(p.Alpha, p.Ell, rest.Alpha, rest.Ell);
                    if (d < bestDistance) (best, bestDistance) = ((b, p), d);
                }
            return best;
        }
        if (Nearest(SameRestPoint) is { } known) return known;
        SpanBranch branch;
        try { branch = SpanContinuation.Follow(at.System, at.Memories, at.Classes, parameter, v, rest.Alpha, rest.Ell, lo, hi, settings, cancel); }
        catch (NumericalException) { return null; }
        branches.Add(branch);
        // The new branch starts from Newton's point nearest the relaxed one: that is where the flow was heading.
        return Nearest(Settled);
    }

    /// <summary>The attracting point of the branch at v reached from <paramref name="from"/> without passing a fold, if any.</summary>
    static SpanBranchPoint? Stay(SpanBranch branch, SpanBranchPoint from, double v) =>
        SpanContinuation.PointsAt(branch, v).Where(p => p.Stability == Stability.Stable && FoldOnPath(branch, from, p) is null)
            .OrderBy(p => SpanContinuation.Distance(p, from)).FirstOrDefault();

    /// <summary>A fold of the branch passed between two of its points (found by their places along it), the first one met.</summary>
    static SpanSpecialPoint? FoldOnPath(SpanBranch branch, SpanBranchPoint from, SpanBranchPoint to)
    {
        double scale = branch.Raw.Points[0].Problem.ParameterScale;
        int Place(double p, double[] alpha, double[] ell) => Enumerable.Range(0, branch.Points.Count)
            .MinBy(i => Math.Abs(branch.Points[i].Parameter - p) / scale + SpanContinuation.Distance(branch.Points[i].Alpha, branch.Points[i].Ell, alpha, ell));
        int a = Place(from.Parameter, from.Alpha, from.Ell), b = Place(to.Parameter, to.Alpha, to.Ell);
        if (a == b) return null;
        return branch.Folds.Select(f => (Fold: f, At: Place(f.Parameter, f.Alpha, f.Ell)))
            .Where(x => (x.At - a) * (x.At - b) <= 0 && x.At != a)
            .OrderBy(x => Math.Abs(x.At - a)).Select(x => x.Fold).FirstOrDefault();
    }

    /// <summary>
    /// Where K identical memories come to rest from (α, ℓ): the flow for <see cref="ShortRestTime"/>, finished by Newton
    /// if that lands on an attracting rest point within <see cref="Settled"/>; otherwise the flow for 400 time units
    /// (<see cref="ThreeCategoryModel.Rest"/>). The same point the long relaxation would approach, a hundred times sooner.
    /// </summary>
    public static MemoryGroup Settle(ThreeCategoryModel model, double[] alpha, double[] ell)
    {
        var parameter = PairParameter.Exponent;
        var relaxed = model.Rest(alpha, ell, ShortRestTime);
        try
        {
            if (relaxed.Alpha.Sum(Math.Abs) > 1 - 1e-9 && Polish(model, parameter, model.Parameters.Exponent, relaxed) is { Stability: Stability.Stable } polished)
                return polished.Group;
        }
        catch (NumericalException) { }
        return model.Rest(relaxed.Alpha, relaxed.Ell, 400 - ShortRestTime);
    }

    /// <summary>The rest point Newton finds from a relaxed one (within <see cref="Settled"/> of it), with its stability; null if none.</summary>
    static (MemoryGroup Group, Stability Stability)? Polish(ThreeCategoryModel at, PairParameter parameter, double v, MemoryGroup relaxed)
    {
        try
        {
            var (problem, state) = SpanBranchProblem.For(at.System, parameter, at.Memories, at.Classes, relaxed.Alpha, relaxed.Ell);
            if (PseudoArclength.SolveAt(problem, state, v) is not { } solved) return null;
            var (alpha, ell) = problem.Describe(solved);
            if (!(SpanContinuation.Distance(alpha, ell, relaxed.Alpha, relaxed.Ell) < Settled)) return null;
            return (new MemoryGroup(alpha, ell, relaxed.Copies), problem.Stability(solved, v).Stability);
        }
        catch (NumericalException) { return null; } // Newton cannot resolve it here: the caller relaxes instead
        catch (InvalidParameterException) { return null; }      // e.g. a memory at α = 0, on no face
    }

    /// <summary>Where the sweep left <paramref name="branch"/> on its way from <paramref name="from"/> to the value <paramref name="to"/>.</summary>
    static ThreeCategoryJump JumpBetween(SpanBranch branch, SpanBranchPoint from, double to)
    {
        double a = Math.Min(from.Parameter, to), b = Math.Max(from.Parameter, to);
        var fold = branch.Folds.Where(f => f.Parameter >= a && f.Parameter <= b)
            .OrderBy(f => SpanContinuation.Distance(f.Alpha, f.Ell, from.Alpha, from.Ell)).FirstOrDefault();
        if (fold is not null) return new ThreeCategoryJump(fold.Parameter, $"fold ({fold.Status.ToString().ToLowerInvariant()}, precision {fold.Precision:G2})", true);
        var hopf = branch.SpecialPoints.Where(h => h.Kind == SpecialPointKind.Hopf && h.Parameter >= a && h.Parameter <= b)
            .OrderBy(h => SpanContinuation.Distance(h.Alpha, h.Ell, from.Alpha, from.Ell)).FirstOrDefault();
        if (hopf is not null) return new ThreeCategoryJump(hopf.Parameter, "Hopf point: the rest point turns into an unstable focus", true);
        var end = new[] { branch.Start, branch.Finish }.Where(e => e.Reason != BranchEndReason.ParameterBound && e.Parameter >= a && e.Parameter <= b).FirstOrDefault();
        if (end is not null) return new ThreeCategoryJump(end.Parameter, $"the branch ends: {end.What}", true);
        return new ThreeCategoryJump((a + b) / 2, "the memories left a stable stretch without a fold between the grid values (e.g. where it loses stability)", false);
    }

    static ThreeCategoryPoint Measure(ThreeCategoryModel model, SpanBranchPoint p, bool resolved)
    {
        var group = new MemoryGroup(p.Alpha, p.Ell, model.Memories);
        var modes = model.Modes([group], 0);
        return new ThreeCategoryPoint(p.Parameter, p.Alpha, p.Ell, p.Stability, model.SymmetricEigenvalues(group)[0], modes.Count,
            modes.Count > 0 ? modes[0].Rate : null, modes.Count > 0 ? modes[0].SplitsOff(model.Classes) : null, resolved);
    }
}
