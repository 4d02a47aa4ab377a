using System.Diagnostics;

namespace Bifurcations.Experiments.Benchmarks;

/// <summary>
/// The process's peak resident memory (max RSS). On Linux the peak can be reset (writing 5 to
/// /proc/self/clear_refs), so each benchmark row reports its own peak rather than the largest so far.
/// </summary>
public static class MemoryProbe
{
    /// <summary>True if the last reset worked: peaks are then per row, not since the process started.</summary>
    public static bool PerRow { get; private set; }

    /// <summary>Collects the heap and resets the process's peak resident size, so the next reading is the peak of what follows.</summary>
    public static void ResetPeak()
    {
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
            PerRow = true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            PerRow = false;
        }
    }

    /// <summary>VmHWM from /proc/self/status where it exists, else the runtime's peak working set.</summary>
    public static long PeakBytes()
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/self/status"))
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                    return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) * 1024;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException) { }
        using var p = Process.GetCurrentProcess();
        return p.PeakWorkingSet64;
    }
}
