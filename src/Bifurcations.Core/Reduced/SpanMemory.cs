namespace Bifurcations.Reduced;

/// <summary>
/// A memory written in the basis of the P training samples, M = Σ_i α_i σ_i (paper eq. 1), with its ten
/// labels, standing for <see cref="Copies"/> identical memories. Entries are dual numbers so that the
/// velocities carry a directional derivative.
/// </summary>
internal sealed record SpanMemory(Dual[] Alpha, Dual[] Labels, int Copies = 1)
{
    public static SpanMemory Of(double[] alpha, double[] labels, int copies = 1) =>
        new(alpha.Select(Dual.Constant).ToArray(), labels.Select(Dual.Constant).ToArray(), copies);
}

/// <summary>The exact gradient of the cost for one copy of a memory: ∂C/∂M = Σ_j Memory_j σ_j, and ∂C/∂l.</summary>
/// <remarks><see cref="LabelScale"/>: for each label, the sum of its terms' magnitudes (one per sample), the size the
/// label's gradient is measured against (it does not vanish where the gradient does), with its derivative, so that a
/// residual divided by it keeps an exact Jacobian off the solutions too.</remarks>
internal sealed record SpanGradient(Dual[] Memory, Dual[] Labels, Dual[]? LabelScale = null);

/// <summary>
/// The velocity of a memory under the training rule (docs/model.md) in its continuous-time form (docs/reduced-model.md): the
/// descent normalized by its max-abs (for pixels ≈ ±1, the max-abs of Σ_j c_j σ_j is Σ_j |c_j|), the
/// max-norm renormalization acting on the manifold Σ|α| = 1, labels normalized by their max-abs and held
/// inside [−1, 1].
/// </summary>
internal sealed record SpanVelocity(Dual[] Alpha, Dual[] Labels);
