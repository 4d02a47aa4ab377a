using Bifurcations.Analysis;
using Bifurcations.Data;
using Bifurcations.Experiments.Training;
using Bifurcations.Model;
using Bifurcations.Reduced;
using Bifurcations.Training;

namespace Bifurcations.Experiments.Simulations;

/// <summary>One run of paper Fig. 7: where the memories gathered (the saddle's ᾱ), and how many ended as each of the first two classes.</summary>
public sealed record StartBiasRun(double N, [property: System.Text.Json.Serialization.JsonPropertyName("temperatureR")] double ReducedTemperature, int StartClass, double[]? Saddle, int FirstClassCount, int SecondClassCount,
    int Memories, double[]? Predicted);

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

    /// <summary>The run's parameters, training options and start: memories near 0.8·(a sample of the start class), labels ±0.6.</summary>
    public static (NetworkParameters Parameters, TrainingOptions Options, NetworkState Start) Setup(TrainingSet set, int[] classes, double n, double tempR,
        int startClass, SweepOptions options)
    {
        var (memories, epochs, rate, seed) = (options.Memories, options.Epochs, options.Rate, options.Seed);
        if (!classes.Contains(startClass)) throw new InvalidParameterException($"start class {startClass} is not among the digits {string.Join(",", classes)}");
        var p = NetworkParameters.FromReducedTemperature(n, tempR);
        int sample = Enumerable.Range(0, set.Count).First(i => set.Labels[i] == startClass);
        var coefficients = new double[set.Count];
        coefficients[sample] = 0.8;
        var state = new InitialCondition.Combination([coefficients], new LabelRule(-0.6, [(-1, startClass, 0.6)])).Create(memories, set, seed);
        var noise = new InitialCondition.Gaussian(0, 1e-5, 0, 0).Create(memories, set, seed);
        for (int i = 0; i < state.Memories.Length; i++) state.Memories[i] += noise.Memories[i];
        return (p, new TrainingOptions { Rate = rate, Epochs = epochs, Seed = seed }, state);
    }

    /// <summary>From the recorded ᾱ: the saddle at the first split, the final classes, and the three-category model's gathering point.</summary>
    public static StartBiasRun Conclude(TrainingSet set, int[] classes, double n, double tempR, int startClass, int memories, IReadOnlyList<AlphaSnapshot> records)
    {
        var p = NetworkParameters.FromReducedTemperature(n, tempR);
        var splits = new SplitDetector().Detect(records);
        var final = records[^1].AlphaBar.Select(a => Array.IndexOf(a, a.Max())).ToArray();
        var model = ThreeCategoryModel.FromClassMeans(set, classes, p, memories);
        // The group flow on full α handles the negative coefficients of the low-n saddles (off the positive face).
        var predicted = ThreeCategoryContinuation.Settle(model, classes.Select(c => c == startClass ? 0.8 : 0).ToArray(), classes.Select(c => c == startClass ? 0.6 : -0.6).ToArray()).Alpha;
        return new StartBiasRun(n, tempR, startClass, splits.Count > 0 ? splits[0].Parent.Centroid : null,
            final.Count(c => c == 0), final.Count(c => c == 1), memories, predicted);
    }
}
