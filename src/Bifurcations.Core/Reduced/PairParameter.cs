using Bifurcations.Model;

namespace Bifurcations.Reduced;

/// <summary>The model parameters a pair-system continuation can follow.</summary>
public enum PairParameterKind
{
    /// <summary>The exponent n.</summary>
    Exponent,
    /// <summary>The temperature T.</summary>
    Temperature,
    /// <summary>The rescaled temperature T_r = T/784.</summary>
    ReducedTemperature,
    /// <summary>The number K of identical memories.</summary>
    Memories,
    /// <summary>G_AA.</summary>
    GramAA,
    /// <summary>G_AB.</summary>
    GramAB,
    /// <summary>G_BB.</summary>
    GramBB,
}

/// <summary>
/// Derivatives of the field's inputs with respect to one parameter: of n, of m, of log T_eff and of the three Gram
/// entries. <see cref="PairTerms"/> carries them as dual numbers, so the Jacobian's parameter column is exact.
/// </summary>
public readonly record struct PairSeed(double Exponent, double CostExponent, double LogTemperature, double GramAA, double GramAB, double GramBB);

/// <summary>
/// A parameter selector: which parameter of a <see cref="PairModel"/> a continuation varies, its name on the
/// command line, its valid domain, the model at a value, and the seed of the exact derivative. The rest of the model
/// (the other parameters) comes from the base model it is applied to (docs/continuation.md, "Parameters").
/// </summary>
public sealed record PairParameter(PairParameterKind Kind)
{
    /// <summary>The exponent n.</summary>
    public static readonly PairParameter Exponent = new(PairParameterKind.Exponent);
    /// <summary>The temperature T.</summary>
    public static readonly PairParameter Temperature = new(PairParameterKind.Temperature);
    /// <summary>The rescaled temperature T_r = T/784.</summary>
    public static readonly PairParameter ReducedTemperature = new(PairParameterKind.ReducedTemperature);
    /// <summary>The number K of identical memories, as a real number.</summary>
    public static readonly PairParameter Memories = new(PairParameterKind.Memories);
    /// <summary>G_AA.</summary>
    public static readonly PairParameter GramAA = new(PairParameterKind.GramAA);
    /// <summary>G_AB.</summary>
    public static readonly PairParameter GramAB = new(PairParameterKind.GramAB);
    /// <summary>G_BB.</summary>
    public static readonly PairParameter GramBB = new(PairParameterKind.GramBB);

    /// <summary>Every parameter.</summary>
    public static IReadOnlyList<PairParameter> All { get; } = [Exponent, Temperature, ReducedTemperature, Memories, GramAA, GramAB, GramBB];

    /// <summary>The name the command line and the JSON use: n, temperature, temp-r, memories, gaa, gab, gbb.</summary>
    public string Name => Kind switch
    {
        PairParameterKind.Exponent => "n",
        PairParameterKind.Temperature => "temperature",
        PairParameterKind.ReducedTemperature => "temp-r",
        PairParameterKind.Memories => "memories",
        PairParameterKind.GramAA => "gaa",
        PairParameterKind.GramAB => "gab",
        _ => "gbb",
    };

    /// <summary>The parameter's name.</summary>
    public override string ToString() => Name;

    /// <summary>The parameter of a name, case-insensitive and trimmed; null if there is none.</summary>
    public static PairParameter? Find(string name) =>
        All.FirstOrDefault(p => string.Equals(p.Name, name.Trim(), StringComparison.OrdinalIgnoreCase));

    /// <summary>The parameter of a name (n, temperature, temp-r, memories, gram-aa, gram-ab, gram-bb), or a <see cref="InvalidParameterException"/>.</summary>
    public static PairParameter Parse(string name) =>
        Find(name)
        ?? throw new InvalidParameterException($"unknown parameter '{name}': expected one of {string.Join(", ", All.Select(p => p.Name))}");

    /// <summary>The parameter's value in a model.</summary>
    public double ValueOf(PairModel model) => Kind switch
    {
        PairParameterKind.Exponent => model.Exponent,
        PairParameterKind.Temperature => model.Temperature,
        PairParameterKind.ReducedTemperature => model.Temperature / NetworkParameters.PixelCount,
        PairParameterKind.Memories => model.Copies,
        PairParameterKind.GramAA => model.Gram.AA,
        PairParameterKind.GramAB => model.Gram.AB,
        _ => model.Gram.BB,
    };

    /// <summary>
    /// The open interval of valid values given the rest of <paramref name="model"/>: n ≥ 1, T &gt; 0, K ≥ 1, and a Gram
    /// matrix with |correlation| below 1 − 1e-9 (two digits that stay distinct).
    /// </summary>
    public (double Min, double Max) Domain(PairModel model)
    {
        var g = model.Gram;
        const double margin = 1 - 1e-9;
        return Kind switch
        {
            PairParameterKind.Exponent => (1, PairTerms.MaxExponent),
            PairParameterKind.Temperature => (0, double.PositiveInfinity),
            PairParameterKind.ReducedTemperature => (0, double.PositiveInfinity),
            PairParameterKind.Memories => (1, 1e15),
            PairParameterKind.GramAA => (g.AB * g.AB / (g.BB * margin * margin), double.PositiveInfinity),
            PairParameterKind.GramAB => (-margin * Math.Sqrt(g.AA * g.BB), margin * Math.Sqrt(g.AA * g.BB)),
            _ => (g.AB * g.AB / (g.AA * margin * margin), double.PositiveInfinity),
        };
    }

    /// <summary>Whether p lies inside the domain (strictly; n = 1 and K = 1 are allowed).</summary>
    public bool IsValid(PairModel model, double p)
    {
        var (lo, hi) = Domain(model);
        bool closedBelow = Kind is PairParameterKind.Exponent or PairParameterKind.Memories;
        return double.IsFinite(p) && (closedBelow ? p >= lo : p > lo) && p < hi;
    }

    /// <summary>The model at p; a <see cref="InvalidParameterException"/> names a value outside the domain.</summary>
    public PairModel At(PairModel model, double p)
    {
        if (!IsValid(model, p))
        {
            var (lo, hi) = Domain(model);
            throw new InvalidParameterException(FormattableString.Invariant($"{Name} = {p:G6} is outside its domain ({lo:G6}, {hi:G6}) for this model"));
        }
        var g = model.Gram;
        return Kind switch
        {
            PairParameterKind.Exponent => model.WithExponent(p),
            PairParameterKind.Temperature => model.WithTemperature(p),
            PairParameterKind.ReducedTemperature => model.WithTemperature(p * NetworkParameters.PixelCount),
            PairParameterKind.Memories => model.WithCopies(p),
            PairParameterKind.GramAA => model with { Gram = new GramPair(p, g.AB, g.BB) },
            PairParameterKind.GramAB => model with { Gram = new GramPair(g.AA, p, g.BB) },
            _ => model with { Gram = new GramPair(g.AA, g.AB, p) },
        };
    }

    /// <summary>The derivatives of the field's inputs with respect to this parameter, at <paramref name="model"/>.</summary>
    public PairSeed Seed(PairModel model)
    {
        double n = model.Exponent;
        bool tied = model.CostExponent == model.Exponent;
        return Kind switch
        {
            // log T_eff = log T − log K / n.
            PairParameterKind.Exponent => new(1, tied ? 1 : 0, Math.Log(model.Copies) / (n * n), 0, 0, 0),
            PairParameterKind.Temperature => new(0, 0, 1 / model.Temperature, 0, 0, 0),
            PairParameterKind.ReducedTemperature => new(0, 0, NetworkParameters.PixelCount / model.Temperature, 0, 0, 0),
            PairParameterKind.Memories => new(0, 0, -1 / (n * model.Copies), 0, 0, 0),
            PairParameterKind.GramAA => new(0, 0, 0, 1, 0, 0),
            PairParameterKind.GramAB => new(0, 0, 0, 0, 1, 0),
            _ => new(0, 0, 0, 0, 0, 1),
        };
    }

    /// <summary>
    /// The range a diagram covers by default: n 1.5–72, T_r 0.55–1.25 (T 431–980), K 1–10, G_AB between 0.1 and 0.97 of
    /// √(G_AA·G_BB), a diagonal from the lowest value the other two allow (or 300) to 784 — the realistic range
    /// (docs/reduced-model.md, "Range").
    /// </summary>
    public (double From, double To) DefaultRange(PairModel model)
    {
        var g = model.Gram;
        double root = Math.Sqrt(g.AA * g.BB);
        (double, double) Diagonal(double other) { double lo = Math.Max(300, g.AB * g.AB / (other * 0.97 * 0.97)); return (lo, Math.Max(784, 1.5 * lo)); }
        return Kind switch
        {
            PairParameterKind.Exponent => (1.5, 72),
            PairParameterKind.Temperature => (0.55 * NetworkParameters.PixelCount, 1.25 * NetworkParameters.PixelCount),
            PairParameterKind.ReducedTemperature => (0.55, 1.25),
            PairParameterKind.Memories => (1, 10),
            PairParameterKind.GramAB => (0.1 * root, 0.97 * root),
            PairParameterKind.GramAA => Diagonal(g.BB),
            _ => Diagonal(g.AA),
        };
    }

    /// <summary>
    /// The change of the parameter that weighs as much as a unit change of α in the arclength: 20 for n (the diagram
    /// spans n ~ 1–80), 5% of the value for temperatures and K, 2% of the diagonal for Gram entries.
    /// </summary>
    public double Scale(PairModel model) => Kind switch
    {
        PairParameterKind.Exponent => 20,
        PairParameterKind.Temperature => 0.05 * model.Temperature,
        PairParameterKind.ReducedTemperature => 0.05 * model.Temperature / NetworkParameters.PixelCount,
        PairParameterKind.Memories => Math.Max(1, 0.5 * model.Copies),
        _ => 0.02 * Math.Sqrt(model.Gram.AA * model.Gram.BB),
    };
    /// <summary>Whether this is one of the network's own parameters (n, T, T_r): the only ones a span system has.</summary>
    public bool IsNetworkParameter => Kind is PairParameterKind.Exponent or PairParameterKind.Temperature or PairParameterKind.ReducedTemperature;

    PairParameterKind NetworkKind => IsNetworkParameter ? Kind
        : throw new InvalidParameterException($"parameter '{Name}' belongs to the pair system only: a span system (e.g. three categories) takes n, temperature or temp-r");

    /// <summary>The parameter's value in a span system's network parameters.</summary>
    public double ValueOf(NetworkParameters p) => NetworkKind switch
    {
        PairParameterKind.Exponent => p.Exponent,
        PairParameterKind.Temperature => p.Temperature,
        _ => p.ReducedTemperature,
    };

    /// <summary>Whether p is a valid value for the network (n ≥ 1, T &gt; 0, finite).</summary>
    public bool IsValid(NetworkParameters parameters, double p) =>
        double.IsFinite(p) && (NetworkKind == PairParameterKind.Exponent ? p >= 1 && p < PairTerms.MaxExponent : p > 0);

    /// <summary>The network parameters at p (a cost exponent tied to n stays tied); a <see cref="InvalidParameterException"/> names a bad value.</summary>
    public NetworkParameters At(NetworkParameters parameters, double p)
    {
        bool tied = parameters.CostExponent == parameters.Exponent;
        return NetworkKind switch
        {
            PairParameterKind.Exponent => new NetworkParameters(p, parameters.Temperature, tied ? null : parameters.CostExponent),
            PairParameterKind.Temperature => new NetworkParameters(parameters.Exponent, p, parameters.CostExponent),
            _ => new NetworkParameters(parameters.Exponent, p * NetworkParameters.PixelCount, parameters.CostExponent),
        };
    }

    /// <summary>The arclength scale of the parameter in a span system (as <see cref="Scale(PairModel)"/>).</summary>
    public double Scale(NetworkParameters p) => NetworkKind switch
    {
        PairParameterKind.Exponent => 20,
        PairParameterKind.Temperature => 0.05 * p.Temperature,
        _ => 0.05 * p.ReducedTemperature,
    };
}
