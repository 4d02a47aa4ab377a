namespace Bifurcations;

/// <summary>
/// Progress reported on the caller's thread, in order (System.Progress posts to the thread pool, so its reports
/// can arrive late and out of order, after the work they describe has finished). Reports from parallel workers reach
/// the callback one at a time.
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
