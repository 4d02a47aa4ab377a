using System.CommandLine;
using Bifurcations.Cli.Common;
using Bifurcations.Experiments.Artifacts;
using Bifurcations.Experiments.Simulations;
using Bifurcations.Experiments.Sweeps;

namespace Bifurcations.Cli.Commands;

/// <summary><c>cascade</c>: one simulated cascade of splits beside the exact-group and class-mean predictions, scored.</summary>
internal static class CascadeCommand
{
    public static Command Create(CliContext ctx)
    {
        var digitOptions = new DigitOptions("1,4,7", 20, "Seed of the Gaussian start (and of the digit subset without --first)");
        var n = new Option<double>("--n") { Description = "Exponent n", DefaultValueFactory = _ => 30 };
        var temperature = new TemperatureOption(1.0);
        var memories = new Option<int>("--memories") { Description = "Memories K", DefaultValueFactory = _ => 100 };
        var epochs = new Option<int>("--epochs") { Description = "Epochs", DefaultValueFactory = _ => 3500 };
        var groups = new Option<int>("--groups") { Description = "Groups the memories are sorted into along the unstable mode", DefaultValueFactory = _ => 20 };
        var output = new Option<string>("--out") { Description = "Output folder", DefaultValueFactory = _ => "output/cascade" };
        var force = ResultSettings.ForceOption();
        var command = new Command("cascade", "Simulate the cascade of splits on three classes and predict it with the exact group reduction and the class-mean model, scored level by level");
        digitOptions.AddTo(command);
        command.Options.Add(n);
        temperature.AddTo(command);
        foreach (var o in new Option[] { memories, epochs, groups, output, force }) command.Options.Add(o);
        command.SetAction(r =>
        {
            var classes = digitOptions.Classes(r, 3);
            if (r.GetValue(memories) < 2) throw new UsageException($"--memories must be at least 2 (got {r.GetValue(memories)})");
            GroupCount.Checked(r.GetValue(groups), r.GetValue(memories));
            if (r.GetValue(epochs) < 10) throw new UsageException($"--epochs must be at least 10 (got {r.GetValue(epochs)})");
            var set = digitOptions.Select(r);
            var options = new CascadeRunOptions(classes, r.GetValue(n), temperature.ReducedTemperature(r))
            {
                Memories = r.GetValue(memories),
                Epochs = r.GetValue(epochs),
                Seed = r.GetValue(digitOptions.Seed),
                Groups = r.GetValue(groups),
                Threads = Environment.ProcessorCount,
            };
            using var folder = ResultFolder.Open(r.GetValue(output)!, ResultSettings.Cascade(set, options), r.GetValue(force));
            var result = Run(ctx, "cascade", set, options);
            foreach (var f in CascadeFiles.Write(result, r.GetValue(output)!)) ctx.Out.WriteLine($"wrote {f}");
            foreach (var line in CascadeFiles.Summary(result)) ctx.Out.WriteLine(line);
            folder.Complete();
            return 0;
        });
        return command;
    }

    /// <summary>One cascade run with a progress bar over its three passes: the simulation, then each model from the seed epoch on.</summary>
    internal static CascadeRunResult Run(CliContext ctx, string title, Data.TrainingSet set, CascadeRunOptions options) =>
        Progress.Run(ctx, title, 3 * options.Epochs, report => CascadeRunResult.Run(set, options,
            new InlineProgress<(string Stage, int Epoch)>(p => report(p.Stage == "simulation" ? p.Epoch : p.Stage == "exact groups" ? options.Epochs + p.Epoch : 2 * options.Epochs + p.Epoch, p.Stage)),
            ctx.Cancel));
}

/// <summary><c>cascade-grid</c>: the scored grid of cascades (resumable), the default subset or --full.</summary>
internal static class CascadeGridCommand
{
    public static Command Create(CliContext ctx)
    {
        var full = new Option<bool>("--full") { Description = "The whole grid: 3 seeds × T_r 0.85–1.02 (5) × n 20, 30, 40 on 1/4/7 and 3/5/8 (90 runs); default: n = 30, T_r = 1.0 (6 runs)" };
        var threads = new Option<int>("--threads") { Description = "Runs at once", DefaultValueFactory = _ => Environment.ProcessorCount };
        var groups = new Option<int>("--groups") { Description = "Groups each cascade sorts the memories into along the unstable mode", DefaultValueFactory = _ => 20 };
        var mnist = DigitOptions.MnistOption();
        var output = new Option<string>("--out") { Description = "Output folder", DefaultValueFactory = _ => "output/cascade-grid" };
        var force = ResultSettings.ForceOption();
        var command = new Command("cascade-grid", "Score the predicted cascades against simulations over a grid of seeds, n and T_r (resumable)");
        foreach (var o in new Option[] { full, threads, groups, mnist, output, force }) command.Options.Add(o);
        command.SetAction(r =>
        {
            if (r.GetValue(threads) < 1) throw new UsageException($"--threads must be at least 1 (got {r.GetValue(threads)})");
            GroupCount.Checked(r.GetValue(groups), CascadeRunOptions.DefaultMemories);
            var settings = (r.GetValue(full) ? CascadeGridSettings.Full : CascadeGridSettings.Subset) with { Groups = r.GetValue(groups) };
            var set = r.GetValue(mnist) is { } dir ? Data.MnistSet.LoadFolder(dir) : Data.MnistSet.Embedded;
            using var folder = CascadeSweep.Open(r.GetValue(output)!, settings, set, r.GetValue(force));
            var runs = Progress.Run(ctx, "cascade grid", settings.Cells.Count, report =>
                CascadeSweep.Run(settings, set, folder, r.GetValue(threads), new InlineProgress<(int Done, int Total)>(p => report(p.Done, $"{p.Done}/{p.Total} runs")), ctx.Cancel));
            ctx.Out.WriteLine($"wrote {Path.Combine(r.GetValue(output)!, "scores.csv")} and summary.csv");
            foreach (var line in CascadeFiles.GridSummary(runs)) ctx.Out.WriteLine(line);
            return 0;
        });
        return command;
    }
}
