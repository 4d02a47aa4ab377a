using Bifurcations.Continuation;
using Bifurcations.Linearization;

namespace Bifurcations.Reduced;

/// <summary>A rest point of K identical memories on a span-system branch: full α, the label classes' labels, and its stability.</summary>
public sealed record SpanBranchPoint(double Parameter, double[] Alpha, double[] Ell, Stability Stability, double[] EigenvaluesReal);

/// <summary>A special point of a span-system branch (fold, branch point, Hopf or a piece's event), in the system's own terms.</summary>
public sealed record SpanSpecialPoint(SpecialPointKind Kind, string What, double Parameter, double[] Alpha, double[] Ell, SpecialPointStatus Status,
    double Precision, double? SmallestEigenvalue, SpecialPoint Raw);

/// <summary>One branch of rest points, followed both ways from its seed by the continuation engine.</summary>
public sealed record SpanBranch(IReadOnlyList<SpanBranchPoint> Points, IReadOnlyList<SpanSpecialPoint> SpecialPoints, BranchEnd Start, BranchEnd Finish, ContinuationBranch Raw)
{
    /// <summary>The branch's folds.</summary>
    public IEnumerable<SpanSpecialPoint> Folds => SpecialPoints.Where(s => s.Kind == SpecialPointKind.Fold);
}

/// <summary>
/// Continuation of the rest points of K identical memories in a span system (<see cref="SpanBranchProblem"/>) in n, T
/// or T_r: the same engine as the pair system, with the same parameter selector.
/// </summary>
public static class SpanContinuation
{
    /// <summary>The settings a span branch is followed with over [from, to]: the engine's defaults, bounded to the range.</summary>
    public static ContinuationSettings Settings(double from, double to, ContinuationSettings? settings = null) =>
        (settings ?? new ContinuationSettings()) with { ParameterMin = Math.Min(from, to), ParameterMax = Math.Max(from, to) };

    /// <summary>The branch through the rest point (α, ℓ) at p, followed both ways over [from, to].</summary>
    public static SpanBranch Follow(SpanSystem system, int copies, IReadOnlyList<int> labelClasses, PairParameter parameter, double p,
        double[] alpha, double[] ell, double from, double to, ContinuationSettings? settings = null, CancellationToken cancel = default)
    {
        var atP = system.With(parameter.At(system.Parameters, p));
        var (problem, state) = SpanBranchProblem.For(atP, parameter, copies, labelClasses, alpha, ell);
        var raw = PseudoArclength.Run(problem, state, p, Settings(from, to, settings), cancel: cancel);
        return Describe(raw);
    }

    static SpanBranch Describe(ContinuationBranch raw)
    {
        var points = raw.Points.Select(pt =>
        {
            var (a, l) = ((SpanBranchProblem)pt.Problem).Describe(pt.State);
            return new SpanBranchPoint(pt.Parameter, a, l, pt.Stability, pt.Spectrum.Select(e => e.Real).ToArray());
        }).ToArray();
        var special = raw.SpecialPoints.Select(s =>
        {
            var (a, l) = ((SpanBranchProblem)s.Problem).Describe(s.State);
            return new SpanSpecialPoint(s.Kind, s.What, s.Parameter, a, l, s.Status, s.Precision, s.SmallestEigenvalue?.Real, s);
        }).ToArray();
        return new SpanBranch(points, special, raw.Start, raw.Finish, raw);
    }

    /// <summary>Every rest point branch b passes through at p, each solved at p exactly in its piece.</summary>
    public static IReadOnlyList<SpanBranchPoint> PointsAt(SpanBranch b, double p)
    {
        var found = new List<SpanBranchPoint>();
        foreach (var (piece, state) in b.Raw.Crossings(p))
        {
            var problem = (SpanBranchProblem)piece;
            var (alpha, ell) = problem.Describe(state);
            var (spectrum, stability) = problem.Stability(state, p);
            var point = new SpanBranchPoint(p, alpha, ell, stability, spectrum.Select(e => e.Real).ToArray());
            if (!found.Any(f => Distance(f, point) < 1e-9)) found.Add(point);
        }
        return found;
    }

    /// <summary>max |Δα|, |Δℓ| between two rest points.</summary>
    public static double Distance(SpanBranchPoint a, SpanBranchPoint b) => Distance(a.Alpha, a.Ell, b.Alpha, b.Ell);

    /// <summary>The distance between two states (α, ℓ).</summary>
    public static double Distance(double[] alpha1, double[] ell1, double[] alpha2, double[] ell2) =>
        Math.Max(alpha1.Zip(alpha2, (x, y) => Math.Abs(x - y)).Max(), ell1.Length == 0 ? 0 : ell1.Zip(ell2, (x, y) => Math.Abs(x - y)).Max());
}
