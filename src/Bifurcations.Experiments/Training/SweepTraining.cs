using Bifurcations.Training;
namespace Bifurcations.Experiments.Training;

/// <summary>
/// The resume cache of a sweep's cells: a cell with a result file is read back, the others are trained by
/// <see cref="StackedRuns"/> (each resuming from its own checkpoint) and write theirs.
/// </summary>
internal static class SweepTraining
{
    /// <summary>
    /// A sweep's cells: those with a result file are read, the others trained (resuming from their checkpoints) and
    /// left to write theirs. Progress is reported in cells, the cells under way counted by the epochs they have done.
    /// </summary>
    public static void Complete<T>(T[] results, Func<int, string> resultPath, Func<string, T> read, Func<int, IStackedRun> run,
        int epochs, int threads, IProgress<int>? progress, CancellationToken cancel)
    {
        var todo = new List<int>();
        for (int i = 0; i < results.Length; i++)
        {
            if (File.Exists(resultPath(i))) results[i] = read(resultPath(i));
            else todo.Add(i);
        }
        int finished = results.Length - todo.Count;
        progress?.Report(finished);
        StackedRuns.Train(todo.Select(run).ToArray(), epochs, threads, progress: new InlineProgress<double>(f => progress?.Report(finished + (int)Math.Floor(f * todo.Count))), cancel: cancel);
        progress?.Report(results.Length);
    }
}
