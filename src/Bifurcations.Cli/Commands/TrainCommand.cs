using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Bifurcations.Cli.Common;
using Bifurcations.Data;
using Bifurcations.Experiments.Artifacts;
using Bifurcations.Experiments.IO;
using Bifurcations.Experiments.Training;
using Bifurcations.Model;
using Bifurcations.Training;
using Spectre.Console;
using Progress = Bifurcations.Cli.Common.Progress;

namespace Bifurcations.Cli.Commands;

/// <summary><c>train</c>: the full network on real digits with the paper's rule, resumable, with figures.</summary>
internal static class TrainCommand
{
    public static Command Create(CliContext ctx)
    {
        var digits = new DigitOptions("0-9", 20);
        var memories = new Option<int>("--memories") { Description = "Number of memories K", DefaultValueFactory = _ => 100 };
        var n = new Option<double>("--n") { Description = "Exponent n of the rectified polynomial", DefaultValueFactory = _ => 30 };
        var m = new Option<double?>("--m") { Description = "Cost exponent m (default: n)" };
        var temperature = new TemperatureOption(0.85);
        var rate = new Option<double>("--rate") { Description = "Learning rate ε", DefaultValueFactory = _ => 0.005 };
        var epochs = new Option<int>("--epochs") { Description = "Epochs", DefaultValueFactory = _ => 3500 };
        var momentum = new Option<double>("--momentum") { Description = "Momentum p", DefaultValueFactory = _ => 0 };
        var minibatch = new Option<int>("--minibatch") { Description = "Samples per minibatch (0: the whole set)", DefaultValueFactory = _ => 0 };
        var memNoise = new Option<double>("--memory-noise") { Description = "Std of Gaussian noise added to memories each step", DefaultValueFactory = _ => 0 };
        var labNoise = new Option<double>("--label-noise") { Description = "Std of Gaussian noise added to labels each step", DefaultValueFactory = _ => 0 };
        var clip = new Option<bool>("--clip") { Description = "Clip pixels to [-1, 1] instead of max-norm renormalization" };
        var init = new Option<string>("--init") { Description = "gaussian | sample:I:F (every memory F·sample I) | combo:a,b;c,d (coefficients on the samples, one row per memory or one shared)", DefaultValueFactory = _ => "gaussian" };
        var initMean = new Option<double>("--init-mean") { Description = "Mean of Gaussian initial memories and labels", DefaultValueFactory = _ => -0.003 };
        var initStd = new Option<double>("--init-std") { Description = "Std of Gaussian initial memories and labels", DefaultValueFactory = _ => 1e-5 };
        var labels = new Option<string>("--labels") { Description = "Initial labels for sample/combo starts: DEFAULT[,CLASS=V|MEMORY:CLASS=V…], e.g. -0.6,1=0.6", DefaultValueFactory = _ => "-1" };
        var initState = new Option<string?>("--init-state") { Description = "Start from a saved state.bin" };
        var recordEvery = new Option<int>("--record-every") { Description = "Record memories, labels and ᾱ every k epochs", DefaultValueFactory = _ => 10 };
        var checkpointEvery = new Option<int>("--checkpoint-every") { Description = "Write a checkpoint every k epochs", DefaultValueFactory = _ => 200 };
        var snapshots = new Option<string?>("--snapshot-epochs") { Description = "Epochs shown in memories.png, e.g. 0,500,1000,3500" };
        var threads = new Option<int>("--threads") { Description = "Worker threads (results do not depend on it)", DefaultValueFactory = _ => Environment.ProcessorCount };
        var output = new Option<string>("--out") { Description = "Output folder", DefaultValueFactory = _ => "output/train" };
        var resume = new Option<bool>("--resume") { Description = "Continue the run in --out from its checkpoint" };
        var force = new Option<bool>("--force") { Description = "Discard a run of other settings in --out and start this one there" };

        var command = new Command("train", "Train the dense Hopfield network on real digits with the paper's update rule, with recordings, checkpoints and figures");
        digits.AddTo(command);
        foreach (var o in new Option[] { memories, n, m, temperature.TempR, temperature.Temp, rate, epochs, momentum, minibatch, memNoise, labNoise, clip, init, initMean, initStd, labels, initState, recordEvery, checkpointEvery, snapshots, threads, output, resume, force })
            command.Options.Add(o);

        command.SetAction((r, _) =>
        {
            int k = r.GetValue(memories);
            if (k < 1) throw new UsageException($"--memories must be at least 1 (got {k})");
            var parameters = r.GetValue(temperature.Temp) is not null ? new NetworkParameters(r.GetValue(n), temperature.Temperature(r), r.GetValue(m))
                : NetworkParameters.FromReducedTemperature(r.GetValue(n), temperature.ReducedTemperature(r), r.GetValue(m));
            var options = new TrainingOptions
            {
                Rate = r.GetValue(rate),
                Epochs = r.GetValue(epochs),
                Momentum = r.GetValue(momentum),
                MinibatchSize = r.GetValue(minibatch),
                MemoryNoise = r.GetValue(memNoise),
                LabelNoise = r.GetValue(labNoise),
                Seed = r.GetValue(digits.Seed),
                Threads = r.GetValue(threads),
                Renormalization = r.GetValue(clip) ? Renormalization.Clip : Renormalization.MaxNorm,
            }.Validated();
            int[]? snapshotEpochs = r.GetValue(snapshots) is { } se ? ParseInts(se, "--snapshot-epochs") : null;
            var initialCondition = ParseInit(r.GetValue(init)!, r.GetValue(initMean), r.GetValue(initStd), r.GetValue(labels)!, r.GetValue(initState));
            var set = digits.Select(r);
            var values = new SortedDictionary<string, object?>
            {
                ["digits"] = r.GetValue(digits.Digits),
                ["perClass"] = r.GetValue(digits.PerClass),
                ["first"] = r.GetValue(digits.First),
                ["mnist"] = r.GetValue(digits.Mnist),
                ["seed"] = options.Seed,
                ["memories"] = k,
                ["n"] = parameters.Exponent,
                ["m"] = parameters.CostExponent,
                ["temperature"] = parameters.Temperature,
                ["rate"] = options.Rate,
                ["epochs"] = options.Epochs,
                ["momentum"] = options.Momentum,
                ["minibatch"] = options.MinibatchSize,
                ["memoryNoise"] = options.MemoryNoise,
                ["labelNoise"] = options.LabelNoise,
                ["renormalization"] = options.Renormalization.ToString().ToLowerInvariant(),
                ["init"] = r.GetValue(init),
                ["initMean"] = r.GetValue(initMean),
                ["initStd"] = r.GetValue(initStd),
                ["labels"] = r.GetValue(labels),
                ["initState"] = r.GetValue(initState),
                ["recordEvery"] = r.GetValue(recordEvery),
            };
            var settings = JsonOutput.Serialize(values);
            // The manifest adds what the names alone do not pin down: the digits' content and the start state's.
            var manifest = RunSettings.Of("train", [.. values.Select(kv => (kv.Key, kv.Value)),
                ("digitsFingerprint", set.Fingerprint),
                ("initStateChecksum", r.GetValue(initState) is { } statePath ? StateFile.Checksum(statePath) : "")]);
            TrainingRun.Check(options, r.GetValue(recordEvery), r.GetValue(checkpointEvery), k, set.Dimension); // everything before the folder is touched
            // The start state is built once before the folder is touched, so a bad --init (a sample index out of range)
            // is refused without leaving a manifest behind.
            if (!r.GetValue(resume)) initialCondition.Create(k, set, options.Seed);
            using var folder = RunFolder.Open(r.GetValue(output)!, manifest, r.GetValue(force), mustExist: r.GetValue(resume));
            var run = new TrainingRun(set, parameters, options, () => initialCondition.Create(k, set, options.Seed), folder, settings,
                r.GetValue(recordEvery), r.GetValue(checkpointEvery), k);
            var result = Progress.Run(ctx, $"training n={parameters.Exponent} T_r={parameters.ReducedTemperature:F3}", options.Epochs,
                report => run.Execute(r.GetValue(resume), mt => report(mt.Epoch + 1, $"cost {NumberFormat.Scientific(mt.Cost, 3)}  acc {mt.Accuracy:P1}"), ctx.Cancel));
            var title = $"K={k}, n={parameters.Exponent}, T_r={parameters.ReducedTemperature:F3}, ε={options.Rate}";
            foreach (var path in TrainingReport.Write(result, folder.Path, title, snapshotEpochs)) ctx.Out.WriteLine($"wrote {path}");
            PrintOrder(ctx, result);
            return Task.FromResult(0);
        });
        return command;
    }

    static void PrintOrder(CliContext ctx, TrainingResult result)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(ctx.Out) });
        var table = new Table().AddColumns("class", "learned at epoch").Title("Learning order (recall and precision ≥ ½)");
        foreach (var c in result.Order) table.AddRow(c.Class.ToString(), c.Epoch?.ToString() ?? "never");
        console.Write(table);
        var last = result.Metrics[^1];
        ctx.Out.WriteLine($"final: cost {NumberFormat.Scientific(last.Cost, 4)}, {last.CorrectCount}/{last.Total.Sum()} training digits correct");
    }

    public static int[] ParseInts(string text, string option) => Lists.NonNegativeIntegers(text, option);

    static double ParseDouble(string s, string what) => Lists.Number(s.Trim(), what);

    public static InitialCondition ParseInit(string spec, double mean, double std, string labels, string? statePath)
    {
        if (statePath is not null) return new InitialCondition.FromState(StateFile.Read(statePath).State);
        var parts = spec.Split(':');
        switch (parts[0])
        {
            case "gaussian" when parts.Length == 1:
                return new InitialCondition.Gaussian(mean, std, mean, std);
            case "sample" when parts.Length == 3:
                if (!int.TryParse(parts[1], out var index) || index < 0) throw new UsageException($"--init sample:I:F: '{parts[1]}' is not a sample index");
                double factor = ParseDouble(parts[2], "--init sample:I:F");
                var row = new double[index + 1];
                row[index] = factor;
                return new PaddedCombination([row], ParseLabels(labels));
            case "combo" when parts.Length == 2:
                var rows = parts[1].Split(';').Select(rw => Lists.Numbers(rw, "--init combo")).ToArray();
                return new PaddedCombination(rows, ParseLabels(labels));
            default:
                throw new UsageException($"unknown --init '{spec}': use gaussian, sample:I:F or combo:a,b;c,d");
        }
    }

    /// <summary>A combination whose rows may be shorter than the training set (missing coefficients are 0).</summary>
    sealed record PaddedCombination(double[][] Rows, LabelRule Labels) : InitialCondition
    {
        public override NetworkState Create(int memoryCount, TrainingSet set, int seed)
        {
            if (Rows.Any(r => r.Length > set.Count))
                throw new UsageException($"--init refers to sample {Rows.Max(r => r.Length) - 1} but the training set has {set.Count} samples (0-{set.Count - 1})");
            var full = Rows.Select(r => r.Concat(new double[set.Count - r.Length]).ToArray()).ToArray();
            return new Combination(full, Labels).Create(memoryCount, set, seed);
        }
    }

    public static LabelRule ParseLabels(string text)
    {
        if (string.IsNullOrWhiteSpace(text)) throw new UsageException("--labels is empty");
        var parts = Lists.Entries(text, "--labels");
        double def = ParseDouble(parts[0], "--labels default");
        var overrides = new List<(int, int, double)>();
        foreach (var p in parts.Skip(1))
        {
            var kv = p.Split('=');
            if (kv.Length != 2) throw new UsageException($"--labels: '{p}' is not CLASS=V or MEMORY:CLASS=V");
            var target = kv[0].Split(':');
            int mu = -1, d;
            if (target.Length == 2 && int.TryParse(target[0], out var mm) && int.TryParse(target[1], out d)) mu = mm;
            else if (target.Length != 1 || !int.TryParse(target[0], out d)) throw new UsageException($"--labels: '{kv[0]}' is not a class or memory:class");
            overrides.Add((mu, MnistSet.CheckDigit(d), ParseDouble(kv[1], "--labels value")));
        }
        return new LabelRule(def, overrides.ToArray());
    }
}
