using Bifurcations.Model;

namespace Bifurcations.Experiments.Simulations;

/// <summary>The settings of a split experiment (paper Fig. 5C–D): two memories trained from a hair apart.</summary>
/// <param name="Parameters">n and T.</param>
/// <param name="Rate">The learning rate ε (the paper: 0.0004 at n = 15, 0.0008 at n = 39).</param>
/// <param name="Epochs">Epochs to train.</param>
public sealed record SplitExperimentOptions(NetworkParameters Parameters, double Rate, int Epochs)
{
    /// <summary>The α_A both memories start near.</summary>
    public double Alpha { get; init; } = 0.8;
    /// <summary>The ℓ both memories start near.</summary>
    public double Ell { get; init; } = 0.5;
    /// <summary>The half-separation δ of the two starts, in α and in ℓ.</summary>
    public double Delta { get; init; } = 1e-8;

    /// <summary>This, or an error naming the first value out of range.</summary>
    public SplitExperimentOptions Validated()
    {
        if (!(Rate > 0)) throw new InvalidParameterException($"learning rate {Rate} is invalid: it must be > 0");
        if (Epochs < 1) throw new InvalidParameterException($"epochs = {Epochs} is invalid: at least 1 epoch is needed");
        if (!(Delta >= 0)) throw new InvalidParameterException($"half-separation δ = {Delta} is invalid: it must be ≥ 0");
        if (!(Math.Abs(Alpha) + Delta <= 1)) throw new InvalidParameterException($"start α = {Alpha} ± {Delta} must lie in [−1, 1]");
        if (!(Math.Abs(Ell) + Delta <= 1)) throw new InvalidParameterException($"start ℓ = {Ell} ± {Delta} must lie in [−1, 1]");
        return this;
    }
}
