using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Bifurcations.Cli.Common;
using Bifurcations.Data;
using Bifurcations.Experiments.Artifacts;
using Bifurcations.Experiments.IO;
using Bifurcations.Experiments.Plotting;
using Bifurcations.Experiments.Simulations;
using Bifurcations.Experiments.Sweeps;
using Bifurcations.Experiments.Training;
using Bifurcations.Reduced;

namespace Bifurcations.Cli.Commands;

/// <summary><c>sweep</c>, <c>phase-diagram</c> and <c>merge</c>: resumable, shardable phase-diagram sweeps (paper Fig. 6).</summary>
internal static class PhaseCommands
{
    sealed class SweepOptions
    {
        public Option<string> Case { get; } = new("--case") { Description = "intra (1 memory, two digits of one class) or inter (2 memories, two classes)", DefaultValueFactory = _ => "intra" };
        public Option<string?> Pair { get; } = new("--pair") { Description = "The two digits' classes (default 4,4 for intra, 4,9 for inter)" };
        public Option<int> Seed { get; } = DigitOptions.SeedOption("Seed choosing the digits and the Gaussian start");
        public Option<bool> First { get; } = DigitOptions.FirstOption("Take the first digits of each class instead of a random pick");
        public Option<double> NFrom { get; } = new("--n-from") { DefaultValueFactory = _ => 2, Description = "Smallest n" };
        public Option<double> NTo { get; } = new("--n-to") { DefaultValueFactory = _ => 30, Description = "Largest n" };
        public Option<double> NStep { get; } = new("--n-step") { DefaultValueFactory = _ => 1, Description = "Step in n" };
        public TemperatureRange Temperatures { get; } = new(400, 880, 20);
        public Option<double> Rate { get; } = new("--rate") { DefaultValueFactory = _ => 0.001, Description = "Learning rate ε" };
        public Option<int> Epochs { get; } = new("--epochs") { DefaultValueFactory = _ => 10_000, Description = "Epochs per run" };
        public Option<string> Out { get; }
        public Option<string> Shard { get; } = new("--shard") { DefaultValueFactory = _ => "1/1", Description = "Run only shard i of N (e.g. 3/8, for a job array)" };
        public Option<int> Threads { get; } = new("--threads") { DefaultValueFactory = _ => Environment.ProcessorCount, Description = "Runs in parallel" };
        public Option<string?> Mnist { get; } = DigitOptions.MnistOption();
        public Option<bool> Force { get; } = new("--force") { Description = "Discard what --out holds if it was made with other settings, and recompute" };

        public SweepOptions(bool outRequired) =>
            Out = new("--out") { Description = outRequired ? "Sweep folder (finished runs in it are skipped)" : "Sweep folder (finished runs in it are skipped; default: the --from folder)", Required = outRequired };

        /// <summary>The options that define the grid: refused beside --from, which takes them from sweep.json.</summary>
        public IEnumerable<Option> GridOptions => new Option[] { Case, Pair, Seed, First, NFrom, NTo, NStep, Temperatures.From, Temperatures.To, Temperatures.Step,
            Temperatures.FromR, Temperatures.ToR, Temperatures.StepR, Rate, Epochs };

        public void AddTo(Command c)
        {
            foreach (var o in new Option[] { Case, Pair, Seed, First, Mnist, NFrom, NTo, NStep }) c.Options.Add(o);
            Temperatures.AddTo(c);
            foreach (var o in new Option[] { Rate, Epochs, Out, Shard, Threads, Force }) c.Options.Add(o);
        }

        public PhaseSettings Settings(ParseResult r)
        {
            var pc = r.GetValue(Case) switch
            {
                "intra" => PhaseCase.Intra,
                "inter" => PhaseCase.Inter,
                var other => throw new UsageException($"--case '{other}' is unknown: use intra or inter"),
            };
            var pair = Lists.Entries(r.GetValue(Pair) ?? (pc == PhaseCase.Intra ? "4,4" : "4,9"), "--pair");
            if (pair.Length != 2 || !int.TryParse(pair[0], out int a) || !int.TryParse(pair[1], out int b))
                throw new UsageException($"--pair '{r.GetValue(Pair)}' must name two digit classes, e.g. 4,4 or 4,9");
            var (tFrom, tTo, tStep) = Temperatures.TemperatureGrid(r);
            return new PhaseSettings(Case: pc, ClassA: MnistSet.CheckDigit(a), ClassB: MnistSet.CheckDigit(b), Seed: r.GetValue(Seed),
                NFrom: r.GetValue(NFrom), NTo: r.GetValue(NTo), NStep: r.GetValue(NStep),
                TFrom: tFrom, TTo: tTo, TStep: tStep, Rate: r.GetValue(Rate), Epochs: r.GetValue(Epochs),
                Selection: r.GetValue(First) ? SelectionMode.First : SelectionMode.Random).Validated();
        }

        public MnistSet Set(ParseResult r) => r.GetValue(Mnist) is { } dir ? MnistSet.LoadFolder(dir) : MnistSet.Embedded;
    }

    static IReadOnlyList<PhaseRun> RunSweep(CliContext ctx, ParseResult r, SweepOptions o, PhaseSettings settings, string dir)
    {
        var shard = OptionValue.Of("--shard", () => Experiments.Sweeps.Shard.Parse(r.GetValue(o.Shard)!));
        if (r.GetValue(o.Threads) < 1) throw new UsageException($"--threads must be at least 1 (got {r.GetValue(o.Threads)})");
        var set = o.Set(r);
        int total = settings.Grid.Count;
        using var folder = PhaseSweep.Open(dir, settings, set, r.GetValue(o.Force));
        return Progress.Run(ctx, $"sweep {settings.Case.ToString().ToLowerInvariant()} (shard {shard})", total, report =>
            PhaseSweep.Run(settings, set, folder, shard, r.GetValue(o.Threads), new InlineProgress<(int Done, int Total)>(p => report(p.Done, $"{p.Done}/{p.Total} runs")), ctx.Cancel));
    }

    public static Command Sweep(CliContext ctx)
    {
        var o = new SweepOptions(outRequired: true);
        var command = new Command("sweep", "Run a phase-diagram grid of training runs (resumable; --shard i/N for job arrays) into a results table");
        o.AddTo(command);
        command.SetAction(r =>
        {
            var settings = o.Settings(r);
            var runs = RunSweep(ctx, r, o, settings, r.GetValue(o.Out)!);
            ctx.Out.WriteLine($"{runs.Count} of {settings.Grid.Count} runs finished in {r.GetValue(o.Out)} (results.csv)");
            return 0;
        });
        return command;
    }

    public static Command PhaseDiagram(CliContext ctx)
    {
        var o = new SweepOptions(outRequired: false);
        var threshold = new Option<double>("--threshold") { Description = "Dominant α marking the jump to a prototype (intra agreement)", DefaultValueFactory = _ => PhaseAnalysis.JumpThreshold };
        var from = new Option<string?>("--from") { Description = "A sweep folder whose grid (sweep.json) is used instead of the grid options; its finished runs are reused" };
        var command = new Command("phase-diagram", "Simulated phase diagram of the feature-to-prototype transition (paper Fig. 6), measured against T_c(n)");
        o.AddTo(command);
        command.Options.Add(threshold);
        command.Options.Add(from);
        command.SetAction(r =>
        {
            double th = r.GetValue(threshold);
            if (!(th > 0.5 && th < 1)) throw new UsageException($"--threshold {th} must lie in (0.5, 1): the dominant α of a mixture is 0.5, of a prototype 1");
            PhaseSettings settings;
            string dir;
            if (r.GetValue(from) is { } source)
            {
                if (o.GridOptions.FirstOrDefault(x => r.GetResult(x) is { Implicit: false }) is { } clash)
                    throw new UsageException($"{clash.Name} sets the grid, which --from takes from {Path.Combine(source, "sweep.json")}: leave it out");
                settings = PhaseSweep.Settings(source);
                dir = r.GetValue(o.Out) ?? source;
            }
            else
            {
                settings = o.Settings(r);
                dir = r.GetValue(o.Out) ?? throw new UsageException("phase-diagram needs --out (a sweep folder) or --from (an existing sweep folder)");
            }
            if (settings.Case == PhaseCase.Inter && r.GetResult(threshold) is { Implicit: false })
                throw new UsageException("--threshold marks the intra case's jump to a prototype; the inter case has no jump to mark: leave it out");
            var runs = RunSweep(ctx, r, o, settings, dir);
            if (runs.Count < settings.Grid.Count)
            {
                ctx.Out.WriteLine($"{runs.Count} of {settings.Grid.Count} runs finished; the figures are drawn once every shard is merged here (bifurcations merge)");
                return 0;
            }
            foreach (var f in Experiments.Artifacts.PhaseDiagram.Of(settings, runs, o.Set(r), r.GetValue(threshold)).Write(dir)) ctx.Out.WriteLine($"wrote {f}");
            return 0;
        });
        return command;
    }

    public static Command Merge(CliContext ctx)
    {
        var inputs = new Argument<string[]>("shards") { Description = "Sweep folders (shards) to join", Arity = ArgumentArity.OneOrMore };
        var output = new Option<string>("--out") { Description = "Folder for the merged sweep", Required = true };
        var force = new Option<bool>("--force") { Description = "Discard what --out holds if it was made with other settings" };
        var command = new Command("merge", "Join the shard folders of one sweep into one results table (their settings must be equal; everything is checked before anything is written)");
        command.Arguments.Add(inputs);
        command.Options.Add(output);
        command.Options.Add(force);
        command.SetAction(r =>
        {
            int copied = PhaseSweep.Merge(r.GetValue(inputs)!, r.GetValue(output)!, r.GetValue(force));
            var runs = PhaseSweep.Read(r.GetValue(output)!);
            var settings = PhaseSweep.Settings(r.GetValue(output)!);
            ctx.Out.WriteLine($"merged {copied} runs: {runs.Count} of {settings.Grid.Count} finished in {r.GetValue(output)}");
            return 0;
        });
        return command;
    }
}

/// <summary><c>populations</c>: paper Fig. 8, class populations against temperature and the order classes disappear in.</summary>
internal static class PopulationsCommand
{
    public static Command Create(CliContext ctx)
    {
        var digitOptions = new DigitOptions("0-9", 20, "Seed (digits and start)");
        var n = new Option<double>("--n") { Description = "Exponent n", DefaultValueFactory = _ => 25 };
        var temperatures = new TemperatureRange(650, 900, 25, "the paper: 3");
        var epochs = new Option<int>("--epochs") { Description = "Epochs per run", DefaultValueFactory = _ => 10_000 };
        var memories = new Option<int>("--memories") { Description = "Memories", DefaultValueFactory = _ => 100 };
        var output = new Option<string>("--out") { Description = "Output folder (finished temperatures of the same settings are reused)", DefaultValueFactory = _ => "output/populations" };
        var force = new Option<bool>("--force") { Description = "Discard what --out holds if it was made with other settings, and recompute" };
        var command = new Command("populations", "Paper Fig. 8: class populations after training against T_r, the order classes disappear in, beside the learning order");
        digitOptions.AddTo(command);
        command.Options.Add(n);
        temperatures.AddTo(command);
        foreach (var o in new Option[] { epochs, memories, output, force }) command.Options.Add(o);
        command.SetAction(r =>
        {
            if (r.GetValue(epochs) < 1) throw new UsageException($"epochs = {r.GetValue(epochs)} is invalid: at least 1 epoch is needed");
            if (r.GetValue(memories) < 1) throw new UsageException($"--memories must be at least 1 (got {r.GetValue(memories)})");
            var ts = temperatures.Temperatures(r);
            var set = digitOptions.Select(r);
            var options = new SweepOptions { Memories = r.GetValue(memories), Epochs = r.GetValue(epochs), Seed = r.GetValue(digitOptions.Seed) };
            var dir = r.GetValue(output)!;
            using var folder = RunFolder.Open(dir, PopulationSweep.Manifest(set, r.GetValue(n), options), r.GetValue(force));
            var runs = Progress.Run(ctx, "populations", ts.Length, p => PopulationSweep.Run(set, r.GetValue(n), ts, folder, options, Progress.Steps(p), ctx.Cancel));
            var result = new Populations(runs, r.GetValue(n), r.GetValue(memories));
            var files = result.Write(dir);
            foreach (var line in result.Summary) ctx.Out.WriteLine(line);
            foreach (var line in result.Warnings) ctx.Error.WriteLine($"warning: {line}");
            foreach (var f in files) ctx.Out.WriteLine($"wrote {f}");
            return 0;
        });
        return command;
    }
}

/// <summary><c>start-bias</c>: paper Fig. 7, the saddle reached and the final proportions from two starts, against n.</summary>
internal static class StartBiasCommand
{
    public static Command Create(CliContext ctx)
    {
        var digitOptions = new DigitOptions("1,7,9", 20, "Seed (digits and start)");
        digitOptions.Digits.Description = "Three classes; the first two are the starts compared";
        var temperatures = new TemperatureList("0.7,0.96,1.02");
        var nFrom = new Option<double>("--n-from") { DefaultValueFactory = _ => 5, Description = "Smallest n" };
        var nTo = new Option<double>("--n-to") { DefaultValueFactory = _ => 45, Description = "Largest n" };
        var nStep = new Option<double>("--n-step") { DefaultValueFactory = _ => 5, Description = "Step in n" };
        var epochs = new Option<int>("--epochs") { DefaultValueFactory = _ => 10_000, Description = "Epochs per run" };
        var groups = new Option<int>("--groups") { DefaultValueFactory = _ => StartBias.DefaultGroups, Description = "Groups the exact group system cuts the memories into (its answer beside each run)" };
        var output = new Option<string>("--out") { DefaultValueFactory = _ => "output/start-bias", Description = "Output folder (finished runs of the same settings are reused)" };
        var force = new Option<bool>("--force") { Description = "Discard what --out holds if it was made with other settings, and recompute" };
        var command = new Command("start-bias", "Paper Fig. 7: saddle reached and final proportions from a start near one class or another, against n; the simulation beside the exact group system from the same start");
        digitOptions.AddTo(command);
        temperatures.AddTo(command);
        foreach (var o in new Option[] { nFrom, nTo, nStep, epochs, groups, output, force }) command.Options.Add(o);
        command.SetAction(r =>
        {
            var classes = digitOptions.Classes(r, 3);
            var trs = Lists.Distinct(temperatures.ReducedTemperatures(r), "--temp/--temp-r");
            double a = r.GetValue(nFrom), b = r.GetValue(nTo), s = r.GetValue(nStep);
            if (!(a >= 1)) throw new UsageException($"the n grid must start at n ≥ 1 (got {a})");
            if (r.GetValue(epochs) < 1) throw new UsageException($"epochs = {r.GetValue(epochs)} is invalid: at least 1 epoch is needed");
            GroupCount.Checked(r.GetValue(groups), StartBias.PaperOptions.Memories);
            var ns = Grid.Steps(a, b, s, "n");
            Grid.CheckSize(2.0 * ns.Length * trs.Length, "the start-bias grid");
            var runs = Write(ctx, digitOptions.Select(r), classes, trs, ns,
                r.GetValue(epochs), r.GetValue(digitOptions.Seed), r.GetValue(output)!, r.GetValue(force), out var files, r.GetValue(groups));
            static string Saddle(double[]? s) => s is { } x ? x[0].ToString("F3", CultureInfo.InvariantCulture) : "-";
            foreach (var run in runs)
                ctx.Out.WriteLine(FormattableString.Invariant($"T_r {run.ReducedTemperature:G3} n {run.N,4:G3} start {run.StartClass}: saddle ᾱ_{classes[0]} {Saddle(run.Saddle)}, {run.FirstClassCount} × {classes[0]}, {run.SecondClassCount} × {classes[1]}")
                    + (run.Groups is { } g ? FormattableString.Invariant($" | exact groups: {Saddle(g.Saddle)}, {g.FirstClassCount} × {classes[0]}, {g.SecondClassCount} × {classes[1]}") : ""));
            foreach (var line in StartBiasFiles.Summary(runs)) ctx.Out.WriteLine(line);
            foreach (var f in files) ctx.Out.WriteLine($"wrote {f}");
            return 0;
        });
        return command;
    }

    public static IReadOnlyList<StartBiasRun> Write(CliContext ctx, TrainingSet set, int[] classes, double[] trs, double[] ns, int epochs, int seed, string dir, bool force, out List<string> files,
        int groups = StartBias.DefaultGroups)
    {
        StartBiasSweep.CheckGrid(trs, ns);
        var options = StartBias.PaperOptions with { Epochs = epochs, Seed = seed };
        using var folder = RunFolder.Open(dir, StartBiasSweep.Manifest(set, classes, options, groups), force);
        var runs = Progress.Run(ctx, "start bias (Fig. 7), simulation and exact groups", trs.Length * ns.Length * 2, report =>
            StartBiasSweep.Run(set, classes, trs, ns, folder, options, groups, Progress.Steps(report), ctx.Cancel));
        files = [.. StartBiasFiles.Write(runs, classes, dir)];
        return runs;
    }
}

/// <summary><c>prototypes</c>: paper Fig. 2A, mean largest α and samples needed to rebuild a memory against n, for several T_r.</summary>
internal static class PrototypesCommand
{
    public static Command Create(CliContext ctx)
    {
        var digitOptions = new DigitOptions("0-9", 20, "Seed (digits and start)");
        var ns = new Option<string>("--n") { Description = "Exponents n, comma-separated", DefaultValueFactory = _ => "3,10,20,30,40" };
        var temperatures = new TemperatureList("0.57,0.83,1.0");
        var epochs = new Option<int>("--epochs") { DefaultValueFactory = _ => 10_000, Description = "Epochs per run" };
        var output = new Option<string>("--out") { DefaultValueFactory = _ => "output/prototypes", Description = "Output folder (finished runs of the same settings are reused)" };
        var force = new Option<bool>("--force") { Description = "Discard what --out holds if it was made with other settings, and recompute" };
        var command = new Command("prototypes", "Paper Fig. 2A: how prototype-like the memories end, against n, for several T_r");
        digitOptions.AddTo(command);
        command.Options.Add(ns);
        temperatures.AddTo(command);
        foreach (var o in new Option[] { epochs, output, force }) command.Options.Add(o);
        command.SetAction(r =>
        {
            if (r.GetValue(epochs) < 1) throw new UsageException($"epochs = {r.GetValue(epochs)} is invalid: at least 1 epoch is needed");
            var ns_ = Lists.Distinct(Positive(r.GetValue(ns)!, "--n"), "--n");
            var trs = Lists.Distinct(temperatures.ReducedTemperatures(r), "--temp/--temp-r");
            var runs = Write(ctx, digitOptions.Select(r), ns_, trs, r.GetValue(epochs), r.GetValue(digitOptions.Seed), r.GetValue(output)!, r.GetValue(force), out var files);
            foreach (var run in runs)
                ctx.Out.WriteLine(FormattableString.Invariant($"T_r {run.ReducedTemperature:G3} n {run.N,4:G3}: mean max α {run.MeanMaxAlpha:F3}, samples needed {run.MeanSamplesNeeded:F1}"));
            foreach (var f in files) ctx.Out.WriteLine($"wrote {f}");
            return 0;
        });
        return command;
    }

    static double[] Positive(string text, string option) => Lists.Positive(text, option);

    public static IReadOnlyList<PrototypeRun> Write(CliContext ctx, TrainingSet set, double[] ns, double[] trs, int epochs, int seed, string dir, bool force, out List<string> files)
    {
        if (epochs < 1) throw new UsageException($"epochs = {epochs} is invalid: at least 1 epoch is needed");
        PrototypeSweep.CheckGrid(ns, trs);
        var options = new SweepOptions { Epochs = epochs, Seed = seed };
        using var folder = RunFolder.Open(dir, PrototypeSweep.Manifest(set, options), force);
        var runs = Progress.Run(ctx, "prototype metrics (Fig. 2)", ns.Length * trs.Length, report =>
            PrototypeSweep.Run(set, ns, trs, folder, options, Progress.Steps(report), ctx.Cancel));
        files = [.. PrototypeFiles.Write(runs, dir)];
        return runs;
    }
}
