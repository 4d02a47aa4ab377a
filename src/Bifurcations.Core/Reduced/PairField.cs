using System.Runtime.CompilerServices;

namespace Bifurcations.Reduced;

/// <summary>The descent directions of docs/reduced-model.md with a common positive factor removed from each pair.</summary>
/// <param name="A">∇_A, the descent coefficient of digit A.</param>
/// <param name="B">∇_B.</param>
/// <param name="Ell">∇_ℓ, the descent of the free label.</param>
/// <param name="Gamma">∇_γ, the descent of the labels held at −1.</param>
internal readonly record struct PairDescent(Dual A, Dual B, Dual Ell, Dual Gamma);

/// <summary>Which descent directions to compute (the nullcline functions each need one pair only).</summary>
internal enum DescentParts
{
    Both,
    Memory,
    Label,
    /// <summary>∇_ℓ alone, rescaled by its own largest term (with ∇_γ it can underflow where the labels held at −1 dominate); Gamma is 0.</summary>
    FreeLabel,
}

/// <summary>
/// The closed-form vector field of the reduced two-digit system (docs/reduced-model.md), on dual numbers so that one
/// evaluation per direction gives the exact Jacobian.
/// <para>
/// Every term is a product of (1 ∓ tanh u)^{2m}(1 ± tanh u) and powers of x, which underflow for large n
/// (docs/model.md, known answers). They are formed as exponentials of logarithms, log(1 − tanh u) = log 2 − softplus(2u), and
/// each pair (∇_A, ∇_B) and (∇_ℓ, ∇_γ) is rescaled by its largest term before exponentiating. The
/// velocities only see ratios within a pair (the normalizations of the training rule, docs/model.md), so the rescaling is exact.
/// </para>
/// </summary>
public static class PairField
{
    /// <summary>Tolerance on |α_A| + |α_B| ≥ 1 for the renormalization to act (round-off kicks it otherwise).</summary>
    public const double ManifoldTolerance = 1e-12;

    /// <summary>log[(1 − tanh u)^{2m} (1 + tanh u)]; its value at −u is log[(1 + tanh u)^{2m} (1 − tanh u)].</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static Dual LogErrorTerm(Dual u, double m) => LogErrorTerm(u, (Dual)m);

    /// <summary>The same with m carrying a derivative (continuation in n with m tied to n).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static Dual LogErrorTerm(Dual u, Dual m)
    {
        const double ln2 = 0.6931471805599453;
        // softplus(−z) = softplus(z) − z turns the two logarithms into one.
        return (2 * m + 1) * (ln2 - Dual.Softplus(2 * u)) + 2 * u;
    }

    /// <summary>The four descent directions at (α_A, α_B, ℓ), each pair rescaled by its largest term.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static PairDescent Descent(PairModel model, Dual alphaA, Dual alphaB, Dual ell, DescentParts parts = DescentParts.Both)
    {
        var g = model.Gram;
        double n = model.Exponent, m = model.CostExponent, t = model.EffectiveTemperature;
        double saturated = model.Case == PairCase.Inter ? 4 : 9; // 8 saturated labels against 2 free ones, or 9 against 1
        // log x = log⟨M|σ⟩ − log T: the overlap divided by T could underflow to 0 at extreme temperatures.
        var hA = alphaA * g.AA + alphaB * g.AB;
        var hB = alphaA * g.AB + alphaB * g.BB;
        bool onA = hA.Value > 0, onB = hB.Value > 0;       // the relu: a digit below threshold contributes nothing
        double logT = Math.Log(t);
        var logA = onA ? Dual.Log(hA) - logT : default;
        var logB = onB ? Dual.Log(hB) - logT : default;
        var xnA = onA ? Dual.Exp(n * logA) : default;       // x_A^n
        var xnB = onB ? Dual.Exp(n * logB) : default;
        if (double.IsInfinity(xnA.Value) || double.IsInfinity(xnB.Value))
            throw new NumericalException($"x^n overflowed (n = {n}, T_eff = {t}); the temperature is too low for this n");

        // Free-label error terms: digit A sees +ℓ on its class; digit B sees −ℓ (inter) or +ℓ (intra).
        double signB = model.Case == PairCase.Inter ? -1 : 1;
        var eA = onA ? LogErrorTerm(ell * xnA, m) : default;            // (1 − o_A)^{2m−1}(1 − o_A²)
        var eB = onB ? LogErrorTerm(signB * ell * xnB, m) : default;     // (1 ∓ o_B)^{2m−1}(1 − o_B²)
        var sA = onA ? LogErrorTerm(xnA, m) : default;                   // (1 + g_A)^{2m−1}(1 − g_A²)
        var sB = onB ? LogErrorTerm(xnB, m) : default;

        // Memory: ∇_A = x_A^{n−1}[ℓ·e_A + k·s_A], ∇_B = x_B^{n−1}[±ℓ·e_B + k·s_B].
        Dual dA = 0, dB = 0;
        if (parts is DescentParts.Both or DescentParts.Memory && (onA || onB))
        {
            double shift = double.NegativeInfinity;
            if (onA) shift = Math.Max(shift, Math.Max(eA.Value, sA.Value) + (n - 1) * logA.Value);
            if (onB) shift = Math.Max(shift, Math.Max(eB.Value, sB.Value) + (n - 1) * logB.Value);
            // Each exponent is ≤ 0 after the shift, so nothing overflows and the largest term is exactly 1.
            if (onA) dA = ell * Dual.Exp(eA + (n - 1) * logA - shift) + saturated * Dual.Exp(sA + (n - 1) * logA - shift);
            if (onB) dB = signB * ell * Dual.Exp(eB + (n - 1) * logB - shift) + saturated * Dual.Exp(sB + (n - 1) * logB - shift);
        }

        // Labels: ∇_ℓ = e_A x_A^n ± e_B x_B^n, ∇_γ = −s_A x_A^n − s_B x_B^n.
        Dual dEll = 0, dGamma = 0;
        if (parts != DescentParts.Memory && (onA || onB))
        {
            double shift = double.NegativeInfinity;
            bool free = parts == DescentParts.FreeLabel;
            if (onA) shift = Math.Max(shift, (free ? eA.Value : Math.Max(eA.Value, sA.Value)) + n * logA.Value);
            if (onB) shift = Math.Max(shift, (free ? eB.Value : Math.Max(eB.Value, sB.Value)) + n * logB.Value);
            if (onA) { dEll += Dual.Exp(eA + n * logA - shift); if (!free) dGamma -= Dual.Exp(sA + n * logA - shift); }
            if (onB) { dEll += signB * Dual.Exp(eB + n * logB - shift); if (!free) dGamma -= Dual.Exp(sB + n * logB - shift); }
        }
        return new PairDescent(dA, dB, dEll, dGamma);
    }

    /// <summary>The normalized velocity (dα_A, dα_B, dℓ) of docs/reduced-model.md, ℓ held inside [−1, 1].</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static (Dual AlphaA, Dual AlphaB, Dual Ell) Velocity(PairModel model, Dual alphaA, Dual alphaB, Dual ell)
    {
        var d = Descent(model, alphaA, alphaB, ell);
        var norm = Dual.Abs(d.A) + Dual.Abs(d.B);
        Dual vA = 0, vB = 0;
        if (norm.Value > 0)
        {
            vA = d.A / norm; vB = d.B / norm;
            var q = Sign(alphaA) * vA + Sign(alphaB) * vB;
            if (q.Value > 0 && Math.Abs(alphaA.Value) + Math.Abs(alphaB.Value) >= 1 - ManifoldTolerance)
            {
                vA -= alphaA * q;
                vB -= alphaB * q;
            }
        }
        var labelNorm = Dual.Max(Dual.Abs(d.Ell), Dual.Abs(d.Gamma));
        Dual vEll = labelNorm.Value > 0 ? d.Ell / labelNorm : 0;
        if ((ell.Value >= 1 && vEll.Value > 0) || (ell.Value <= -1 && vEll.Value < 0)) vEll = 0;
        return (vA, vB, vEll);
    }

    /// <summary>The velocity (dα/dt, dℓ/dt) at (α, ℓ) on a branch of the manifold, α_B = ±(1 − |α|).</summary>
    public static (double Alpha, double Ell) ManifoldVelocity(PairModel model, double alpha, double ell, ManifoldBranch branch)
    {
        var (a, l) = OnManifold(model, (Dual)alpha, (Dual)ell, branch);
        return (a.Value, l.Value);
    }

    /// <summary>The 2-D (α, ℓ) field on a branch of the manifold, α_B = ±(1 − |α|).</summary>
    internal static (Dual Alpha, Dual Ell) OnManifold(PairModel model, Dual alpha, Dual ell, ManifoldBranch branch)
    {
        var alphaB = AlphaB(alpha, branch);
        var v = Velocity(model, alpha, alphaB, ell);
        return (v.AlphaA, v.Ell);
    }

    /// <summary>
    /// The memory-nullcline function (∇_A α_B − α_A ∇_B)/(|∇_A| + |∇_B|): on the manifold it equals
    /// sign(α_B)·dα/dt where the renormalization acts, and it is continuous everywhere.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static Dual MemoryNullcline(PairModel model, Dual alpha, Dual ell, ManifoldBranch branch) =>
        MemoryFunction(model, alpha, AlphaB(alpha, branch), ell);

    /// <summary>The memory-nullcline function h at the memory α_A·A + α_B·B (for points a chart of the manifold names directly).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static Dual MemoryFunction(PairModel model, Dual alphaA, Dual alphaB, Dual ell)
    {
        var d = Descent(model, alphaA, alphaB, ell, DescentParts.Memory);
        var norm = Dual.Abs(d.A) + Dual.Abs(d.B);
        return norm.Value > 0 ? (d.A * alphaB - alphaA * d.B) / norm : 0;
    }

    /// <summary>The label-nullcline function ∇_ℓ / max(|∇_ℓ|, |∇_γ|), before clipping at ℓ = ±1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static Dual LabelNullcline(PairModel model, Dual alpha, Dual ell, ManifoldBranch branch)
    {
        var d = Descent(model, alpha, AlphaB(alpha, branch), ell, DescentParts.Label);
        var labelNorm = Dual.Max(Dual.Abs(d.Ell), Dual.Abs(d.Gamma));
        return labelNorm.Value > 0 ? d.Ell / labelNorm : 0;
    }

    /// <summary>Whether the renormalization acts at (α, ℓ): q &gt; 0, the flow pushing outward.</summary>
    public static bool RenormalizationActs(PairModel model, double alpha, double ell, ManifoldBranch branch)
    {
        double alphaB = PairModel.AlphaB(alpha, branch);
        var d = Descent(model, alpha, alphaB, ell, DescentParts.Memory);
        return Math.Sign(alpha) * d.A.Value + Math.Sign(alphaB) * d.B.Value > 0;
    }

    /// <summary>The 2-D field's value and Jacobian [[∂α̇/∂α, ∂α̇/∂ℓ], [∂ℓ̇/∂α, ∂ℓ̇/∂ℓ]] at (α, ℓ).</summary>
    public static (double[] Value, double[,] Jacobian) Linearize(PairModel model, double alpha, double ell, ManifoldBranch branch)
    {
        var byAlpha = OnManifold(model, Dual.Variable(alpha), ell, branch);
        var byEll = OnManifold(model, alpha, Dual.Variable(ell), branch);
        return ([byAlpha.Alpha.Value, byAlpha.Ell.Value],
            new[,] { { byAlpha.Alpha.Derivative, byEll.Alpha.Derivative }, { byAlpha.Ell.Derivative, byEll.Ell.Derivative } });
    }

    static Dual AlphaB(Dual alpha, ManifoldBranch branch) =>
        branch == ManifoldBranch.Upper ? 1 - Dual.Abs(alpha) : Dual.Abs(alpha) - 1;

    static double Sign(Dual x) => x.Value > 0 ? 1 : x.Value < 0 ? -1 : 0;
}
