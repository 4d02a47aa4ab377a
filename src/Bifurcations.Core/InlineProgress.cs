namespace Bifurcations;

/// <summary>
/// Progress reported synchronously, on the thread that reports it (System.Progress posts to the thread pool, so its
/// reports can arrive late, after the work they describe has finished). Reports from parallel workers reach the
/// callback one at a time, but not necessarily in the order their values were formed.
/// </summary>
/// <param name="report">Called with each report, synchronously.</param>
public sealed class InlineProgress<T>(Action<T> report) : IProgress<T>
{
    readonly Lock _gate = new();

    /// <inheritdoc/>
    public void Report(T value)
    {
        lock (_gate) report(value);
    }
}
