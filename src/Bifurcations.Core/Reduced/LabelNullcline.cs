using MathNet.Numerics.RootFinding;

namespace Bifurcations.Reduced;

/// <summary>
/// The label nullcline as a graph ℓ*(α): for fixed α, ∇_ℓ decreases with ℓ (raising ℓ lowers the error of
/// the digit that wants it and raises that of the other), so there is one root in [−1, 1], or ℓ saturates
/// at ±1 where the flow pushes outward.
/// </summary>
internal static class LabelNullcline
{
    /// <summary>
    /// ℓ*(α), and whether it sits on a saturated line ℓ = ±1. The root is refined to the last bit of ℓ
    /// (Brent's relative machine-precision criterion): at low temperature ∂ℓ̇/∂ℓ reaches 1e10, so an
    /// absolute 1e-16 in ℓ would still leave ℓ̇ ~ 1e-6.
    /// </summary>
    public static (double Ell, bool Saturated) At(PairModel model, double alpha, ManifoldBranch branch)
    {
        double G(double ell) => PairField.LabelNullcline(model, alpha, ell, branch).Value;
        double top = G(1), bottom = G(-1);
        if (top >= 0 && bottom >= 0) return (1, true);
        if (top <= 0 && bottom <= 0) return top == 0 && bottom == 0 ? (double.NaN, false) : (-1, true); // NaN: no digit above threshold, no label dynamics
        if (!Brent.TryFindRoot(G, -1, 1, 1e-300, 400, out double root))
            throw new NumericalException($"label nullcline: no convergence at α = {alpha}");
        return (ToLastBit(G, root), false);
    }

    /// <summary>
    /// Brent stops within a few ulps; where a function is a step at double resolution (its transition narrower than
    /// one ulp) that can leave |ℓ̇| = 1 at the returned point. Walk to the sign change between two adjacent
    /// doubles and return the side with the smaller |ℓ̇|.
    /// </summary>
    internal static double ToLastBit(Func<double, double> g, double x)
    {
        double gx = g(x);
        if (Math.Abs(gx) < 1e-12) return x;
        // The sign change lies on the side where g has the other sign; find it within a growing ulp window.
        double step = Math.Max(Math.Abs(x) * 1e-16, double.Epsilon);
        for (int k = 0; k < 60; k++, step *= 2)
        {
            foreach (var y in new[] { x + step, x - step })
            {
                double gy = g(y);
                if (Math.Sign(gy) == Math.Sign(gx)) continue;
                double lo = Math.Min(x, y), hi = Math.Max(x, y), glo = g(lo);
                while (Math.BitIncrement(lo) < hi)
                {
                    double mid = lo + 0.5 * (hi - lo);
                    if (mid <= lo || mid >= hi) break;
                    if (Math.Sign(g(mid)) == Math.Sign(glo)) lo = mid; else hi = mid;
                }
                return Math.Abs(g(lo)) <= Math.Abs(g(hi)) ? lo : hi;
            }
        }
        return x;
    }
}
