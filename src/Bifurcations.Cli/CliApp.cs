using System.CommandLine;
using Bifurcations.Cli.Commands;

namespace Bifurcations.Cli;

/// <summary>
/// Where a command writes (the console, or captured writers in tests), and the token that SIGINT, SIGTERM and
/// SIGHUP cancel: every long command watches it, keeps what is finished and says how to resume.
/// </summary>
public sealed record CliContext(TextWriter Out, TextWriter Error)
{
    public CancellationToken Cancel { get; init; }

    /// <summary>Progress bars only on a real terminal, never in CI logs or captured output.</summary>
    public bool Interactive => ReferenceEquals(Out, Console.Out) && !Console.IsOutputRedirected
        && Environment.GetEnvironmentVariable("CI") is null;
}

/// <summary>
/// The command-line front end. It only parses, calls the library and reports: every user-facing
/// failure becomes one line on stderr, exit code 2 for usage errors and 1 for data or numerical errors.
/// </summary>
public static class CliApp
{
    public static RootCommand Build(CliContext ctx)
    {
        var root = new RootCommand("Bifurcations: dynamical-systems analysis of learning in dense Hopfield networks (Boukacem et al. 2023).");
        foreach (var command in new[]
                 {
                     ReproduceCommand.Create(ctx),
                     DigitsCommand.Create(ctx),
                     GramCommand.Create(ctx),
                     ExportMnistCommand.Create(ctx),
                     TrainCommand.Create(ctx),
                     BenchCommand.Create(ctx),
                     ReducedCommands.NullclinesCommand(ctx),
                     ReducedCommands.FixedPoints(ctx),
                     ReducedCommands.FlowCommand(ctx),
                     SplitCommand.Create(ctx),
                     ContinueCommand.Create(ctx),
                     Folds2dCommand.Create(ctx),
                     TransitionCommand.Create(ctx),
                     PhaseCommands.Sweep(ctx),
                     PhaseCommands.PhaseDiagram(ctx),
                     PhaseCommands.Merge(ctx),
                     ValidateCommand.Create(ctx),
                     CanalizedSplitsCommand.Create(ctx),
                     SplitTreeCommand.Create(ctx),
                     ThreeCategoryCommand.Create(ctx),
                     PopulationsCommand.Create(ctx),
                     StartBiasCommand.Create(ctx),
                     PrototypesCommand.Create(ctx),
                 })
            root.Subcommands.Add(command);
        return root;
    }

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken cancel = default)
    {
        var ctx = new CliContext(stdout, stderr) { Cancel = cancel };
        var parse = Build(ctx).Parse(args);
        if (parse.Errors.Count > 0)
        {
            stderr.WriteLine($"error: {parse.Errors[0].Message} (see --help)");
            return 2;
        }
        try
        {
            return parse.Invoke(new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false });
        }
        catch (BifurcationsException e)
        {
            stderr.WriteLine($"error: {e.Message}");
            return e.ExitCode;
        }
        catch (AggregateException e) when (e.Flatten().InnerExceptions.FirstOrDefault(x => x is BifurcationsException) is BifurcationsException inner)
        {
            // A library error raised on a worker thread: still one line.
            stderr.WriteLine($"error: {inner.Message}");
            return inner.ExitCode;
        }
        catch (OperationCanceledException)
        {
            stderr.WriteLine("interrupted: finished work is kept; run the same command again to resume");
            return 130;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"error: {e.Message}");
            return 1;
        }
    }
}
