using Bifurcations.Analysis;
using Bifurcations.Data;
using Bifurcations.Experiments.IO;
using Bifurcations.Experiments.Simulations;
using Bifurcations.Experiments.Sweeps;
using Bifurcations.Reduced;

namespace Bifurcations.Tests;

/// <summary>Paper Fig. 7 from the exact group system, against the simulation from the same start (docs/cascade.md).</summary>
public class StartBiasGroupsTests
{
    static readonly TrainingSet Set = new DigitSelection([1, 7, 9], 20, 1).Select(MnistSet.Embedded);

    [Fact]
    public void TheGroupSystemStartsExactlyWhereTheSimulationDoesUpToItsNoise()
    {
        var (p, _, state) = StartBias.Setup(Set, [1, 7, 9], 25, 0.96, 7, StartBias.PaperOptions);
        var decomposition = new MoorePenrose(Set);
        var (start, spread) = StartBias.GroupStart(Set, decomposition, 7, state);
        int sample = Enumerable.Range(0, Set.Count).First(i => Set.Labels[i] == 7);
        Assert.Equal(0.8, start[sample]);
        Assert.Equal(0.8, start[..Set.Count].Sum(Math.Abs), 1e-15);
        Assert.Equal(Enumerable.Range(0, 10).Select(c => c == 7 ? 0.6 : -0.6), start[Set.Count..]);
        // The spread is the noise's component in the span: start + spread reconstructs memory 0 but for the part outside.
        var system = new GroupSystem(Set, p, [1, 7, 9]);
        var memory = system.Memory(new SpanGroup([.. start[..Set.Count].Zip(spread, (a, b) => a + b)], new double[10], 1));
        var noise = state.Memory(0).ToArray().Zip(system.Memory(new SpanGroup(start[..Set.Count], new double[10], 1)), (a, b) => a - b).ToArray();
        var inSpan = memory.Zip(system.Memory(new SpanGroup(start[..Set.Count], new double[10], 1)), (a, b) => a - b).ToArray();
        double Norm(double[] v) => Math.Sqrt(v.Sum(x => x * x));
        Assert.InRange(Norm(noise), 1e-5 * Math.Sqrt(784) * 0.8, 1e-5 * Math.Sqrt(784) * 1.2); // std 1e-5 per pixel
        Assert.InRange(Norm(inSpan), 1e-7, Norm(noise));                                      // a share of it, ≈ √(60/784)
        double dot = inSpan.Zip(noise).Sum(t => t.First * t.Second);
        Assert.Equal(Norm(inSpan) * Norm(inSpan), dot, 1e-6 * Norm(inSpan) * Norm(inSpan));      // a projection: (Pn)·n = |Pn|²
    }

    [Fact]
    public void FromTheSimulationsStartTheGroupsReachTheSameSaddlesOneOrTwoAsTheSimulation()
    {
        // T_r = 0.96, n = 25: two saddles (the memories split on their way in, ᾱ_1 0.48 from a 1 and 0.19 from a 7);
        // T_r = 1.02, n = 35: one shared saddle, ᾱ_1 ≈ 0.83, reached from both starts near epoch 2 000.
        using var dir = new TempDir();
        var options = StartBias.PaperOptions with { Epochs = 2600 };
        using var folder = RunFolder.Open(dir.Path, StartBiasSweep.Manifest(Set, [1, 7, 9], options));
        var runs = StartBiasSweep.Run(Set, [1, 7, 9], [0.96, 1.02], [25, 35], folder, options);
        StartBiasRun Run(double tr, double n, int start) => runs.Single(r => r.ReducedTemperature == tr && r.N == n && r.StartClass == start);
        foreach (var r in runs)
        {
            Assert.NotNull(r.Saddle);
            Assert.NotNull(r.Groups?.Saddle);
            Assert.True(Math.Abs(r.Saddle![0] - r.Groups!.Saddle![0]) <= StartBiasScore.SaddleTolerance,
                $"T_r {r.ReducedTemperature} n {r.N} from a {r.StartClass}: ᾱ_1 {r.Saddle[0]:F3} simulated, {r.Groups.Saddle[0]:F3} from the groups");
        }
        Assert.InRange(Run(0.96, 25, 1).Groups!.Saddle![0] - Run(0.96, 25, 7).Groups!.Saddle![0], 0.2, 0.4);
        Assert.InRange(Math.Abs(Run(1.02, 35, 1).Groups!.Saddle![0] - Run(1.02, 35, 7).Groups!.Saddle![0]), 0, 0.02);
        Assert.InRange(Run(1.02, 35, 1).Groups!.SplitEpoch!.Value, 1500, 2500);
        var score = StartBiasScore.Of(runs)!;
        Assert.Equal(8, score.Runs);
        Assert.Equal(8, score.SaddlesAgreeing);
        Assert.Equal(4, score.PathsAgreeing);
        // Read back from the folder, the runs are the same (the validation report reads them so).
        var again = Directory.GetFiles(dir.Path, "Tr*.json").Select(StartBiasSweep.ReadRun).ToArray();
        Assert.Equal(8, again.Length);
        Assert.All(again, r => Assert.Equal(Run(r.ReducedTemperature, r.N, r.StartClass).Groups!.FirstClassCount, r.Groups!.FirstClassCount));
    }

    static StartBiasRun Made(double n, int start, double[]? saddle, int first, double[]? groupSaddle, int groupFirst) =>
        new(n, 1.0, start, saddle, first, 100 - first, 100, null, 100, new StartBiasGroups(10, groupSaddle, 100, groupFirst, 100 - groupFirst, 10_000));

    [Fact]
    public void TheScoreCountsEachCriterionAndCanFail()
    {
        double[] a = [0.8, 0.1, 0.1], b = [0.2, 0.7, 0.1];
        StartBiasRun[] perfect = [Made(10, 1, a, 70, a, 70), Made(10, 7, b, 30, b, 30), Made(20, 1, a, 60, a, 60), Made(20, 7, a, 60, a, 60)];
        var s = StartBiasScore.Of(perfect)!;
        Assert.True(s.MeetsTargets);
        Assert.Equal((4, 4, 2, 2, 4), (s.Runs, s.SaddlesAgreeing, s.Cells, s.PathsAgreeing, s.ProportionsAgreeing));
        // A wrong saddle from a 7 at n = 20 (two saddles where the simulation shares one) fails the saddle and the path.
        StartBiasRun[] wrong = [.. perfect[..3], Made(20, 7, a, 60, b, 60)];
        s = StartBiasScore.Of(wrong)!;
        Assert.Equal((3, 1), (s.SaddlesAgreeing, s.PathsAgreeing));
        Assert.False(s.MeetsTargets);
        // Proportions 20 points off fail that criterion alone; a split on one side only is not the same saddle.
        s = StartBiasScore.Of([.. perfect[..3], Made(20, 7, a, 60, a, 80)])!;
        Assert.Equal((4, 3), (s.SaddlesAgreeing, s.ProportionsAgreeing));
        Assert.False(s.MeetsTargets);
        s = StartBiasScore.Of([Made(10, 1, null, 95, a, 95), Made(10, 7, null, 5, null, 5)])!;
        Assert.Equal(1, s.SaddlesAgreeing);
        Assert.Contains("mean |Δᾱ_1| 0.000", StartBiasScore.Of(perfect)!.SaddleErrors);
        // Neither side reaching a saddle agrees, but leaves no error to average: said in words, not as a blank number.
        s = StartBiasScore.Of([Made(10, 7, null, 5, null, 5)])!;
        Assert.Equal((1, "no run reached a saddle in both, so no error to measure"), (s.SaddlesAgreeing, s.SaddleErrors));
        Assert.Null(StartBiasScore.Of([perfect[0] with { Groups = null }]));
    }
}
