using Bifurcations.Model;

namespace Bifurcations.Reduced;

/// <summary>Which pair the reduced model describes (SPEC §4, §5).</summary>
public enum PairCase
{
    /// <summary>Two digits of different classes a, b: labels l_a = ℓ, l_b = −ℓ, eight labels at −1.</summary>
    Inter,
    /// <summary>Two digits of the same class a: label l_a = ℓ, nine labels at −1.</summary>
    Intra,
}

/// <summary>Which half of the manifold |α_A| + |α_B| = 1 the 2-D (α, ℓ) system lives on.</summary>
public enum ManifoldBranch
{
    /// <summary>α_B = 1 − |α| (the branch of paper Fig. 5).</summary>
    Upper,
    /// <summary>α_B = −1 + |α|.</summary>
    Lower,
}

/// <summary>
/// The problem of the reduced two-digit system: the digits' Gram entries, the network's n, m and T, and
/// the number K of identical memories. K identical memories act as one memory at the effective
/// temperature T_eff = T / K^(1/n), because K·F_n(x/T) = F_n(x/T_eff).
/// </summary>
public sealed record PairModel(GramPair Gram, NetworkParameters Parameters, int Memories = 1, PairCase Case = PairCase.Inter)
{
    public GramPair Gram { get; } = Gram;
    public int Memories { get; } = Memories >= 1 ? Memories : throw new UsageException($"memories K = {Memories} is invalid: at least 1 memory");

    public double Exponent => Parameters.Exponent;
    public double CostExponent => Parameters.CostExponent;
    public double Temperature => Parameters.Temperature;
    public double EffectiveTemperature => Parameters.Temperature / Math.Pow(Memories, 1 / Parameters.Exponent);

    public PairModel WithExponent(double n) => this with { Parameters = new NetworkParameters(n, Parameters.Temperature, Parameters.CostExponent == Parameters.Exponent ? null : Parameters.CostExponent) };
    public PairModel WithTemperature(double t) => this with { Parameters = new NetworkParameters(Parameters.Exponent, t, Parameters.CostExponent == Parameters.Exponent ? null : Parameters.CostExponent) };

    /// <summary>α_B on the given branch of the manifold.</summary>
    public static double AlphaB(double alpha, ManifoldBranch branch) => branch == ManifoldBranch.Upper ? 1 - Math.Abs(alpha) : -1 + Math.Abs(alpha);
}
