using Bifurcations.Analysis;
using Bifurcations.Data;
using Bifurcations.Model;
using Bifurcations.Reduced;
using Bifurcations.Training;

namespace Bifurcations.Experiments.Simulations;

/// <summary>A split seen in a simulation: epoch, parent centroid in ᾱ, and the final classes of each side (those making at least a tenth of it).</summary>
public sealed record ObservedSplit(int Epoch, double[] Location, int[] Left, int[] Right, int LeftSize, int RightSize)
{
    /// <summary>The split as {left classes} | {right classes}.</summary>
    public string Describe() => $"{{{string.Join(",", Left)}}} | {{{string.Join(",", Right)}}}";
}

/// <summary>Paper Fig. 4 by simulation, with the reduced model's prediction beside it.</summary>
public sealed record CanalizedSplitsResult(int[] Classes, double Exponent, double ReducedTemperature, IReadOnlyList<AlphaSnapshot> Records,
    IReadOnlyList<SplitEvent> Splits, int[] FinalClass, ThreeCategoryPrediction? Prediction, SplitTree? Tree)
{
    /// <summary>The observed levels of the cascade (docs/cascade.md, "Scoring"), read as the predicted ones are.</summary>
    public IReadOnlyList<SplitLevel> Levels { get; init; } = [];

    /// <summary>Every detected split with the final classes on each side (the two largest children), in epoch order.</summary>
    public IReadOnlyList<ObservedSplit> ObservedSplits => Splits.Select(s =>
    {
        var two = s.Children.OrderByDescending(c => c.Members.Length).Take(2).OrderByDescending(c => c.Centroid[0]).ToArray();
        int[] Of(MemoryCluster c) => c.Members.GroupBy(m => FinalClass[m]).Where(g => g.Count() * 10 >= c.Members.Length).Select(g => g.Key).Order().ToArray();
        return new ObservedSplit(s.Epoch, s.Parent.Centroid, Of(two[0]), Of(two[1]), two[0].Members.Length, two[1].Members.Length);
    }).ToArray();

    /// <summary>The first observed split: which class went off alone, and where (parent centroid in ᾱ).</summary>
    public (int Class, double[] Location)? FirstSplit
    {
        get
        {
            if (Splits.Count == 0) return null;
            var s = Splits[0];
            // For each class, the share of its memories (by final class) in the largest child; the class whose
            // share is farthest from the other two classes' went its own way.
            var big = s.Children.MaxBy(c => c.Members.Length)!;
            var members = s.Parent.Members;
            var share = Classes.Select(cl =>
            {
                var of = members.Where(m => FinalClass[m] == cl).ToArray();
                return of.Length == 0 ? double.NaN : (double)of.Count(big.Members.Contains) / of.Length;
            }).ToArray();
            int odd = Enumerable.Range(0, 3).Where(i => !double.IsNaN(share[i]))
                .MaxBy(i => Math.Abs(share[i] - Enumerable.Range(0, 3).Where(j => j != i && !double.IsNaN(share[j])).Select(j => share[j]).DefaultIfEmpty(share[i]).Average()));
            return (Classes[odd], s.Parent.Centroid);
        }
    }

    /// <summary>
    /// Trains K memories on the chosen digits (Gaussian start, docs/model.md), records ᾱ of the three classes every
    /// <see cref="CanalizedSplitsOptions.RecordEvery"/> epochs, detects splits, and asks the three-category model (class
    /// means of the same digits, K identical memories) where the memories gather from a "1"-like state and how they split.
    /// </summary>
    public static CanalizedSplitsResult Run(TrainingSet set, CanalizedSplitsOptions options, IProgress<int>? progress = null)
    {
        var (classes, n, tempR, memories, epochs) = (options.Classes, options.Exponent, options.ReducedTemperature, options.Memories, options.Epochs);
        var (rate, seed, recordEvery, detector, treeOptions) = (options.Rate, options.Seed, options.RecordEvery, options.Detector, options.Tree);
        var p = NetworkParameters.FromReducedTemperature(n, tempR);
        var trainer = new Trainer(set, p, new TrainingOptions { Rate = rate, Epochs = epochs, Seed = seed }, new InitialCondition.Gaussian().Create(memories, set, seed));
        var records = AlphaRecording.Train(trainer, set, classes, epochs, recordEvery, progress);
        var final = records[^1].AlphaBar.Select(a => classes[Array.IndexOf(a, a.Max())]).ToArray();
        var splits = detector.Detect(records);
        var model = ThreeCategoryModel.FromClassMeans(set, classes, p, memories);
        var prediction = model.Gather([0.8, 0.1, 0, 0, 0]);
        var tree = SplitTreeSolver.Predict(model, [0.8, 0.1, 0.1], [0, 0, 0], treeOptions);
        return new CanalizedSplitsResult(classes, n, tempR, records, splits, final, prediction, tree) { Levels = SplitLevels.Read(records, final, detector) };
    }
}

/// <summary>What the Fig. 4 simulation trains and how it reads the splits.</summary>
/// <param name="Classes">The three classes (the paper: 1, 4, 7).</param>
/// <param name="Exponent">n.</param>
/// <param name="ReducedTemperature">T_r = T/784.</param>
public sealed record CanalizedSplitsOptions(int[] Classes, double Exponent, double ReducedTemperature)
{
    /// <summary>K (the paper: 100).</summary>
    public int Memories { get; init; } = 100;
    /// <summary>Epochs to train.</summary>
    public int Epochs { get; init; } = 3500;
    /// <summary>Learning rate ε.</summary>
    public double Rate { get; init; } = 0.005;
    /// <summary>Seed of the Gaussian start.</summary>
    public int Seed { get; init; } = 1;
    /// <summary>Epochs between ᾱ records.</summary>
    public int RecordEvery { get; init; } = 10;
    /// <summary>How memories are grouped and splits detected.</summary>
    public SplitDetector Detector { get; init; } = new();
    /// <summary>How the class-mean model's cascade is predicted.</summary>
    public SplitTreeOptions? Tree { get; init; }
}
