using System.Diagnostics;
using Bifurcations.Data;
using Bifurcations.Model;
using Bifurcations.Training;

namespace Bifurcations.Experiments.Benchmarks;

/// <summary>One timed configuration: median seconds per epoch (or per call) and the GFLOP/s that implies.</summary>
public sealed record BenchmarkRow(string Name, int Threads, double SecondsPerEpoch, double Gflops, int Repetitions);

/// <summary>
/// Time per training epoch for K memories, P samples, N = 784 pixels, beside the scalar reference and
/// beside the GEMM kernels alone on the same shapes (the measured peak: an epoch cannot beat its two
/// big products). FLOPs of the direct algorithm (what the scalar reference does) are 4KPN (the two K×P×N
/// products) + 60KP (u, ∂C/∂l and the back-propagated label sums over 10 classes); exp, pow and tanh are
/// not counted. Below P ≈ N the engine tracks the overlaps instead of recomputing them (<see cref="OverlapPath"/>),
/// performing 2KPN + 2KP² + 60KP plus 2KPN every <see cref="Trainer.OverlapRefreshEvery"/> epochs; its GFLOP/s
/// are counted with what it actually performs.
/// </summary>
public static class TrainingBenchmark
{
    /// <summary>Floating-point operations of one epoch of the direct algorithm (the scalar reference's work).</summary>
    public static double FlopsPerEpoch(int k, int p, int n) => OverlapPath.EpochFlops(k, p, n, tracked: false);

    /// <summary>Floating-point operations the engine performs per epoch on the overlap path it chooses.</summary>
    public static double EngineFlopsPerEpoch(int k, int p, int n) =>
        OverlapPath.EpochFlops(k, p, n, OverlapPath.Track(k, p, n, p, new TrainingOptions()));

    /// <summary>Times an epoch of the scalar reference, the engine at 1 and all threads, and the GEMM peak, each for about <paramref name="seconds"/>.</summary>
    public static IReadOnlyList<BenchmarkRow> Run(int memories = 100, int perClass = 20, double exponent = 30,
        double seconds = 2.0, IProgress<string>? progress = null)
    {
        var set = new DigitSelection([0, 1, 2, 3, 4, 5, 6, 7, 8, 9], perClass, 0).Select(MnistSet.Embedded);
        var p = NetworkParameters.FromReducedTemperature(exponent, 0.85);
        int k = memories, n = set.Dimension, pp = set.Count;
        double flops = FlopsPerEpoch(k, pp, n);
        var init = new InitialCondition.Gaussian().Create(k, set, 0);
        var rows = new List<BenchmarkRow>();

        progress?.Report("scalar reference");
        var reference = new ScalarReferenceTrainer(set, p, new TrainingOptions { Threads = 1 }, init.Clone());
        rows.Add(Time("scalar reference trainer", 1, Math.Min(seconds, 3), flops, reference.Step));

        foreach (int threads in Threads())
        {
            progress?.Report($"engine, {threads} thread(s)");
            var engine = new Trainer(set, p, new TrainingOptions { Threads = threads }, init.Clone());
            rows.Add(Time("SIMD engine epoch", threads, seconds, EngineFlopsPerEpoch(k, pp, n), () => engine.Step()));
        }

        var a = init.Memories;
        var coef = new double[k * pp];
        for (int i = 0; i < coef.Length; i++) coef[i] = Math.Sin(i);
        foreach (int threads in Threads())
        {
            progress?.Report($"GEMM peak, {threads} thread(s)");
            // On the digits packed once, as the trainer uses them.
            var products = new EpochProducts(set, k, threads);
            rows.Add(Time("GEMM kernels alone (peak)", threads, seconds, products.Flops, () => products.Run(a, coef)));
        }
        return rows;
    }

    static int[] Threads() => Environment.ProcessorCount > 1 ? [1, Environment.ProcessorCount] : [1];

    static BenchmarkRow Time(string name, int threads, double budget, double flops, Action step)
    {
        var (median, count) = MedianTimer.Measure(step, budget, warmups: 2, minCalls: 5, maxCalls: 10_000);
        return new BenchmarkRow(name, threads, median, flops / median / 1e9, count);
    }
}
