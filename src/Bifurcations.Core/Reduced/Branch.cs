namespace Bifurcations.Reduced;

/// <summary>One point of a continued branch of fixed points.</summary>
public sealed record BranchPoint(double N, double AlphaA, double AlphaB, double Ell, bool Stable, double[] Eigenvalues, bool Saturated,
    ManifoldBranch Manifold = ManifoldBranch.Upper);

/// <summary>A saddle-node (fold) in n, refined on the extended system; <see cref="SmallEigenvalue"/> is the Jacobian's
/// eigenvalue nearest zero there and <see cref="LastCorrection"/> the size of the last Newton step in n.</summary>
public sealed record Fold(double N, double AlphaA, double AlphaB, double Ell, double SmallEigenvalue, double LastCorrection, bool Saturated);

/// <summary>
/// Where a branch stopped or crossed a non-smooth place: "range" (end of the n range), "label saturates"
/// (ℓ reached ±1; continued on the saturated line), "label leaves saturation", "renormalization switch"
/// (q = 0: beyond it the point is no fixed point), "relu kink" (a digit's overlap crosses 0), "manifold
/// junction" (α_B passes through 0), "branch point" (∇H vanishes: another branch crosses), "stalled".
/// </summary>
public sealed record BranchEvent(string Kind, double N, double AlphaA, double Ell);

public sealed record Branch(ManifoldBranch Manifold, IReadOnlyList<BranchPoint> Points, IReadOnlyList<BranchEvent> Events);

/// <summary>The bifurcation diagram in n: every branch, and every fold found on them (each reported once).</summary>
public sealed record BifurcationDiagram(PairModel Model, IReadOnlyList<Branch> Branches, IReadOnlyList<Fold> Folds);

/// <summary>Continuation parameters.</summary>
public sealed record ContinuationOptions(double NFrom = 1.5, double NTo = 72, double InitialStep = 0.02, double MinStep = 1e-9,
    double MaxStep = 0.05, int MaxPoints = 50_000, int Reseeds = 8)
{
    public ContinuationOptions Validated()
    {
        if (!(NFrom >= 1) || !double.IsFinite(NTo)) throw new UsageException($"--n-from {NFrom} is invalid: n must be ≥ 1");
        if (!(NTo > NFrom)) throw new UsageException($"the n range [{NFrom}, {NTo}] is empty or reversed");
        return this;
    }
}
