namespace Bifurcations.Training;

/// <summary>
/// The one way the engine spreads work: independent rows over at most <c>threads</c> workers, each
/// taking one contiguous run of rows (one dispatch per worker, not per row: the epoch is short enough
/// that per-row scheduling costs show). Callers give each index its own output, so the result never
/// depends on how the rows are shared out.
/// </summary>
internal static class Parallelism
{
    public static void For(int count, int threads, Action<int> body)
    {
        int workers = Math.Min(threads, count);
        if (workers <= 1)
        {
            for (int i = 0; i < count; i++) body(i);
            return;
        }
        Parallel.For(0, workers, new ParallelOptions { MaxDegreeOfParallelism = workers }, w =>
        {
            int from = (int)((long)count * w / workers), to = (int)((long)count * (w + 1) / workers);
            for (int i = from; i < to; i++) body(i);
        });
    }

    /// <summary>
    /// <see cref="For"/>, with whatever a worker throws rethrown as itself (the first, if several do), as the loop on one
    /// thread would have thrown it: for callers that run a user's function (a field, a map) on several threads.
    /// </summary>
    public static void ForRethrowing(int count, int threads, Action<int> body)
    {
        try
        {
            For(count, threads, body);
        }
        catch (AggregateException e) when (e.Flatten().InnerExceptions.Count > 0)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.Flatten().InnerExceptions[0]).Throw();
        }
    }

    /// <summary>
    /// Independent items on all cores, with the library's own errors rethrown as themselves rather than
    /// wrapped in an AggregateException (a worker's NumericalException must reach the user as one line).
    /// </summary>
    public static void ForEach(int count, Action<int> body)
    {
        try
        {
            For(count, Environment.ProcessorCount, body);
        }
        catch (AggregateException e) when (e.Flatten().InnerExceptions.FirstOrDefault(x => x is BifurcationsException) is { } inner)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(inner).Throw();
        }
    }

    /// <summary>
    /// Independent training runs, one per worker at a time (<paramref name="threads"/> workers, all cores if 0), taken
    /// in order as workers free up (runs differ in length). Each run writes only its own slot, so results do not depend
    /// on the schedule. The library's errors and a cancellation come out as themselves.
    /// </summary>
    public static void ForEachRun(int count, int threads, Action<int> body, CancellationToken cancel = default)
    {
        int workers = Math.Max(1, Math.Min(threads > 0 ? threads : Environment.ProcessorCount, count));
        try
        {
            Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = workers, CancellationToken = cancel }, i =>
            {
                cancel.ThrowIfCancellationRequested();
                body(i);
            });
        }
        catch (AggregateException e) when (e.Flatten().InnerExceptions.FirstOrDefault(x => x is BifurcationsException or OperationCanceledException) is { } inner)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(inner).Throw();
        }
    }
}
