using System.CommandLine;
using Bifurcations.Cli.Commands;
using Bifurcations.Cli.Common;
using Bifurcations.Experiments.IO;

namespace Bifurcations.Cli;

/// <summary>
/// The command-line front end. It only parses, calls the library and reports: every user-facing
/// failure becomes one line on stderr, exit code 2 for usage errors and 1 for data or numerical errors.
/// </summary>
internal static class CliApp
{
    static string FirstLine(string message) => message.Split('\n')[0].Trim();

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
                     CascadeCommand.Create(ctx),
                     CascadeGridCommand.Create(ctx),
                     ThreeCategoryCommand.Create(ctx),
                     GroupBranchCommand.Create(ctx),
                     PopulationsCommand.Create(ctx),
                     StartBiasCommand.Create(ctx),
                     PrototypesCommand.Create(ctx),
                 })
            root.Subcommands.Add(command);
        foreach (var command in root.Subcommands) ValidateOptions(command);
        return root;
    }

    /// <summary>Options that name a file or folder: an empty value is refused at parse time.</summary>
    static readonly string[] PathOptions = ["--out", "--mnist", "--init-state", "--sweeps"];

    /// <summary>
    /// Every numeric option refuses NaN, ±Infinity and subnormal values at parse time (one line, exit code 2): none of
    /// them means anything as an exponent, a temperature, a rate or a coordinate, and System.CommandLine accepts them.
    /// Path options refuse an empty value.
    /// </summary>
    static void ValidateOptions(Command command)
    {
        foreach (var option in command.Options)
        {
            if (PathOptions.Contains(option.Name) && option.ValueType == typeof(string))
                option.Validators.Add(result =>
                {
                    foreach (var token in result.Tokens)
                        if (string.IsNullOrWhiteSpace(token.Value)) result.AddError($"{option.Name} is empty: give a path");
                });
            // A comma in a single number is never a thousands separator or a decimal comma here ("--temp 700,800" read as
            // 700800, "--rate 0,005" as 5): lists are separate string options, so a comma in a number is refused.
            if (option.ValueType == typeof(double) || option.ValueType == typeof(double?) || option.ValueType == typeof(int) || option.ValueType == typeof(int?)
                || option.ValueType == typeof(long) || option.ValueType == typeof(long?))
                option.Validators.Add(result =>
                {
                    foreach (var token in result.Tokens)
                        if (token.Value.Contains(','))
                            result.AddError($"{option.Name}: '{token.Value}' is not a number (one value, with '.' for decimals; lists are comma-separated only where an option takes a list)");
                });
            if (option.ValueType == typeof(double) || option.ValueType == typeof(double?))
                option.Validators.Add(result =>
                {
                    // Read the token itself: an unparseable one is left to System.CommandLine's own conversion error.
                    foreach (var token in result.Tokens)
                        if (double.TryParse(token.Value, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var x)
                            && (!double.IsFinite(x) || double.IsSubnormal(x)))
                            result.AddError($"{option.Name}: '{token.Value}' is not a finite normal number");
                });
        }
        foreach (var sub in command.Subcommands) ValidateOptions(sub);
    }

    /// <summary>
    /// The parser names the .NET type it expected ("as expected type 'System.Nullable`1[System.Double]'"); a user
    /// reads what to type instead ("expected a number").
    /// </summary>
    internal static string PlainTypes(string message) =>
        System.Text.RegularExpressions.Regex.Replace(message, @" as expected type '([^']*)'\.?", m =>
        {
            var t = m.Groups[1].Value;
            string plain = t.Contains("Double") || t.Contains("Single") || t.Contains("Decimal") ? "a number"
                : t.Contains("Int") ? "a whole number" : t.Contains("Boolean") ? "true or false" : "a value of the right kind";
            return $": expected {plain}.";
        });

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken cancel = default)
    {
        var ctx = new CliContext(stdout, stderr) { Cancel = cancel };
        RunFolder.TrackFreshFolders();
        try
        {
            var parse = Build(ctx).Parse(args);
            if (parse.Errors.Count > 0)
            {
                // "fixedpoints" gives "Required command was not provided." first; the unrecognized token says more.
                var error = parse.Errors.FirstOrDefault(e => e.Message.StartsWith("Unrecognized", StringComparison.Ordinal)) ?? parse.Errors[0];
                stderr.WriteLine($"error: {PlainTypes(FirstLine(error.Message))} (see --help)");
                return ExitCodes.Usage;
            }
            return parse.Invoke(new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false });
        }
        catch (Exception e) when (e is BifurcationsException or UsageException)
        {
            RunFolder.RemoveUnstarted();
            stderr.WriteLine($"error: {FirstLine(e.Message)}");
            return ExitCodes.Of(e);
        }
        catch (AggregateException e) when (e.Flatten().InnerExceptions.FirstOrDefault(x => x is BifurcationsException) is { } inner)
        {
            // A library error raised on a worker thread: still one line.
            RunFolder.RemoveUnstarted();
            stderr.WriteLine($"error: {FirstLine(inner.Message)}");
            return ExitCodes.Of(inner);
        }
        catch (OperationCanceledException)
        {
            stderr.WriteLine("interrupted: finished work is kept (checkpoints, finished runs, the results table); run the same command again to resume (train: add --resume)");
            return ExitCodes.Interrupted;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"error: {FirstLine(e.Message)}");
            return ExitCodes.Failure;
        }
        catch (OutOfMemoryException)
        {
            stderr.WriteLine("error: out of memory (the inputs are larger than this machine can hold)");
            return ExitCodes.Failure;
        }
        catch (Exception e)
        {
            // A safety net, never the plan: every failure the code foresees is a BifurcationsException. This keeps the
            // promise of one line and no stack trace, and says it is a bug.
            stderr.WriteLine($"error: internal error ({e.GetType().Name}: {FirstLine(e.Message)}); please report it with the command line");
            return ExitCodes.Failure;
        }
    }
}
