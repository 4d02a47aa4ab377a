using Bifurcations.Experiments.Simulations;
using System.CommandLine;
using System.Globalization;
using Bifurcations.Experiments.IO;
using Bifurcations.Experiments.Plotting;
using Bifurcations.Reduced;

namespace Bifurcations.Cli.Commands;

/// <summary><c>split-tree</c>: the three-category model's predicted order of splits, without a simulation.</summary>
public static class SplitTreeCommand
{
    public static Command Create(CliContext ctx)
    {
        var digitOptions = new DigitOptions("1,4,7", 20, "Seed of the digit selection (the digits' class means represent the classes)", seedOnlyPicks: true);
        var n = new Option<double>("--n") { Description = "Exponent n", DefaultValueFactory = _ => 30 };
        var temperature = new TemperatureOption(1.0);
        var memories = new Option<int>("--memories") { Description = "Memories K", DefaultValueFactory = _ => 100 };
        var share = new Option<double>("--share") { Description = "Share of a splitting group sent towards the class that splits off", DefaultValueFactory = _ => 0.5 };
        var output = new Option<string>("--out") { Description = "Output folder", DefaultValueFactory = _ => "output/split-tree" };
        var force = ResultSettings.ForceOption();
        var command = new Command("split-tree", "Predict the order of the splits of K memories on three classes from the reduced model (JSON and figure)");
        digitOptions.AddTo(command);
        command.Options.Add(n);
        temperature.AddTo(command);
        foreach (var o in new Option[] { memories, share, output, force }) command.Options.Add(o);
        command.SetAction(r =>
        {
            var classes = digitOptions.Classes(r, 3);
            var p = Model.NetworkParameters.FromReducedTemperature(r.GetValue(n), temperature.ReducedTemperature(r));
            var set = digitOptions.Select(r);
            using var folder = ResultFolder.Open(r.GetValue(output)!, ResultSettings.SplitTree(set, classes, p, r.GetValue(memories), r.GetValue(share)), r.GetValue(force));
            var model = ThreeCategoryModel.FromClassMeans(set, classes, p, r.GetValue(memories));
            var tree = SplitTreeSolver.Predict(model, [0.8, 0.1, 0.1], [0, 0, 0], new SplitTreeOptions { Share = r.GetValue(share) });
            foreach (var f in Write(tree, null, r.GetValue(output)!)) ctx.Out.WriteLine($"wrote {f}");
            folder.Complete();
            foreach (var s in tree.Splits)
                ctx.Out.WriteLine(FormattableString.Invariant($"t = {s.Time:F1}: {s.Describe()} at ᾱ = ({string.Join(", ", s.Alpha.Select(x => x.ToString("F3", CultureInfo.InvariantCulture)))}), rate {s.Rate:G4}, {s.Copies} memories"));
            if (tree.Splits.Count == 0) ctx.Out.WriteLine("no split: the memories' gathering point is stable against every mode of difference");
            return 0;
        });
        return command;
    }

    /// <summary>split-tree.json (the tree and its splits in order) and split-tree.png/svg.</summary>
    public static IEnumerable<string> Write(SplitTree tree, IReadOnlyList<ObservedSplit>? observed, string dir)
    {
        Directory.CreateDirectory(dir);
        object Node(SplitTreeNode x) => new
        {
            copies = x.Copies, alpha = x.Alpha, ell = x.Ell, time = x.Time, endClasses = x.EndClasses(tree.Classes),
            split = x.Split is { } m ? new { rate = m.Rate, deltaAlpha = m.DeltaAlpha, deltaEll = m.DeltaEll } : null,
            path = x.Path, children = x.Children.Select(Node).ToArray(),
        };
        var json = Path.Combine(dir, "split-tree.json");
        AtomicFile.WriteAllText(json, JsonOutput.Serialize(new
        {
            classes = tree.Classes, n = tree.Exponent, temperatureR = tree.ReducedTemperature,
            predictedSplits = tree.Splits.Select(s => new { time = s.Time, alpha = s.Alpha, ell = s.Ell, rate = s.Rate, copies = s.Copies, splitsOff = s.SplitsOff, separatesClasses = s.SeparatesClasses, left = s.Left, right = s.Right }),
            observedSplits = observed?.Select(s => new { epoch = s.Epoch, alpha = s.Location, left = s.Left, right = s.Right, leftSize = s.LeftSize, rightSize = s.RightSize }),
            tree = Node(tree.Root),
        }) + "\n");
        return FigureExport.Save(SplitTreeFigure.Build(tree, observed), Path.Combine(dir, "split-tree.png"), 1100, 650, svg: true).Prepend(json);
    }
}

/// <summary><c>three-category</c>: where K identical memories on three classes gather, swept up and down in n (or T, T_r) on engine branches, with located folds and split modes.</summary>
public static class ThreeCategoryCommand
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
            var parameter = PairParameter.Parse(r.GetValue(param)!);
            if (!parameter.IsNetworkParameter) throw new UsageException($"--param {parameter.Name}: the three-category system takes n, temperature or temp-r");
            RangeAliases.Check(r, parameter, from, to, step);
            if (parameter.Kind != PairParameterKind.Exponent && temperature.Given(r))
                throw new UsageException($"--temp/--temp-r set the temperature, the parameter being swept: give its range with --from and --to instead");
            if (parameter.Kind == PairParameterKind.Exponent && r.GetResult(n) is { Implicit: false })
                throw new UsageException("--n sets n, the parameter being swept: give its range with --from and --to instead");
            var (a0, b0, s0) = parameter.Kind switch
            {
                PairParameterKind.Exponent => (2.0, 60.0, 2.0),
                PairParameterKind.ReducedTemperature => (0.55, 1.25, 0.05),
                _ => (0.55 * Model.NetworkParameters.PixelCount, 1.25 * Model.NetworkParameters.PixelCount, 0.05 * Model.NetworkParameters.PixelCount),
            };
            double a = r.GetValue(from) ?? a0, b = r.GetValue(to) ?? b0, s = r.GetValue(step) ?? s0;
            if (!(a > 0) || !(b >= a) || !(s > 0)) throw new UsageException(FormattableString.Invariant($"the {parameter.Name} grid {a}…{b} step {s} is empty or invalid ({parameter.Name} > 0)"));
            var grid = Grid.Steps(a, b, s, parameter.Name);
            // The network at the grid's first value: the swept parameter's own option was refused above.
            var network = parameter.At(Model.NetworkParameters.FromReducedTemperature(r.GetValue(n), temperature.ReducedTemperature(r)), grid[0]);
            var set = digitOptions.Select(r);
            using var folder = ResultFolder.Open(r.GetValue(output)!, ResultSettings.ThreeCategory(set, classes, network, parameter, r.GetValue(memories), grid), r.GetValue(force));
            foreach (var f in Write(ctx, set, classes, network, parameter, r.GetValue(memories), grid, r.GetValue(output)!)) ctx.Out.WriteLine($"wrote {f}");
            folder.Complete();
            return 0;
        });
        return command;
    }

    public static IReadOnlyList<string> Write(CliContext ctx, Data.TrainingSet set, int[] classes, Model.NetworkParameters network, PairParameter parameter, int memories, double[] grid, string dir)
    {
        var model = ThreeCategoryModel.FromClassMeans(set, classes, network, memories);
        var d = Progress.Run(ctx, $"three categories, {parameter.Name} up and down", 2 * grid.Length, report =>
            ThreeCategoryContinuation.Run(model, parameter, grid, [0.8, 0.1, 0.1], [0, 0, 0], progress: Progress.Steps(report), cancel: ctx.Cancel));
        Directory.CreateDirectory(dir);
        var csv = Path.Combine(dir, "branches.csv");
        CsvOutput.Write(csv, ["direction", CsvOutput.Column(parameter.Name), "alpha_1", "alpha_2", "alpha_3", "ell_1", "ell_2", "ell_3", "stability", "symmetric_eigenvalue", "unstable_modes", "split_rate", "splits_off", "resolved"],
            new[] { d.Up, d.Down }.SelectMany(br => br.Points.Select(p => new object?[] { br.Upwards ? "up" : "down", p.Parameter, p.Alpha[0], p.Alpha[1], p.Alpha[2], p.Ell[0], p.Ell[1], p.Ell[2],
                p.Stability.ToString().ToLowerInvariant(), p.SymmetricEigenvalue, p.UnstableModes, p.SplitRate, p.SplitsOff, p.Resolved })));
        var curves = Path.Combine(dir, "continued.csv");
        CsvOutput.Write(curves, ["branch", CsvOutput.Column(parameter.Name), "alpha_1", "alpha_2", "alpha_3", "ell_1", "ell_2", "ell_3", "stability"],
            d.Branches.SelectMany((b, i) => b.Points.Select(p => new object?[] { i, p.Parameter, p.Alpha[0], p.Alpha[1], p.Alpha[2], p.Ell[0], p.Ell[1], p.Ell[2], p.Stability.ToString().ToLowerInvariant() })));
        var json = Path.Combine(dir, "branches.json");
        // Hysteresis: the grid values where the two sweeps rest at different points (between folds).
        var hysteresis = d.Up.Points.Where(p => SpanContinuation.Distance(p.Alpha, p.Ell, d.Down.Points.First(q => q.Parameter == p.Parameter).Alpha, d.Down.Points.First(q => q.Parameter == p.Parameter).Ell) > ThreeCategoryContinuation.SameRestPoint)
            .Select(p => p.Parameter).ToArray();
        object Jumps(ThreeCategorySweep s) => s.Jumps.Select(j => new { p = j.Parameter, what = j.What, located = j.Located }).ToArray();
        var folds = d.Folds.Select(f => new { p = f.Parameter, alpha = f.Alpha, ell = f.Ell, status = f.Status.ToString().ToLowerInvariant(), precision = f.Precision, smallEigenvalue = f.SmallestEigenvalue }).ToArray();
        var ends = d.Branches.SelectMany(b => new[] { b.Start, b.Finish }).Where(e => e.Reason != Continuation.BranchEndReason.ParameterBound)
            .Select(e => new { p = e.Parameter, reason = e.Reason.ToString(), what = e.What }).ToArray();
        AtomicFile.WriteAllText(json, JsonOutput.Serialize(new { classes, parameter = parameter.Name, temperatureR = network.ReducedTemperature, n = network.Exponent, memories,
            jumpsUp = Jumps(d.Up), jumpsDown = Jumps(d.Down), folds, branchEnds = ends, hysteresisAt = hysteresis }) + "\n");
        foreach (var br in new[] { d.Up, d.Down })
            ctx.Out.WriteLine(FormattableString.Invariant($"{parameter.Name} {(br.Upwards ? "up" : "down")}: jumps at {(br.Jumps.Count == 0 ? "none" : string.Join(", ", br.Jumps.Select(j => j.Parameter.ToString("G8", CultureInfo.InvariantCulture) + (j.Located ? "" : " (not located)"))))}; memories split at {parameter.Name} = {string.Join(", ", br.Points.Where(p => p.SplitRate > 0).Select(p => p.Parameter.ToString("G4", CultureInfo.InvariantCulture)))}"));
        ctx.Out.WriteLine(FormattableString.Invariant($"{d.Branches.Count} branch(es) continued; folds at {parameter.Name} = {(folds.Length == 0 ? "none" : string.Join(", ", folds.Select(f => f.p.ToString("G10", CultureInfo.InvariantCulture))))}"));
        var unresolved = d.Up.Points.Concat(d.Down.Points).Where(p => !p.Resolved).DistinctBy(p => p.Parameter).ToArray();
        if (unresolved.Length > 0)
            ctx.Error.WriteLine(FormattableString.Invariant($"warning: the memories reach no attracting rest point at {parameter.Name} = {string.Join(", ", unresolved.Select(p => $"{p.Parameter:G6} (Σ|α| = {p.Alpha.Sum(Math.Abs):G4})"))}: where Σ|α| < 1 they have left the manifold inward (the renormalization stopped acting), elsewhere they circle an unstable focus (a Hopf point) or Newton cannot resolve them; the flow's point is given, marked resolved = false"));
        ctx.Out.WriteLine(hysteresis.Length == 0 ? "no hysteresis: both sweeps rest at the same points (no fold pair on this grid)"
            : FormattableString.Invariant($"hysteresis (the sweeps disagree) at {parameter.Name} = {string.Join(", ", hysteresis)}: folds bound this window"));
        return FigureExport.Save(ThreeCategoryFigure.Build(d, classes, network), Path.Combine(dir, "branches.png"), 1000, 600, svg: true).Prepend(json).Prepend(curves).Prepend(csv).ToArray();
    }
}
