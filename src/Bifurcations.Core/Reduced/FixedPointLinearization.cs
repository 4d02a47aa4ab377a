using Bifurcations.Linearization;
namespace Bifurcations.Reduced;

/// <summary>
/// The Jacobian of the (α, ℓ) field at a fixed point, and its eigenvalues, in log-magnitude form. At a fixed point
/// both numerators vanish, so each row is the numerator's derivative over the normalization's value:
/// ∂α̇ = sign(α_B)·∂(∇_A α_B − α_A ∇_B)/(|∇_A| + |∇_B|) and ∂ℓ̇ = ∂∇_ℓ/|∇_γ|. The second row is huge at low
/// temperature (|∇_γ| is the saturated labels' vanishing error), the first too where the memory nullcline hugs
/// ℓ = 0; <see cref="Eigen2"/> takes them as they are. Where ℓ underflows, ℓ-derivatives are taken with respect to
/// log|ℓ| and divided by ℓ in log form.
/// </summary>
public static class FixedPointLinearization
{
    /// <summary>In the coordinates (α, ℓ) of a branch.</summary>
    internal static (Spectrum2 Spectrum, Stability Stability) At(PairModel model, ManifoldBranch branch, double alpha, EllInput ell, bool saturated) =>
        At(model, new ManifoldChart(branch, false, alpha < 0 || double.IsNegative(alpha) ? -1 : 1), alpha, ell, saturated);

    /// <summary>
    /// In the coordinates (p, ℓ) of a chart: p = α or p = |α_B| are related linearly, so the eigenvalues are the
    /// same (a similarity), and the chart that resolves the point is used.
    /// </summary>
    internal static (Spectrum2 Spectrum, Stability Stability) At(PairModel model, ManifoldChart chart, double p, EllInput ell, bool saturated)
    {
        var factor = LogNumber.FromDouble(chart.VelocityFactor);
        var (alphaA, alphaB) = chart.At(Dual.Variable(p));
        var (plainA, plainB) = chart.At(p);
        var byAlpha = PairTerms.At(model, alphaA, alphaB, ell);
        var memoryNorm = (ScaledDual.Abs(byAlpha.GradA) + ScaledDual.Abs(byAlpha.GradB)).ValueLog;
        var j11 = factor * byAlpha.MemoryNumerator.DerivativeLog / memoryNorm;
        if (saturated)
        {
            // One eigenvalue, ∂ṗ/∂p; the label is held by clipping. Its sign is open if the numerator's derivative cancelled to 0.
            var single = new Eigenvalue(j11, LogNumber.Zero);
            return (new Spectrum2([single], j11.IsZero), j11.Sign < 0 ? Stability.Stable : Stability.Saddle);
        }
        var byEll = PairTerms.At(model, plainA, plainB, Seeded(ell));
        var labelNorm = ScaledDual.Abs(byAlpha.GradGamma).ValueLog;
        var perEll = ell.IsLog ? LogNumber.Of(ell.Sign, ell.LogAbs) : new LogNumber(1, 0); // d/dℓ = (1/ℓ)·d/dlog|ℓ|
        var j12 = factor * byEll.MemoryNumerator.DerivativeLog / memoryNorm / perEll;
        var j21 = byAlpha.GradEll.DerivativeLog / labelNorm;
        var j22 = byEll.GradEll.DerivativeLog / labelNorm / perEll;
        var spectrum = Eigen2.Of(j11, j12, j21, j22);
        var stability = spectrum.Values.All(e => e.RealPart.Sign < 0) ? Stability.Stable
            : spectrum.Values.All(e => e.RealPart.Sign > 0) ? Stability.Unstable : Stability.Saddle;
        return (spectrum, stability);
    }

    /// <summary>ℓ carrying a unit derivative (with respect to ℓ, or to log|ℓ| in the log form).</summary>
    static EllInput Seeded(EllInput ell) =>
        ell.IsLog ? EllInput.FromLog(ell.Sign, Dual.Variable(ell.LogAbs)) : EllInput.Plain(Dual.Variable(ell.Value));
}
