namespace Bifurcations.Experiments.Artifacts;

/// <summary>
/// A paper artifact's result: it holds the numbers in memory (for the next stage, the validation checks, a notebook)
/// and writes its files on request. <see cref="Summary"/> and <see cref="Warnings"/> are the lines a front end shows.
/// </summary>
public interface IWritable
{
    /// <summary>Writes the artifact's files into <paramref name="folder"/> and returns their paths in the order written.</summary>
    IReadOnlyList<string> Write(string folder);

    /// <summary>What a reader wants to see on the console, one line each.</summary>
    IReadOnlyList<string> Summary { get; }

    /// <summary>What a reader must not miss (a solver that was unsure, a statistic that is undefined), one line each.</summary>
    IReadOnlyList<string> Warnings { get; }
}
