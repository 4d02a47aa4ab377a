using Bifurcations.Continuation;
using Bifurcations.Linearization;

namespace Bifurcations.Reduced;

/// <summary>
/// One point of a branch of the pair system's fixed points: the continuation parameter's value, the model's n and T
/// there, the fixed point (ℓ is 0 below the double range, <see cref="EllLog10"/> keeps its magnitude) and its dynamics.
/// </summary>
public sealed record BranchPoint(double Parameter, double N, double Temperature, double AlphaA, double AlphaB, double Ell, double EllLog10,
    Stability Stability, double[] Eigenvalues, bool Saturated, ManifoldBranch Manifold)
{
    /// <summary>Whether the point is stable.</summary>
    public bool Stable => Stability == Stability.Stable;
}

/// <summary>
/// A special point of the pair diagram in the system's own terms: the kind (fold, branch point, Hopf point, event), what
/// happened, the located parameter and the interval that brackets it, the fixed point there, the status and precision
/// of the location (arclength), and the eigenvalue of least magnitude (≈ 0 at a fold).
/// </summary>
public sealed record PairSpecialPoint(SpecialPointKind Kind, string What, double Parameter, double ParameterFrom, double ParameterTo,
    double AlphaA, double AlphaB, double Ell, double EllLog10, bool Saturated, SpecialPointStatus Status, double Precision, double? SmallestEigenvalue,
    SpecialPoint Raw)
{
    /// <summary>For an event: what happened in the model there (null for folds, branch points and Hopf points).</summary>
    public PairEvent? Event { get; init; }
}

/// <summary>What an event of the pair system's continuation is, in the model's terms (docs/model.md, numerical pitfalls).</summary>
public enum PairEvent
{
    /// <summary>The branch moved from one chart of the manifold to another (bookkeeping: nothing changes in the model).</summary>
    ChartChange,
    /// <summary>The renormalization starts or stops acting (the memory leaves or rejoins the manifold).</summary>
    Renormalization,
    /// <summary>A digit's overlap crosses 0: the rectified polynomial's kink.</summary>
    OverlapKink,
    /// <summary>The label reaches its clip ℓ = ±1, or leaves it.</summary>
    LabelClip,
    /// <summary>The label changes scale (through 0, below the double range, back): a change of the label's coordinate.</summary>
    LabelScale,
    /// <summary>The memory has become one digit to any precision.</summary>
    PureDigit,
}

/// <summary>A branch: its points in order, its special points, how each end came about, and the engine's own result.</summary>
public sealed record Branch(IReadOnlyList<BranchPoint> Points, IReadOnlyList<PairSpecialPoint> SpecialPoints, BranchEnd Start, BranchEnd Finish,
    ContinuationBranch Raw)
{
    /// <summary>Whether the branch stopped because the corrector could not go on.</summary>
    public bool Stalled => Raw.Stalled;
}

/// <summary>
/// The bifurcation diagram of the pair system in one parameter over [<see cref="From"/>, <see cref="To"/>]: every branch,
/// the folds (each once), and what the direct solver could not settle at a seed (<see cref="SeedProblems"/>).
/// <see cref="Seeds"/> is the number of parameter values the direct solver seeded from; <see cref="BranchesFromSeeds"/>
/// counts the branches started from a seed after the first, i.e. found by reseeding (isolated branches among them).
/// </summary>
public sealed record BifurcationDiagram(PairModel Model, PairParameter Parameter, double From, double To, IReadOnlyList<Branch> Branches,
    IReadOnlyList<PairSpecialPoint> Folds, int Seeds, int BranchesFromSeeds, int BranchesFromSwitching, IReadOnlyList<string> SeedProblems)
{
    /// <summary>Every special point of every branch.</summary>
    public IEnumerable<PairSpecialPoint> SpecialPoints => Branches.SelectMany(b => b.SpecialPoints);
    /// <summary>Whether any branch stalled (the diagram may then be incomplete).</summary>
    public bool Stalled => Branches.Any(b => b.Stalled);
}
