using Bifurcations.Analysis;

namespace Bifurcations.Reduced;

/// <summary>
/// The class-mean model's predicted cascade without a simulation: where K identical memories gather from the start, the
/// cascade from there (<see cref="Cascade.SeedAt"/>, then <see cref="Cascade.Predict"/>), and its levels read as a
/// simulation's are (<see cref="SplitLevels"/>). Without an unstable mode at the gathering point there is no cascade.
/// </summary>
public sealed record SplitTree(int[] Classes, double Exponent, double ReducedTemperature, MemoryGroup Gathering, CascadePrediction? Cascade,
    IReadOnlyList<SplitLevel> Levels);

/// <summary>Settings of the class-mean split tree.</summary>
public sealed record SplitTreeOptions
{
    /// <summary>Learning rate ε of the group map (the Fig. 4 rate).</summary>
    public double Rate { get; init; } = 0.005;
    /// <summary>Epochs followed from the gathering point (the class-mean cascade settles in about 4 000 at ε = 0.005).</summary>
    public int Epochs { get; init; } = 6000;
    /// <summary>Groups the memories are sorted into along the unstable mode.</summary>
    public int Groups { get; init; } = 20;
    /// <summary>How the levels are read (the simulation's detector by default).</summary>
    public SplitDetector Detector { get; init; } = new();
}

/// <summary>
/// Predicts the cascade of the class-mean three-category model (docs/cascade.md, "The class-mean model"): the group of K
/// identical memories is relaxed from the start to where it gathers, the memories are spread along the fastest unstable
/// mode of difference there as the start's noise would spread them, sorted into groups, and followed with the model.
/// This replaces a tree that split each group in two along its fastest mode at each moment and started every side from
/// no spread: it lost the differences that grew while the parent gathered, and read every split as "1 against the others".
/// </summary>
public static class SplitTreeSolver
{
    /// <summary>The predicted cascade from a start (α over the three representatives, ℓ of the three classes).</summary>
    public static SplitTree Predict(ThreeCategoryModel model, double[] startAlpha, double[] startEll, SplitTreeOptions? options = null)
    {
        var o = options ?? new SplitTreeOptions();
        if (!(o.Rate > 0) || !double.IsFinite(o.Rate) || o.Epochs < 1 || o.Groups < 1) throw new InvalidParameterException($"split tree: rate {o.Rate}, epochs {o.Epochs} and groups {o.Groups} must be positive");
        var gathering = model.Rest(startAlpha, startEll);
        var seed = Cascade.SeedAt(model, [.. gathering.Alpha, .. gathering.Ell], model.Memories, o.Rate);
        if (seed is null) return new SplitTree(model.Classes, model.Parameters.Exponent, model.Parameters.ReducedTemperature, gathering, null, []);
        var cascade = Cascade.Predict(model, seed, o.Rate, o.Epochs, new CascadeOptions { Groups = o.Groups, RecordEvery = 10 });
        return new SplitTree(model.Classes, model.Parameters.Exponent, model.Parameters.ReducedTemperature, gathering, cascade,
            SplitLevels.Read(cascade.Records, cascade.FinalClass, o.Detector));
    }
}
