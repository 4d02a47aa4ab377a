using Bifurcations.Data;
using Bifurcations.Model;
using Bifurcations.Reduced;

namespace Bifurcations.Testing;

/// <summary>
/// A reduced state written out as the full network sees it: the samples whose span the memories live in, the network's
/// parameters, and groups of identical memories M = Σ_i α_i σ_i with their ten labels. A reduced model gives one to
/// <see cref="Invariants.VelocityIsProjectedGradient"/>, which rebuilds the network from it.
/// </summary>
/// <param name="Samples">The samples σ_i (their classes are the targets), one per coefficient α_i.</param>
/// <param name="Parameters">n, m and T.</param>
/// <param name="Groups">The memories: each group's coefficients (one per sample), labels (ten) and number of copies.</param>
public sealed record SpanLift(TrainingSet Samples, NetworkParameters Parameters, IReadOnlyList<SpanGroup> Groups)
{
    /// <summary>
    /// The pair model's state (α, ℓ) on a branch: two samples of different classes (an inter pair), K copies of
    /// M = α σ_A + α_B σ_B with α_B = ±(1 − |α|), labels ℓ on the first sample's class, −ℓ on the second's and −1 on the rest.
    /// </summary>
    public static SpanLift Pair(TrainingSet twoSamples, NetworkParameters parameters, int copies, double alpha, double ell, ManifoldBranch branch)
    {
        if (twoSamples.Count != 2) throw new ArgumentException($"the pair model needs 2 samples, not {twoSamples.Count}");
        if (twoSamples.Labels[0] == twoSamples.Labels[1]) throw new ArgumentException($"the inter pair needs two classes, not {twoSamples.Labels[0]} twice");
        var labels = Enumerable.Repeat(-1.0, NetworkState.Classes).ToArray();
        labels[twoSamples.Labels[0]] = ell;
        labels[twoSamples.Labels[1]] = -ell;
        return new SpanLift(twoSamples, parameters, [new SpanGroup([alpha, PairModel.AlphaB(alpha, branch)], labels, copies)]);
    }
}

/// <summary>
/// What the full network does to one group at a lifted state, read in the span of the samples: the gradient of the cost
/// (∂C/∂α from ∂C/∂M by the pseudo-inverse, ∂C/∂l as it is) and the velocity the training rule makes of it in the span
/// chart (docs/reduced-model.md, "The model"): the memory's step −∂C/∂α divided by its largest-in-sum size Σ|∂C/∂α_i|,
/// projected onto |α|₁ = 1 where the renormalization acts (on the manifold, moving outward), and each label's step
/// −∂C/∂l divided by the largest label gradient, held at ±1 where it pushes outward.
/// </summary>
/// <param name="GradientAlpha">∂C/∂α_i of one copy.</param>
/// <param name="GradientLabels">∂C/∂l_d of one copy.</param>
/// <param name="Alpha">dα_i/dt under the training rule in the span chart.</param>
/// <param name="Labels">dl_d/dt under the training rule.</param>
/// <param name="OutsideSpan">‖∂C/∂M − (∂C/∂α)·σ‖/‖∂C/∂M‖: how much of the network's gradient the samples do not span (round-off for a true reduction).</param>
public sealed record SpanProjection(double[] GradientAlpha, double[] GradientLabels, double[] Alpha, double[] Labels, double OutsideSpan);
