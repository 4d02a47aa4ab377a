using Bifurcations.Linearization;
using Bifurcations.Reduced;

namespace Bifurcations.Continuation;

/// <summary>
/// A continuation problem: F(u, p) = 0 for a state u ∈ R^m and one scalar parameter p, with its Jacobian, in one
/// chart of the state. A problem may be one piece of a larger atlas: its <see cref="EventNames"/> mark where the
/// piece ends (a chart boundary, a non-smooth place such as a label reaching its clip), and
/// <see cref="OnEvent"/> says what happens there: the branch goes on in another piece, ends, or just records the
/// place. The engine (<see cref="PseudoArclength"/>) knows nothing else about the system (docs/continuation.md).
/// </summary>
public interface IContinuationProblem
{
    /// <summary>m, the size of the state.</summary>
    int Dimension { get; }

    /// <summary>The parameter's name, as the command line and the JSON call it ("n", "temperature", …).</summary>
    string ParameterName { get; }

    /// <summary>The change of p that counts as much as a change of 1 in the state, in the arclength.</summary>
    double ParameterScale { get; }

    /// <summary>
    /// F(u, p) (m values) and the Jacobian [∂F/∂u | ∂F/∂p] (m × (m + 1)); false where the problem is not defined
    /// (outside its chart, a digit below threshold, …).
    /// </summary>
    bool Evaluate(ReadOnlySpan<double> u, double p, Span<double> f, double[,] jacobian);

    /// <summary>
    /// The smallest max|F| double precision can promise at (u, p): the corrector accepts max|F| ≤ max(tolerance, this).
    /// Where the field's terms carry exponents of 10^10 (the reduced pair system at its coldest), a residual of 1e-11 is
    /// out of reach and the position is exact to the last bit before it is.
    /// </summary>
    double ResidualFloor(ReadOnlySpan<double> u, double p) => 0;

    /// <summary>The dynamics at a solution: its eigenvalues and stability (they need not be those of ∂F/∂u).</summary>
    (Eigenvalue[] Spectrum, Stability Stability) Stability(ReadOnlySpan<double> u, double p);

    /// <summary>The names of the event functions of this piece.</summary>
    IReadOnlyList<string> EventNames { get; }

    /// <summary>The event functions g_i(u, p): a sign change between two points of a branch is an event.</summary>
    void Events(ReadOnlySpan<double> u, double p, Span<double> g);

    /// <summary>What happens at event i, located at (u, p); <paramref name="tangent"/> is the branch's unit tangent (m + 1, in scaled units).</summary>
    EventOutcome OnEvent(int i, ReadOnlySpan<double> u, double p, ReadOnlySpan<double> tangent);

    /// <summary>
    /// Where the corrector keeps failing at (u, p): another chart in which the same point is better conditioned
    /// (e.g. log|ℓ| instead of ℓ where a label is below 1e-8), or null.
    /// </summary>
    EventOutcome.Switch? Recoordinate(ReadOnlySpan<double> u, double p, ReadOnlySpan<double> tangent);
}

/// <summary>What an event does to the branch.</summary>
public abstract record EventOutcome
{
    /// <summary>The branch goes on in this problem; the place is recorded as a special point.</summary>
    public sealed record Report(string What) : EventOutcome;

    /// <summary>
    /// The branch goes on in <paramref name="Next"/> from <paramref name="State"/> (the same point in its chart).
    /// <paramref name="TangentHint"/> (m' + 1 components) orients the new tangent; without it, the sign of the
    /// parameter's component is kept.
    /// </summary>
    /// <para>
    /// <paramref name="InsideEvent"/>, if given, names an event function of <paramref name="Next"/> that is 0 at the
    /// hand-over and positive where the next piece is valid (a label held at its clip): the new tangent is oriented to
    /// make it grow, whatever the hint says.
    /// </para>
    public sealed record Switch(IContinuationProblem Next, double[] State, string What, double[]? TangentHint = null, bool Recorded = true,
        int? InsideEvent = null) : EventOutcome;

    /// <summary>Nothing happens (the crossing was in the direction the problem does not care about); nothing is recorded.</summary>
    public sealed record Pass : EventOutcome;

    /// <summary>The branch ends here.</summary>
    public sealed record EndBranch(BranchEndReason Reason, string What) : EventOutcome;
}
