using System.CommandLine;
using System.Globalization;
using Bifurcations.Cli.Common;
using Bifurcations.Experiments.Artifacts;
using Bifurcations.Experiments.IO;
using Bifurcations.Experiments.Plotting;
using Bifurcations.Experiments.Simulations;
using Bifurcations.Reduced;

namespace Bifurcations.Cli.Commands;

/// <summary><c>split-tree</c>: the class-mean three-category model's predicted cascade from where the memories gather, without a simulation.</summary>
internal static class SplitTreeCommand
{
    public static Command Create(CliContext ctx)
    {
        var digitOptions = new DigitOptions("1,4,7", 20, "Seed of the digit selection (the digits' class means represent the classes)", seedOnlyPicks: true);
        var n = new Option<double>("--n") { Description = "Exponent n", DefaultValueFactory = _ => 30 };
        var temperature = new TemperatureOption(1.0);
        var memories = new Option<int>("--memories") { Description = "Memories K", DefaultValueFactory = _ => 100 };
        var groups = new Option<int>("--groups") { Description = "Groups the memories are sorted into along the unstable mode", DefaultValueFactory = _ => 20 };
        var output = new Option<string>("--out") { Description = "Output folder", DefaultValueFactory = _ => "output/split-tree" };
        var force = ResultSettings.ForceOption();
        var command = new Command("split-tree", "Predict the order of the splits of K memories on three classes from the reduced model (JSON and figure)");
        digitOptions.AddTo(command);
        command.Options.Add(n);
        temperature.AddTo(command);
        foreach (var o in new Option[] { memories, groups, output, force }) command.Options.Add(o);
        command.SetAction(r =>
        {
            var classes = digitOptions.Classes(r, 3);
            var p = Model.NetworkParameters.FromReducedTemperature(r.GetValue(n), temperature.ReducedTemperature(r));
            var set = digitOptions.Select(r);
            if (r.GetValue(memories) < 2) throw new UsageException($"--memories must be at least 2 (got {r.GetValue(memories)})");
            GroupCount.Checked(r.GetValue(groups), r.GetValue(memories));
            using var folder = ResultFolder.Open(r.GetValue(output)!, ResultSettings.SplitTree(set, classes, p, r.GetValue(memories), r.GetValue(groups)), r.GetValue(force));
            var model = ThreeCategoryModel.FromClassMeans(set, classes, p, r.GetValue(memories));
            var tree = SplitTreeSolver.Predict(model, [0.8, 0.1, 0.1], [0, 0, 0], new SplitTreeOptions { Groups = r.GetValue(groups) });
            foreach (var f in SplitTreeFiles.Write(tree, null, r.GetValue(output)!)) ctx.Out.WriteLine($"wrote {f}");
            folder.Complete();
            ctx.Out.WriteLine(FormattableString.Invariant($"gathering point ᾱ = ({string.Join(", ", tree.Gathering.Alpha.Select(x => x.ToString("F3", CultureInfo.InvariantCulture)))})"));
            foreach (var line in SplitTreeFiles.Summary(tree)) ctx.Out.WriteLine(line);
            return 0;
        });
        return command;
    }
}

/// <summary><c>three-category</c>: where K identical memories on three classes gather, swept up and down in n (or T, T_r) on engine branches, with located folds and split modes.</summary>
internal static class ThreeCategoryCommand
{
    public static Command Create(CliContext ctx)
    {
        var digitOptions = new DigitOptions("1,4,7", 20, "Seed of the digit selection (the digits' class means represent the classes)", seedOnlyPicks: true);
        var param = new Option<string>("--param") { Description = "Parameter to sweep: n, temperature or temp-r", DefaultValueFactory = _ => "n" };
        var temperature = new TemperatureOption(1.0, when: "(when sweeping n)");
        var n = new Option<double>("--n") { Description = "Exponent n (when sweeping a temperature)", DefaultValueFactory = _ => 30 };
        var memories = new Option<int>("--memories") { Description = "Memories K", DefaultValueFactory = _ => 100 };
        var from = new Option<double?>("--from", "--n-from") { Description = "Start of the sweep (default n 2, T_r 0.55, T 431.2)" };
        var to = new Option<double?>("--to", "--n-to") { Description = "End of the sweep (default n 60, T_r 1.25, T 980)" };
        var step = new Option<double?>("--step", "--n-step") { Description = "Grid step of the sweep (default n 2, T_r 0.05, T 39.2)" };
        var output = new Option<string>("--out") { Description = "Output folder", DefaultValueFactory = _ => "output/three-category" };
        var force = ResultSettings.ForceOption();
        var command = new Command("three-category", "Sweep where K memories on three classes gather (up and down) on continued branches, with located folds and split modes");
        digitOptions.AddTo(command);
        command.Options.Add(param);
        temperature.AddTo(command);
        foreach (var o in new Option[] { n, memories, from, to, step, output, force }) command.Options.Add(o);
        command.SetAction(r =>
        {
            var classes = digitOptions.Classes(r, 3);
            var parameter = ContinuedParameter.Parse(r, param, temperature, n, "the three-category system");
            RangeAliases.Check(r, parameter, from, to, step);
            var (a0, b0, s0) = parameter.Kind switch
            {
                PairParameterKind.Exponent => (2.0, 60.0, 2.0),
                PairParameterKind.ReducedTemperature => (0.55, 1.25, 0.05),
                _ => (0.55 * Model.NetworkParameters.PixelCount, 1.25 * Model.NetworkParameters.PixelCount, 0.05 * Model.NetworkParameters.PixelCount),
            };
            double a = r.GetValue(from) ?? a0, b = r.GetValue(to) ?? b0, s = r.GetValue(step) ?? s0;
            if (!(a > 0) || !(b >= a) || !(s > 0)) throw new UsageException(FormattableString.Invariant($"the {parameter.Name} grid {a}…{b} step {s} is empty or invalid ({parameter.Name} > 0)"));
            var grid = Grid.Steps(a, b, s, parameter.Name);
            if (grid.Length < 2) throw new UsageException(FormattableString.Invariant($"the {parameter.Name} grid {a}…{b} step {s} has one point: a sweep needs at least two (a smaller --step or a wider range)"));
            // The network at the grid's first value: the swept parameter's own option was refused above.
            var network = parameter.At(Model.NetworkParameters.FromReducedTemperature(r.GetValue(n), temperature.ReducedTemperature(r)), grid[0]);
            var set = digitOptions.Select(r);
            using var folder = ResultFolder.Open(r.GetValue(output)!, ResultSettings.ThreeCategory(set, classes, network, parameter, r.GetValue(memories), grid), r.GetValue(force));
            var result = Progress.Run(ctx, $"three categories, {parameter.Name} up and down", 2 * grid.Length, report =>
                ThreeCategoryBranches.Compute(new ThreeCategoryOptions(set, classes, network, parameter, r.GetValue(memories), grid), Progress.Steps(report), ctx.Cancel));
            foreach (var f in result.Write(r.GetValue(output)!)) ctx.Out.WriteLine($"wrote {f}");
            foreach (var line in result.Summary) ctx.Out.WriteLine(line);
            foreach (var line in result.Warnings) ctx.Error.WriteLine($"warning: {line}");
            folder.Complete();
            return 0;
        });
        return command;
    }
}
