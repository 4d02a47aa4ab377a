using System.Diagnostics;
using Bifurcations.Data;
using Bifurcations.Experiments.IO;
using Bifurcations.Model;
using Bifurcations.Training;

namespace Bifurcations.Experiments.Benchmarks;

/// <summary>
/// One shape of <see cref="ScalingBenchmark"/>: the engine's epoch and its two big products alone, with the
/// flops each performs, as shares of the measured FMA peak per core, and the memory the run used.
/// </summary>
public sealed record ScalingRow(
    int Memories, int Digits, int Threads, bool Tracked, int Epochs,
    double EpochMs, double EpochGflops, double GemmMs, double GemmGflops, double PeakPerCoreGflops, double BandwidthGBps,
    double ModelBytes, long MaxRssBytes)
{
    /// <summary>
    /// The epoch's roofline: the FMA peak of all threads, or what main memory can feed if every epoch streams the
    /// digits through both products (2·8PN bytes; the work arrays are one block of digits wide, in cache up to K = 128),
    /// whichever is lower. Shapes whose digits fit in the caches can beat the memory term.
    /// </summary>
    public double RooflineGflops => Math.Min(Threads * PeakPerCoreGflops, 4.0 * Memories * Digits * 784 / (16.0 * Digits * 784) * BandwidthGBps);
    /// <summary>The epoch's speed as a share of the roofline (the better of the FMA peak and the bandwidth bound).</summary>
    public double EpochShareOfRoofline => EpochGflops / RooflineGflops;
    /// <summary>The engine's GFLOP/s per core over the single-core FMA peak.</summary>
    public double EpochShareOfPeak => EpochGflops / Threads / PeakPerCoreGflops;
    /// <summary>The products' speed per thread as a share of one core's FMA peak.</summary>
    public double GemmShareOfPeak => GemmGflops / Threads / PeakPerCoreGflops;
    /// <summary>The authors' numpy trainer at this K and P (<see cref="AuthorsTimings"/>); null where K was not timed.</summary>
    public double? AuthorsMsPerEpoch { get; init; }
    /// <summary>How many times faster than the authors' numpy trainer timed at the same size (null where it was not timed).</summary>
    public double? SpeedupOverAuthors => AuthorsMsPerEpoch / EpochMs;
}

/// <summary>
/// Speed and memory of a training epoch across K memories × P digits (N = 784, n = 30, T_r = 0.85, the
/// paper's full-batch rule), each shape beside its two K×P×N products alone on the same packed operands
/// and beside the register-only FMA peak (<see cref="FmaPeak"/>). Digits are the first P of the given set
/// (an <see cref="EnlargedSet"/> read back through the IDX reader reaches 60 000).
/// </summary>
public static class ScalingBenchmark
{
    /// <summary>The authors' numpy trainer (OpenBLAS, same machine class) measured 74 ms per epoch at K = 100, P = 200 and 899 ms at P = 2 000: about 0.45 ms per digit.</summary>
    public const double AuthorsMsPerDigitAtK100 = 0.45;

    /// <summary>Times one epoch for every K in <paramref name="memories"/> and P in <paramref name="digits"/> (the first P of the set), with the products alone and the peak resident size.</summary>
    public static IReadOnlyList<ScalingRow> Run(MnistSet set, int[] memories, int[] digits, int threads, double seconds,
        IProgress<string>? progress = null, AuthorsTimings? authors = null)
    {
        authors ??= AuthorsTimings.Default;
        var parameters = NetworkParameters.FromReducedTemperature(30, 0.85);
        progress?.Report("FMA peak of one core");
        double peak = FmaPeak.Measure(1, 1.0);

        var rows = new List<ScalingRow>();
        foreach (int p in digits)
        {
            var training = EnlargedSet.Prefix(set, p);
            foreach (int k in memories)
            {
                progress?.Report($"K = {k}, P = {p}");
                // Aggressive: the previous row's arrays are given back to the system, not kept for reuse, so they are not in this row's peak.
                GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
                MemoryProbe.ResetPeak();
                var options = new TrainingOptions { Threads = threads };
                var trainer = new Trainer(training, parameters, options, new InitialCondition.Gaussian().Create(k, training, 0));
                bool tracked = OverlapPath.Track(k, p, training.Dimension, p, options);
                var (epochMs, epochs) = Time(() => trainer.Step(), seconds);
                double epochFlops = OverlapPath.EpochFlops(k, p, training.Dimension, tracked);
                long rss = MemoryProbe.PeakBytes(); // before the products' own copies below

                var products = new EpochProducts(training, k, threads);
                var memoriesCopy = trainer.State.Memories;
                var coefficients = new double[(long)k * p];
                for (long i = 0; i < coefficients.Length; i++) coefficients[i] = Math.Sin(i);
                var (gemmMs, _) = Time(() => products.Run(memoriesCopy, coefficients), seconds / 2);
                double gemmFlops = products.Flops;
                rows.Add(new ScalingRow(k, p, threads, tracked, epochs, epochMs, epochFlops / epochMs / 1e6,
                    gemmMs, gemmFlops / gemmMs / 1e6, peak, double.NaN, OverlapPath.Bytes(k, p, p, training.Dimension, tracked), rss)
                { AuthorsMsPerEpoch = authors.MsPerEpoch(k, p) });
            }
        }
        // Last, so its 256 MB array is not in any row's resident memory.
        progress?.Report("read bandwidth of main memory");
        double bandwidth = MemoryBandwidth.MeasureGBps(threads);
        return rows.Select(r => r with { BandwidthGBps = bandwidth }).ToList();
    }

    /// <summary>
    /// The digits of a scaling run: the IDX folder given, or else the embedded digits enlarged to <paramref name="largest"/>
    /// (one-pixel shifts after the originals), written as IDX to a temporary folder and read back, so the run goes through
    /// the same reader as a downloaded MNIST.
    /// </summary>
    public static MnistSet Digits(int largest, string? mnistFolder, IProgress<string>? progress = null)
    {
        if (mnistFolder is not null) return MnistSet.LoadFolder(mnistFolder);
        var tmp = Directory.CreateTempSubdirectory("bifurcations-mnist-");
        try
        {
            progress?.Report($"writing {largest} digits (the embedded ones, then one-pixel shifts) as IDX to {tmp.FullName}…");
            MnistFiles.WriteFolder(EnlargedSet.Create(MnistSet.Embedded, Math.Max(largest, MnistSet.Embedded.Count)), tmp.FullName);
            return MnistSet.LoadFolder(tmp.FullName);
        }
        finally { tmp.Delete(recursive: true); }
    }

    /// <summary>Median milliseconds of <paramref name="step"/> after one warm-up call, within a time budget (at least 3 calls).</summary>
    static (double Ms, int Count) Time(Action step, double budget)
    {
        var (seconds, count) = MedianTimer.Measure(step, budget, warmups: 1, minCalls: 3, maxCalls: 1000);
        return (1e3 * seconds, count);
    }

    /// <summary>
    /// The engine against the scalar reference trainer on the same digits (e.g. all 60 000), from the same start,
    /// for a few epochs: the largest |difference| of a memory pixel and of a label (both live in [-1, 1]).
    /// </summary>
    public static (double Memory, double Label, double EngineSeconds, double ReferenceSeconds) CheckAgainstReference(
        TrainingSet set, int memories, int epochs, int threads)
    {
        var parameters = NetworkParameters.FromReducedTemperature(30, 0.85);
        var start = new InitialCondition.Gaussian().Create(memories, set, 0);
        var sw = Stopwatch.StartNew();
        var engine = new Trainer(set, parameters, new TrainingOptions { Threads = threads }, start.Clone());
        for (int e = 0; e < epochs; e++) engine.Step();
        double engineSeconds = sw.Elapsed.TotalSeconds;
        sw.Restart();
        var reference = new ScalarReferenceTrainer(set, parameters, new TrainingOptions { Threads = 1 }, start.Clone());
        for (int e = 0; e < epochs; e++) reference.Step();
        double referenceSeconds = sw.Elapsed.TotalSeconds;
        static double MaxDiff(double[] a, double[] b) => a.Zip(b, (x, y) => Math.Abs(x - y)).Max();
        return (MaxDiff(engine.State.Memories, reference.State.Memories), MaxDiff(engine.State.Labels, reference.State.Labels),
            engineSeconds, referenceSeconds);
    }
}
