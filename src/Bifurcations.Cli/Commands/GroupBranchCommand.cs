using System.CommandLine;
using System.Globalization;
using Bifurcations.Cli.Common;
using Bifurcations.Experiments.Artifacts;
using Bifurcations.Reduced;

namespace Bifurcations.Cli.Commands;

/// <summary>
/// <c>group-branch</c>: the exact group system of K identical memories continued in n, T or T_r, with its symmetry-breaking
/// points, their modes, and the split branches of two groups out of each.
/// </summary>
internal static class GroupBranchCommand
{
    public static Command Create(CliContext ctx)
    {
        var digitOptions = new DigitOptions("1,4,7", 20, "Seed of the random subset of each class (the memories live in the span of these digits)", seedOnlyPicks: true);
        var param = new Option<string>("--param") { Description = "Parameter to continue in: n, temperature or temp-r", DefaultValueFactory = _ => "temp-r" };
        var temperature = new TemperatureOption(1.0, when: "(when continuing in n)");
        var n = new Option<double>("--n") { Description = "Exponent n (when continuing in a temperature)", DefaultValueFactory = _ => 30 };
        var from = new Option<double?>("--from") { Description = "Start of the range, where the rest point is settled (default T_r 1.2, n 20, T 940.8)" };
        var to = new Option<double?>("--to") { Description = "End of the range (default T_r 1.32, n 50, T 1034.88)" };
        var copies = new Option<int>("--copies") { Description = "K, the identical memories", DefaultValueFactory = _ => 100 };
        var splits = new Option<string>("--split") { Description = "Group sizes A+B of the split branches followed out of each breaking point, comma-separated, or none", DefaultValueFactory = _ => "50+50,90+10" };
        var output = new Option<string>("--out") { Description = "Output folder", DefaultValueFactory = _ => "output/group-branch" };
        var force = ResultSettings.ForceOption();
        var command = new Command("group-branch", "Continue K identical memories of the exact group system in n or a temperature: symmetry-breaking points, their modes, and split branches (CSV, JSON, figure)");
        digitOptions.AddTo(command);
        command.Options.Add(param);
        temperature.AddTo(command);
        foreach (var o in new Option[] { n, from, to, copies, splits, output, force }) command.Options.Add(o);
        command.SetAction(r =>
        {
            var parameter = ContinuedParameter.Parse(r, param, temperature, n, "the group system");
            var (a0, b0) = parameter.Kind switch
            {
                PairParameterKind.Exponent => (20.0, 50.0),
                PairParameterKind.ReducedTemperature => (1.2, 1.32),
                _ => (1.2 * Model.NetworkParameters.PixelCount, 1.32 * Model.NetworkParameters.PixelCount),
            };
            double a = r.GetValue(from) ?? a0, b = r.GetValue(to) ?? b0;
            if (!(a > 0) || !(b > a)) throw new UsageException(FormattableString.Invariant($"the {parameter.Name} range {a}…{b} is empty or invalid (0 < --from < --to)"));
            int k = r.GetValue(copies);
            if (k < 2) throw new UsageException($"--copies must be at least 2 (got {k}): symmetry breaking needs identical memories to come apart");
            var sizes = ParseSplits(r.GetValue(splits)!, k);
            var classes = OptionValue.Of("--digits", () => Data.DigitSelection.ParseClasses(r.GetValue(digitOptions.Digits)!));
            if (classes.Length < 2) throw new UsageException($"--digits must name at least two classes (got {classes.Length})");
            var network = parameter.At(Model.NetworkParameters.FromReducedTemperature(r.GetValue(n), temperature.ReducedTemperature(r)), a);
            var set = digitOptions.Select(r);
            var options = new GroupBranchOptions(set, classes, network, parameter, a, b, k, sizes);
            using var folder = ResultFolder.Open(r.GetValue(output)!, ResultSettings.GroupBranch(options), r.GetValue(force));
            var result = Progress.Run(ctx, $"exact groups in {parameter.Name}", 1000, report =>
                GroupBranches.Compute(options, new InlineProgress<(double Done, string What)>(p => report((int)Math.Round(p.Done * 1000), p.What)), ctx.Cancel));
            foreach (var f in result.Write(r.GetValue(output)!)) ctx.Out.WriteLine($"wrote {f}");
            foreach (var line in result.Summary) ctx.Out.WriteLine(line);
            foreach (var line in result.Warnings) ctx.Error.WriteLine($"warning: {line}");
            folder.Complete();
            return 0;
        });
        return command;
    }

    /// <summary>"50+50,90+10" as group sizes, each pair summing to K; "none" for no split branch.</summary>
    internal static (int A, int B)[] ParseSplits(string text, int copies)
    {
        if (text.Trim().Equals("none", StringComparison.OrdinalIgnoreCase)) return [];
        var entries = Lists.Entries(text, "--split");
        if (entries.Distinct().Count() < entries.Length) throw new UsageException($"--split '{text}' names a split twice");
        return [.. entries.Select(item =>
        {
            var parts = item.Split('+', StringSplitOptions.TrimEntries);
            if (parts.Length != 2 || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int x) || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int y))
                throw new UsageException($"--split {item} is invalid: give group sizes as A+B, e.g. 90+10");
            if (x < 1 || y < 1 || x + y != copies)
                throw new UsageException($"--split {item} is invalid: both groups need at least 1 memory and together the --copies {copies}");
            return (x, y);
        })];
    }
}
