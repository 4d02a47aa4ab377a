namespace Bifurcations.Reduced;

/// <summary>
/// One chart of a branch of the manifold |α_A| + |α_B| = 1, with the coordinate p it is solved in. Near α = 0 the
/// coordinate is α itself (a memory that is almost pure B has α ~ 10^{−60}, which α holds exactly); near the
/// vertices α = ±1 it is d = |α_B| (a memory that is almost pure A has α_B ~ 10^{−200}, which 1 − |α| cannot
/// hold). The vertex α = ±1, α_B = 0 belongs to both branches.
/// </summary>
internal readonly record struct ManifoldChart(ManifoldBranch Branch, bool NearVertex, double Side)
{
    /// <summary>The four charts of a branch: the left vertex, α ∈ [−½, −0], α ∈ [+0, ½], the right vertex.</summary>
    public static ManifoldChart[] Of(ManifoldBranch branch) =>
        [new(branch, true, -1), new(branch, false, -1), new(branch, false, 1), new(branch, true, 1)];

    /// <summary>The range of p: d ∈ [0, ½] near a vertex, α ∈ [−½, −0] or [+0, ½] in the middle.</summary>
    public (double From, double To) Range => NearVertex ? (0, 0.5) : Side < 0 ? (-0.5, -0.0) : (0.0, 0.5);

    double BranchSign => Branch == ManifoldBranch.Upper ? 1 : -1;

    /// <summary>(α_A, α_B) at p.</summary>
    public (double AlphaA, double AlphaB) At(double p) =>
        NearVertex ? (Side * (1 - p), BranchSign * p) : (p, PairModel.AlphaB(p, Branch));

    /// <summary>(α_A, α_B) at p with the derivative along p.</summary>
    public (Dual AlphaA, Dual AlphaB) At(Dual p) =>
        NearVertex ? (Side * (1 - p), BranchSign * p) : (p, Branch == ManifoldBranch.Upper ? 1 - Dual.Abs(p) : Dual.Abs(p) - 1);

    /// <summary>
    /// c in ṗ = c·h where the renormalization acts: α̇_A = sign(α_B)·h and α̇_B = −sign(α_A)·h, so c = sign(α_B) for
    /// p = α and c = −sign(α_A)·sign(α_B) for p = |α_B|.
    /// </summary>
    public double VelocityFactor => NearVertex ? -Side * BranchSign : BranchSign;
}
