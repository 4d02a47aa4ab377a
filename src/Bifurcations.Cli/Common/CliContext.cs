namespace Bifurcations.Cli.Common;

/// <summary>
/// Where a command writes (the console, or captured writers in tests), and the token that SIGINT, SIGTERM and
/// SIGHUP cancel: every long command watches it, keeps what is finished and says how to resume.
/// </summary>
internal sealed record CliContext(TextWriter Out, TextWriter Error)
{
    public CancellationToken Cancel { get; init; }

    /// <summary>Progress bars only on a real terminal, never in CI logs or captured output.</summary>
    public bool Interactive => ReferenceEquals(Out, Console.Out) && !Console.IsOutputRedirected
        && Environment.GetEnvironmentVariable("CI") is null;
}
