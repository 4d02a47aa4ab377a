using MathNet.Numerics.RootFinding;

namespace Bifurcations.Reduced;

/// <summary>
/// The label nullcline as a graph ℓ*(α): for fixed α, ∇_ℓ decreases with ℓ (raising ℓ lowers the error of
/// the digit that wants it and raises that of the other), so there is one root in [−1, 1], or ℓ saturates
/// at ±1 where the flow pushes outward.
/// </summary>
public static class LabelNullcline
{
    /// <summary>ℓ*(α), and whether it sits on a saturated line ℓ = ±1.</summary>
    public static (double Ell, bool Saturated) At(PairModel model, double alpha, ManifoldBranch branch)
    {
        double G(double ell) => PairField.LabelNullcline(model, alpha, ell, branch).Value;
        double top = G(1), bottom = G(-1);
        if (top >= 0 && bottom >= 0) return (1, true);
        if (top <= 0 && bottom <= 0) return top == 0 && bottom == 0 ? (double.NaN, false) : (-1, true); // NaN: no digit above threshold, no label dynamics
        if (!Brent.TryFindRoot(G, -1, 1, 1e-16, 200, out double root))
            throw new NumericalException($"label nullcline: no convergence at α = {alpha}");
        return (root, false);
    }
}
