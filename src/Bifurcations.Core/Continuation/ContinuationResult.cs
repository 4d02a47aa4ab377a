using Bifurcations.Linearization;
using Bifurcations.Reduced;

namespace Bifurcations.Continuation;

/// <summary>A point of a branch: the parameter, the state in the chart of <see cref="Problem"/>, and the dynamics there.</summary>
public sealed record ContinuationPoint(double Parameter, double[] State, IContinuationProblem Problem, Stability Stability, Eigenvalue[] Spectrum);

/// <summary>What a special point of a branch is.</summary>
public enum SpecialPointKind
{
    /// <summary>A turning point in the parameter (saddle-node): one eigenvalue through zero.</summary>
    Fold,
    /// <summary>Another branch crosses this one (the augmented Jacobian is singular): a pitchfork or a transcritical point.</summary>
    BranchPoint,
    /// <summary>A complex pair of eigenvalues crosses the imaginary axis.</summary>
    Hopf,
    /// <summary>A place the problem marks (a chart boundary, a label reaching its clip, the renormalization switching).</summary>
    Event,
}

/// <summary>How well a special point is known.</summary>
public enum SpecialPointStatus
{
    /// <summary>Located to the location tolerance in arclength.</summary>
    Located,
    /// <summary>Bracketed between two points of the branch only (the corrector failed while locating it).</summary>
    Bracketed,
}

/// <summary>
/// A special point: its kind, the parameter interval that brackets it (<see cref="ParameterFrom"/> to
/// <see cref="ParameterTo"/>), the located parameter and state (in the chart of <see cref="Problem"/>), the status
/// and the precision (the arclength of the final bracket). <see cref="SmallestEigenvalue"/> is the eigenvalue of
/// least magnitude there (≈ 0 at a fold or a branch point); <see cref="Other"/> is the second direction at a branch
/// point (the branch to switch onto), in scaled units.
/// </summary>
/// <see cref="NonSmooth"/> marks a fold where two pieces of the problem meet at a corner (the parameter turns back at a
/// hand-over, e.g. where a label reaches its clip): no eigenvalue passes through zero there.
public sealed record SpecialPoint(SpecialPointKind Kind, string What, double ParameterFrom, double ParameterTo, double Parameter, double[] State,
    IContinuationProblem Problem, SpecialPointStatus Status, double Precision, Eigenvalue? SmallestEigenvalue = null, double[]? Other = null,
    bool NonSmooth = false)
{
    /// <summary>For an <see cref="SpecialPointKind.Event"/>: which of <see cref="Problem"/>'s <see cref="IContinuationProblem.EventNames"/> it is.</summary>
    public int? EventIndex { get; init; }
}

/// <summary>Why a branch (one direction of it) ended.</summary>
public enum BranchEndReason
{
    /// <summary>The parameter reached the end of its range.</summary>
    ParameterBound,
    /// <summary>The step budget ran out.</summary>
    MaxSteps,
    /// <summary>The branch came back to where it started: a closed loop.</summary>
    ClosedLoop,
    /// <summary>The corrector failed at the smallest step and no other chart helped.</summary>
    Stalled,
    /// <summary>The state left the problem's domain (the problem says where: e.g. the renormalization stopped acting).</summary>
    LeftDomain,
    /// <summary>The branch reached a place the problem cannot continue through (e.g. a digit's overlap crossing 0 with a free label).</summary>
    NonSmooth,
    /// <summary>The switch budget ran out (a guard against two charts handing the branch back and forth).</summary>
    TooManySwitches,
}

/// <summary>The end of one direction of a branch: why, where (parameter), and in words.</summary>
public sealed record BranchEnd(BranchEndReason Reason, double Parameter, string What);

/// <summary>
/// A branch: its points in order of arclength (both directions from the seed joined), its special points, and the
/// end of each direction (<see cref="Start"/> for the start of the point list, <see cref="Finish"/> for its end).
/// </summary>
public sealed record ContinuationBranch(IReadOnlyList<ContinuationPoint> Points, IReadOnlyList<SpecialPoint> SpecialPoints, BranchEnd Start, BranchEnd Finish)
{
    /// <summary>
    /// The solutions at p along the branch, one per stretch of it that spans p within one piece (a hand-over between
    /// pieces is skipped): each solved at p exactly from the stretch's ends, as (piece, state in its chart).
    /// </summary>
    public IEnumerable<(IContinuationProblem Problem, double[] State)> Crossings(double p)
    {
        for (int i = 0; i + 1 < Points.Count; i++)
        {
            var (x, y) = (Points[i], Points[i + 1]);
            if (!ReferenceEquals(x.Problem, y.Problem) && !x.Problem.Equals(y.Problem)) continue;
            if ((x.Parameter - p) * (y.Parameter - p) > 0) continue;
            if (x.Parameter == y.Parameter && x.Parameter != p) continue;
            double s = x.Parameter == y.Parameter ? 0 : (p - x.Parameter) / (y.Parameter - x.Parameter);
            var guess = x.State.Zip(y.State, (a, c) => a + s * (c - a)).ToArray();
            var state = s == 0 ? x.State : s == 1 ? y.State : PseudoArclength.SolveAt(x.Problem, guess, p) ?? Approach(x, p);
            if (state is not null) yield return (x.Problem, state);
        }
    }

    /// <summary>
    /// The solution at p reached from a branch point in parameter steps that halve until Newton takes them: a coordinate
    /// that grows exponentially along a step (a tiny label followed linearly) can put the straight interpolation between
    /// the step's ends outside Newton's reach although the point itself is well defined.
    /// </summary>
    static double[]? Approach(ContinuationPoint from, double p)
    {
        double[] state = from.State;
        double at = from.Parameter, h = p - at;
        for (int tries = 0; tries < 200 && at != p; tries++)
        {
            double next = Math.Abs(p - at) <= Math.Abs(h) ? p : at + h;
            if (PseudoArclength.SolveAt(from.Problem, state, next) is { } solved) { state = solved; at = next; }
            else if (Math.Abs(h /= 2) < 1e-14 * Math.Max(1, Math.Abs(p))) return null;
        }
        return at == p ? state : null;
    }

    /// <summary>The continuation parameter's name (empty for a branch without points).</summary>
    public string ParameterName => Points.Count > 0 ? Points[0].Problem.ParameterName : "";
    /// <summary>Whether either end stopped because the corrector could not go on (not at a bound or a natural end).</summary>
    public bool Stalled => Start.Reason == BranchEndReason.Stalled || Finish.Reason == BranchEndReason.Stalled;
}
