using System.Globalization;
using System.Text.Json;
using Bifurcations.Data;
using Bifurcations.Experiments.IO;
using Bifurcations.Model;
using Bifurcations.Training;

namespace Bifurcations.Experiments.Sweeps;

/// <summary>Which phase diagram: one memory on two digits of one class, or two memories on two classes.</summary>
public enum PhaseCase
{
    /// <summary>One memory, two samples of one class, Gaussian start (paper Fig. 6C–E).</summary>
    Intra,
    /// <summary>Two memories, samples of two classes, memory 1 = 0.5A − 0.2B, memory 2 = 0.5B − 0.2A (Fig. 6F–H).</summary>
    Inter,
}

/// <summary>
/// Everything that defines a phase-diagram sweep (docs/transition-line.md): the case, the two digits, the (n, T) grid, the
/// learning rate and epochs. Two result folders can be merged only if their settings are equal.
/// </summary>
public sealed record PhaseSettings(PhaseCase Case, int ClassA, int ClassB, int Seed, double NFrom, double NTo, double NStep,
    double TFrom, double TTo, double TStep, double Rate = 0.001, int Epochs = 10_000, SelectionMode Selection = SelectionMode.Random)
{
    /// <summary>These settings, or a <see cref="InvalidParameterException"/> naming the bad one.</summary>
    public PhaseSettings Validated()
    {
        MnistSet.CheckDigit(ClassA); MnistSet.CheckDigit(ClassB);
        if (Case == PhaseCase.Intra && ClassA != ClassB) throw new InvalidParameterException($"the intra case needs two digits of one class (got {ClassA},{ClassB}); use the pair {ClassA},{ClassA}");
        if (Case == PhaseCase.Inter && ClassA == ClassB) throw new InvalidParameterException($"the inter case needs two classes (got {ClassA},{ClassB})");
        if (!(NFrom >= 1) || !(NTo >= NFrom) || !(NStep > 0)) throw new InvalidParameterException($"the n grid {NFrom}…{NTo} step {NStep} is empty or invalid (n ≥ 1)");
        if (!(TFrom > 0) || !(TTo >= TFrom) || !(TStep > 0)) throw new InvalidParameterException($"the T grid {TFrom}…{TTo} step {TStep} is empty or invalid (T > 0)");
        if (!(Rate > 0)) throw new InvalidParameterException($"learning rate {Rate} is invalid: it must be > 0");
        if (Epochs < 1) throw new InvalidParameterException($"epochs = {Epochs} is invalid: at least 1 epoch is needed");
        Bifurcations.Grid.CheckSize((Math.Floor((NTo - NFrom) / NStep + 1e-9) + 1) * (Math.Floor((TTo - TFrom) / TStep + 1e-9) + 1), "the (n, T) grid");
        return this;
    }

    /// <summary>1 (intra) or 2 (inter).</summary>
    public int Memories => Case == PhaseCase.Intra ? 1 : 2;

    // Derived from the settings, so not written to sweep.json (the grid's tuples would be written as empty objects).
    /// <summary>The grid's exponents.</summary>
    [System.Text.Json.Serialization.JsonIgnore] public IReadOnlyList<double> Ns => Steps(NFrom, NTo, NStep);
    /// <summary>The grid's temperatures.</summary>
    [System.Text.Json.Serialization.JsonIgnore] public IReadOnlyList<double> Temperatures => Steps(TFrom, TTo, TStep);

    /// <summary>Every run of the grid, row by row in T then n; the index fixes which shard runs it.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public IReadOnlyList<(double N, double Temperature)> Grid => [.. Temperatures.SelectMany(t => Ns.Select(n => (n, t)))];

    static double[] Steps(double from, double to, double step) => Bifurcations.Grid.Steps(from, to, step, "sweep");

    /// <summary>The two digits (for intra: two samples of the class), chosen by the seed (or the first ones).</summary>
    public TrainingSet Digits(MnistSet set) => Case == PhaseCase.Intra
        ? new DigitSelection([ClassA], 2, Seed, Selection).Select(set)
        : new DigitSelection([ClassA, ClassB], 1, Seed, Selection).Select(set);

    /// <summary>The initial state of docs/model.md's settings for this case.</summary>
    public NetworkState Initial(TrainingSet digits) => Case == PhaseCase.Intra
        ? new InitialCondition.Gaussian().Create(1, digits, Seed)
        : new InitialCondition.Combination([[0.5, -0.2], [-0.2, 0.5]], new LabelRule(-1, [(0, ClassA, 1), (1, ClassB, 1)])).Create(2, digits, Seed);

    /// <summary>The settings as JSON (sweep.json).</summary>
    public string ToJson() => JsonOutput.Serialize(this);

    /// <summary>Settings read from JSON; unreadable settings are a <see cref="DataException"/> naming <paramref name="name"/>.</summary>
    public static PhaseSettings FromJson(string text, string name)
    {
        try { return JsonOutput.Deserialize<PhaseSettings>(text) ?? throw new DataException($"{name}: empty settings"); }
        catch (Exception e) when (e is JsonException or NotSupportedException or ArgumentException)
        {
            throw new DataException($"{name}: unreadable sweep settings ({e.Message.Split('.')[0].ReplaceLineEndings(" ")})", e);
        }
    }

    static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    /// <summary>The file name stem of the run at (n, T).</summary>
    public static string Key(double n, double t) => string.Create(CultureInfo.InvariantCulture, $"n{n:R}_T{t:R}");
}
