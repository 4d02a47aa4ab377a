using Bifurcations.Analysis;
using Bifurcations.Data;
using Bifurcations.Experiments.Training;
using Bifurcations.Model;
using Bifurcations.Reduced;
using Bifurcations.Training;

namespace Bifurcations.Experiments.Simulations;

/// <summary>
/// One run of paper Fig. 7: where the memories gathered (the saddle's ᾱ, at the first split, and that split's epoch), how
/// many ended as each of the first two classes, the class-mean model's gathering point, and the exact group system's
/// answer from the same start.
/// </summary>
public sealed record StartBiasRun(double N, [property: System.Text.Json.Serialization.JsonPropertyName("temperatureR")] double ReducedTemperature, int StartClass, double[]? Saddle, int FirstClassCount, int SecondClassCount,
    int Memories, double[]? Predicted, int? SplitEpoch = null, StartBiasGroups? Groups = null);

/// <summary>
/// The exact group system's Fig. 7 run (docs/cascade.md, "Path dependence from the group system"): the memories, as
/// <see cref="Groups"/> groups on a line along the start's noise, followed from the start; the saddle is read from its
/// records as from the simulation's, and the final classes counted alike. <see cref="LastEpoch"/> is below the run's
/// epochs where every group had settled.
/// </summary>
public sealed record StartBiasGroups(int Groups, double[]? Saddle, int? SplitEpoch, int FirstClassCount, int SecondClassCount, int LastEpoch);

/// <summary>
/// Paper Fig. 7 (docs/model.md, the paper's settings): 100 memories on three classes (1, 7, 9), all started close to a sample of one
/// class (0.8·A, plus Gaussian noise of std 1e-5 that breaks the exact symmetry between memories), labels
/// −0.6 except +0.6 on that class, ε = 0.01. The saddle reached is the centroid of the memories at the
/// first detected split; the final class of a memory is its largest ᾱ. Beside it, the three-category
/// model's gathering point from the same start.
/// </summary>
public static class StartBias
{
    /// <summary>The paper's settings of a run: 100 memories, ε = 0.01, 10 000 epochs, seed 1.</summary>
    public static SweepOptions PaperOptions { get; } = new() { Rate = 0.01 };

    /// <summary>Groups the exact group system cuts the memories into (a share of 1/10 each at K = 100).</summary>
    public const int DefaultGroups = 10;

    /// <summary>The run's parameters, training options and start: memories near 0.8·(a sample of the start class), labels ±0.6.</summary>
    public static (NetworkParameters Parameters, TrainingOptions Options, NetworkState Start) Setup(TrainingSet set, int[] classes, double n, double tempR,
        int startClass, SweepOptions options)
    {
        var (memories, epochs, rate, seed) = (options.Memories, options.Epochs, options.Rate, options.Seed);
        if (!classes.Contains(startClass)) throw new InvalidParameterException($"start class {startClass} is not among the digits {string.Join(",", classes)}");
        var p = NetworkParameters.FromReducedTemperature(n, tempR);
        var coefficients = new double[set.Count];
        coefficients[StartSample(set, startClass)] = StartCoefficient;
        var state = new InitialCondition.Combination([coefficients], new LabelRule(-0.6, [(-1, startClass, 0.6)])).Create(memories, set, seed);
        var noise = new InitialCondition.Gaussian(0, 1e-5, 0, 0).Create(memories, set, seed);
        for (int i = 0; i < state.Memories.Length; i++) state.Memories[i] += noise.Memories[i];
        return (p, new TrainingOptions { Rate = rate, Epochs = epochs, Seed = seed }, state);
    }

    /// <summary>The memories start at this multiple of the start sample (paper Fig. 7: 0.8·A).</summary>
    const double StartCoefficient = 0.8;

    /// <summary>The sample the memories start near: the first training digit of the start class.</summary>
    static int StartSample(TrainingSet set, int startClass) => Enumerable.Range(0, set.Count).First(i => set.Labels[i] == startClass);

    /// <summary>
    /// The start in the exact group system's coordinates (α over the training digits, then the ten labels), and the
    /// start's noise there: the component in the span of memory 0's noise, one typical draw of what sets the memories
    /// apart (the component outside the span does not act on the others and is left out).
    /// </summary>
    public static (double[] Start, double[] Spread) GroupStart(TrainingSet set, MoorePenrose decomposition, int startClass, NetworkState start)
    {
        int p = set.Count;
        var x = new double[p + NetworkState.Classes];
        x[StartSample(set, startClass)] = StartCoefficient;
        start.Label(0).CopyTo(x.AsSpan(p));
        var alpha = decomposition.Decompose(start.Memory(0).ToArray(), 1).AlphaOf(0);
        var spread = new double[x.Length];
        for (int i = 0; i < p; i++) spread[i] = alpha[i] - x[i];
        return (x, spread);
    }

    /// <summary>
    /// The exact group system's Fig. 7 run from the same start: K memories on a line along the start's noise
    /// (<see cref="Cascade.Line"/>), cut into <paramref name="groups"/> groups and followed for the run's epochs at its rate;
    /// the saddle and final classes read as <see cref="Conclude"/> reads the simulation's.
    /// </summary>
    public static StartBiasGroups PredictGroups(TrainingSet set, int[] classes, NetworkParameters p, (double[] Start, double[] Spread) start, SweepOptions options,
        int groups = DefaultGroups, CancellationToken cancel = default)
    {
        var o = options.Validated();
        var system = new GroupSystem(set, p, classes);
        var seed = Cascade.Line(start.Start, start.Spread, o.Memories);
        // Settling is read on the step's two-cycle too; 1e-10 is far below any spread that could still come apart.
        var cascade = Cascade.Predict(system, seed, o.Rate, o.Epochs, new CascadeOptions { Groups = groups, RecordEvery = RecordEvery, SettleTolerance = 1e-10 }, cancel: cancel);
        var splits = new SplitDetector().Detect(cascade.Records);
        return new StartBiasGroups(Math.Min(groups, o.Memories), splits.Count > 0 ? splits[0].Parent.Centroid : null, splits.Count > 0 ? splits[0].Epoch : null,
            cascade.FinalClass.Count(c => c == classes[0]), cascade.FinalClass.Count(c => c == classes[1]), cascade.LastEpoch);
    }

    /// <summary>Epochs between the ᾱ records a run is read from (simulation and group system alike).</summary>
    public const int RecordEvery = 20;

    /// <summary>From the recorded ᾱ: the saddle at the first split, the final classes, and the three-category model's gathering point.</summary>
    public static StartBiasRun Conclude(TrainingSet set, int[] classes, double n, double tempR, int startClass, int memories, IReadOnlyList<AlphaSnapshot> records)
    {
        var p = NetworkParameters.FromReducedTemperature(n, tempR);
        var splits = new SplitDetector().Detect(records);
        var final = records[^1].AlphaBar.Select(a => Array.IndexOf(a, a.Max())).ToArray();
        var model = ThreeCategoryModel.FromClassMeans(set, classes, p, memories);
        // The group flow on full α handles the negative coefficients of the low-n saddles (off the positive face).
        var predicted = ThreeCategoryContinuation.Settle(model, classes.Select(c => c == startClass ? StartCoefficient : 0).ToArray(), classes.Select(c => c == startClass ? 0.6 : -0.6).ToArray()).Alpha;
        return new StartBiasRun(n, tempR, startClass, splits.Count > 0 ? splits[0].Parent.Centroid : null,
            final.Count(c => c == 0), final.Count(c => c == 1), memories, predicted, splits.Count > 0 ? splits[0].Epoch : null);
    }
}
