using Bifurcations.Model;

namespace Bifurcations.Reduced;

/// <summary>Which pair the reduced model describes (docs/reduced-model.md, docs/transition-line.md).</summary>
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
    readonly GramPair _gram = CheckDistinct(Gram);
    /// <summary>The pair's Gram entries (A and B must differ).</summary>
    public GramPair Gram { get => _gram; init => _gram = CheckDistinct(value); }
    /// <summary>The number K of identical memories.</summary>
    public int Memories { get; init; } = Memories >= 1 ? Memories : throw new InvalidParameterException($"memories K = {Memories} is invalid: at least 1 memory");

    /// <summary>n.</summary>
    public double Exponent => Parameters.Exponent;
    /// <summary>m.</summary>
    public double CostExponent => Parameters.CostExponent;
    /// <summary>T.</summary>
    public double Temperature => Parameters.Temperature;
    /// <summary>
    /// K as a real number: <see cref="Memories"/>, unless a continuation in K has set a non-integer value
    /// (<see cref="WithCopies"/>); T_eff = T / K^(1/n) is smooth in K.
    /// </summary>
    public double Copies { get; init; } = Memories;

    /// <summary>T_eff = T / K^(1/n).</summary>
    public double EffectiveTemperature => Parameters.Temperature / Math.Pow(Copies, 1 / Parameters.Exponent);

    /// <summary>The model with K = <paramref name="k"/> (real, ≥ 1) identical memories.</summary>
    public PairModel WithCopies(double k) => double.IsFinite(k) && k >= 1
        ? this with { Memories = (int)Math.Min(int.MaxValue, Math.Round(k)), Copies = k }
        : throw new InvalidParameterException($"memories K = {k} is invalid: at least 1 memory");

    /// <summary>The model at exponent <paramref name="n"/> (a cost exponent tied to n stays tied).</summary>
    public PairModel WithExponent(double n) => this with { Parameters = new NetworkParameters(n, Parameters.Temperature, Parameters.CostExponent == Parameters.Exponent ? null : Parameters.CostExponent) };
    /// <summary>The model at temperature <paramref name="t"/>.</summary>
    public PairModel WithTemperature(double t) => this with { Parameters = new NetworkParameters(Parameters.Exponent, t, Parameters.CostExponent == Parameters.Exponent ? null : Parameters.CostExponent) };

    /// <summary>
    /// Two digits that are the same vector (correlation 1 to 1e-9, e.g. G = 753,753,753) leave α_A and α_B undetermined:
    /// the memory is (α_A + α_B)·A whatever the split, and the reduced field's Jacobian is meaningless (it gave an
    /// eigenvalue of −4.5e148). Refused with the correlation named.
    /// </summary>
    static GramPair CheckDistinct(GramPair g)
    {
        double correlation = g.AB / Math.Sqrt(g.AA * g.BB);
        if (Math.Abs(correlation) > 1 - 1e-9)
            throw new InvalidParameterException(FormattableString.Invariant(
                $"the Gram matrix ({g.AA:G6}, {g.AB:G6}, {g.BB:G6}) is singular (correlation {correlation:G12}): the two digits are the same vector up to scale, so the reduced model of two digits is undetermined; pick two different digits"));
        return g;
    }

    /// <summary>α_B on the given branch of the manifold.</summary>
    public static double AlphaB(double alpha, ManifoldBranch branch) => branch == ManifoldBranch.Upper ? 1 - Math.Abs(alpha) : -1 + Math.Abs(alpha);
}
