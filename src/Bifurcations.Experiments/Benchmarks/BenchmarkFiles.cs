using Bifurcations.Experiments.IO;
using Bifurcations.Training;

namespace Bifurcations.Experiments.Benchmarks;

/// <summary>The benchmarks' CSV tables and the lines that read their results (what the rows mean and how they compare).</summary>
public static class BenchmarkFiles
{
    /// <summary>The training benchmark's rows as CSV.</summary>
    public static void WriteTraining(IReadOnlyList<BenchmarkRow> rows, string path) =>
        CsvOutput.Write(path, ["configuration", "threads", "seconds_per_epoch", "gflops", "runs"],
            rows.Select(x => new object[] { x.Name, x.Threads, x.SecondsPerEpoch, x.Gflops, x.Repetitions }));

    /// <summary>
    /// What the training benchmark shows at K memories and P digits: the work per epoch of the direct algorithm and of the
    /// engine's path, the engine's speed-up over the scalar reference, and its rate beside the GEMM peak.
    /// </summary>
    public static IReadOnlyList<string> TrainingSummary(IReadOnlyList<BenchmarkRow> rows, int memories, int digits)
    {
        int k = memories, p = digits;
        double flops = TrainingBenchmark.FlopsPerEpoch(k, p, 784), engineFlops = TrainingBenchmark.EngineFlopsPerEpoch(k, p, 784);
        var scalar = rows.First(x => x.Name.StartsWith("scalar", StringComparison.Ordinal));
        var best = rows.Where(x => x.Name.StartsWith("SIMD", StringComparison.Ordinal)).MinBy(x => x.SecondsPerEpoch)!;
        var peak = rows.Where(x => x.Name.StartsWith("GEMM", StringComparison.Ordinal)).MaxBy(x => x.Gflops)!;
        bool tracked = OverlapPath.Track(k, p, 784, p, new TrainingOptions());
        return
        [
            FormattableString.Invariant($"K = {k}, P = {p}, N = 784: direct algorithm (scalar reference) {flops / 1e6:F1} MFLOP per epoch (4KPN + 60KP);"),
            tracked
                ? FormattableString.Invariant($"engine with tracked overlaps {engineFlops / 1e6:F1} MFLOP per epoch (2KPN + 2KP² + 60KP + 2KPN/{Trainer.OverlapRefreshEvery}).")
                : FormattableString.Invariant($"engine on the direct path (P above the crossover of docs/performance.md) {engineFlops / 1e6:F1} MFLOP per epoch."),
            FormattableString.Invariant($"engine time / scalar reference time: {scalar.SecondsPerEpoch / best.SecondsPerEpoch:F1}x faster; engine GFLOP/s (performed) / GEMM peak = {100 * best.Gflops / peak.Gflops:F0}%"),
        ];
    }

    /// <summary>The reduced benchmark's rows as CSV.</summary>
    public static void WriteReduced(IReadOnlyList<ReducedBenchmarkRow> rows, string path) =>
        CsvOutput.Write(path, ["task", "milliseconds", "count", "counted"],
            rows.Select(x => new object[] { x.Task, x.Milliseconds, x.FixedPoints, x.Counted }));

    /// <summary>The scaling benchmark's rows as CSV.</summary>
    public static void WriteScaling(IReadOnlyList<ScalingRow> rows, string path) =>
        CsvOutput.Write(path, ["memories", "digits", "threads", "path", "epochs", "epoch_ms", "epoch_gflops", "epoch_share_of_peak", "gemm_ms", "gemm_gflops",
            "gemm_share_of_peak", "peak_per_core_gflops", "bandwidth_gbps", "roofline_gflops", "epoch_share_of_roofline", "speedup_over_authors", "model_bytes", "max_rss_bytes"],
            rows.Select(x => new object?[] { x.Memories, x.Digits, x.Threads, x.Tracked ? "tracked" : "direct", x.Epochs, x.EpochMs, x.EpochGflops, x.EpochShareOfPeak,
                x.GemmMs, x.GemmGflops, x.GemmShareOfPeak, x.PeakPerCoreGflops, x.BandwidthGBps, x.RooflineGflops, x.EpochShareOfRoofline, x.SpeedupOverAuthors, x.ModelBytes, x.MaxRssBytes }));

    /// <summary>How to read the scaling table: the peaks it is measured against and what its columns count.</summary>
    public static IReadOnlyList<string> ScalingNotes(IReadOnlyList<ScalingRow> rows, int threads, AuthorsTimings? authors = null) =>
    [
        FormattableString.Invariant($"{threads} thread(s); FMA peak of one core {rows[0].PeakPerCoreGflops:F1} GFLOP/s (register-only loop); % peak/core = GFLOP/s ÷ threads ÷ that peak."),
        FormattableString.Invariant($"memory read bandwidth {rows[0].BandwidthGBps:F1} GB/s; % roofline = epoch GFLOP/s ÷ min(peak of all threads, flops per byte streamed × bandwidth)."),
        FormattableString.Invariant($"GFLOP/s count what each path performs (direct 4KPN + 60KP; tracked 2KPN + 2KP² + 2KPN/{Trainer.OverlapRefreshEvery} + 60KP); × authors = the authors' numpy trainer's epoch over ours, {(authors ?? AuthorsTimings.Default).Source}."),
        MemoryProbe.PerRow ? "max RSS is each row's own peak (reset between rows)." : "max RSS is the process's peak so far (this system cannot reset it per row).",
    ];
}
