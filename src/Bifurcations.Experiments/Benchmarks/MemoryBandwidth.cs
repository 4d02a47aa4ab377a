using System.Diagnostics;
using System.Runtime.Intrinsics;

namespace Bifurcations.Experiments.Benchmarks;

/// <summary>
/// The machine's measured read bandwidth from main memory: a vector sum over an array far larger than the
/// caches, on all the given threads. With the FMA peak it gives each shape's roofline: a product that reads
/// b bytes per f flops cannot run faster than min(peak, f·bandwidth/b).
/// </summary>
internal static class MemoryBandwidth
{
    public static double MeasureGBps(int threads, double seconds = 2.0)
    {
        const int length = 32 << 20; // 256 MB of doubles
        var data = new double[length];
        Parallel.For(0, threads, w => data.AsSpan(length / threads * w, length / threads).Fill(1)); // touch every page
        double best = 0;
        var total = Stopwatch.StartNew();
        do
        {
            var sw = Stopwatch.StartNew();
            Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, w => Sum(data.AsSpan(length / threads * w, length / threads)));
            best = Math.Max(best, 8.0 * length / threads * threads / sw.Elapsed.TotalSeconds / 1e9);
        } while (total.Elapsed.TotalSeconds < seconds);
        return best;
    }

    static double Sum(ReadOnlySpan<double> x)
    {
        Vector256<double> a = default, b = default, c = default, d = default;
        int i = 0;
        for (; i + 16 <= x.Length; i += 16)
        {
            a += Vector256.Create(x.Slice(i, 4)); b += Vector256.Create(x.Slice(i + 4, 4));
            c += Vector256.Create(x.Slice(i + 8, 4)); d += Vector256.Create(x.Slice(i + 12, 4));
        }
        double s = Vector256.Sum(a + b + c + d);
        for (; i < x.Length; i++) s += x[i];
        return s;
    }
}
