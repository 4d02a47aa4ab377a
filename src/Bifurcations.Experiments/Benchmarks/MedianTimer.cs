using System.Diagnostics;

namespace Bifurcations.Experiments.Benchmarks;

/// <summary>The one way benchmarks time a step: warm-up calls, then repeated calls within a budget; the median.</summary>
internal static class MedianTimer
{
    /// <returns>The median seconds of one call and how many calls were timed.</returns>
    public static (double Seconds, int Count) Measure(Action step, double budgetSeconds, int warmups, int minCalls, int maxCalls)
    {
        for (int i = 0; i < warmups; i++) step(); // the JIT and the caches
        var times = new List<double>();
        var total = Stopwatch.StartNew();
        while (times.Count < minCalls || (total.Elapsed.TotalSeconds < budgetSeconds && times.Count < maxCalls))
        {
            var sw = Stopwatch.StartNew();
            step();
            times.Add(sw.Elapsed.TotalSeconds);
        }
        times.Sort();
        return (times[times.Count / 2], times.Count);
    }
}
