namespace Bifurcations.Training;

/// <summary>
/// The one way the engine spreads work: independent rows over at most <c>threads</c> workers. Callers
/// give each index its own output, so the result never depends on how the rows are shared out.
/// </summary>
internal static class Parallelism
{
    public static void For(int count, int threads, Action<int> body)
    {
        if (threads <= 1 || count <= 1)
            for (int i = 0; i < count; i++) body(i);
        else
            Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = threads }, body);
    }
}
