using System.CommandLine;
using System.Globalization;
using Bifurcations.IO;
using Bifurcations.Plotting;
using Bifurcations.Reduced;

namespace Bifurcations.Cli.Commands;

/// <summary><c>split-tree</c>: the three-category model's predicted order of splits, without a simulation.</summary>
public static class SplitTreeCommand
{
    public static Command Create(CliContext ctx)
    {
        var digits = new Option<string>("--digits") { Description = "Three digit classes", DefaultValueFactory = _ => "1,4,7" };
        var perClass = new Option<int>("--per-class") { Description = "Training digits per class (their means represent the classes)", DefaultValueFactory = _ => 20 };
        var n = new Option<double>("--n") { Description = "Exponent n", DefaultValueFactory = _ => 30 };
        var tempR = new Option<double>("--temp-r") { Description = "Rescaled temperature T_r", DefaultValueFactory = _ => 1.0 };
        var memories = new Option<int>("--memories") { Description = "Memories K", DefaultValueFactory = _ => 100 };
        var share = new Option<double>("--share") { Description = "Share of a splitting group sent towards the class that splits off", DefaultValueFactory = _ => 0.5 };
        var seed = new Option<int>("--seed") { Description = "Seed of the digit selection", DefaultValueFactory = _ => 1 };
        var output = new Option<string>("--out") { Description = "Output folder", DefaultValueFactory = _ => "output/split-tree" };
        var command = new Command("split-tree", "Predict the order of the splits of K memories on three classes from the reduced model (JSON and figure)");
        foreach (var o in new Option[] { digits, perClass, n, tempR, memories, share, seed, output }) command.Options.Add(o);
        command.SetAction(r =>
        {
            var classes = Data.DigitSelection.ParseClasses(r.GetValue(digits)!);
            if (classes.Length != 3) throw new UsageException($"--digits must name three classes (got {classes.Length})");
            var p = Model.NetworkParameters.FromReducedTemperature(r.GetValue(n), r.GetValue(tempR));
            var set = new Data.DigitSelection(classes, r.GetValue(perClass), r.GetValue(seed)).Select(Data.MnistSet.Embedded);
            var model = ThreeCategoryModel.FromClassMeans(set, classes, p, r.GetValue(memories));
            var tree = SplitTreeSolver.Predict(model, [0.8, 0.1, 0.1], [0, 0, 0], new SplitTreeOptions { Share = r.GetValue(share) });
            foreach (var f in Write(tree, null, r.GetValue(output)!)) ctx.Out.WriteLine($"wrote {f}");
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
        AtomicFile.WriteAllText(json, System.Text.Json.JsonSerializer.Serialize(new
        {
            classes = tree.Classes, n = tree.Exponent, temperatureR = tree.ReducedTemperature,
            predictedSplits = tree.Splits.Select(s => new { time = s.Time, alpha = s.Alpha, ell = s.Ell, rate = s.Rate, copies = s.Copies, splitsOff = s.SplitsOff, separatesClasses = s.SeparatesClasses, left = s.Left, right = s.Right }),
            observedSplits = observed?.Select(s => new { epoch = s.Epoch, alpha = s.Location, left = s.Left, right = s.Right, leftSize = s.LeftSize, rightSize = s.RightSize }),
            tree = Node(tree.Root),
        }, FixedPointReport.Json) + "\n");
        return FigureExport.Save(SplitTreeFigure.Build(tree, observed), Path.Combine(dir, "split-tree.png"), 1100, 650, svg: true).Prepend(json);
    }
}

/// <summary><c>three-category</c>: where K identical memories gather on three classes, continued in n up and down, with folds and split modes.</summary>
public static class ThreeCategoryCommand
{
    public static Command Create(CliContext ctx)
    {
        var digits = new Option<string>("--digits") { Description = "Three digit classes", DefaultValueFactory = _ => "1,4,7" };
        var tempR = new Option<double>("--temp-r") { Description = "Rescaled temperature T_r", DefaultValueFactory = _ => 1.0 };
        var memories = new Option<int>("--memories") { Description = "Memories K", DefaultValueFactory = _ => 100 };
        var nFrom = new Option<double>("--n-from") { Description = "Smallest n", DefaultValueFactory = _ => 2 };
        var nTo = new Option<double>("--n-to") { Description = "Largest n", DefaultValueFactory = _ => 60 };
        var nStep = new Option<double>("--n-step") { Description = "Step in n", DefaultValueFactory = _ => 2 };
        var seed = new Option<int>("--seed") { Description = "Seed of the digit selection (20 per class; their means represent the classes)", DefaultValueFactory = _ => 1 };
        var output = new Option<string>("--out") { Description = "Output folder", DefaultValueFactory = _ => "output/three-category" };
        var command = new Command("three-category", "Continue in n where K memories on three classes gather (up and down), with folds and split modes");
        foreach (var o in new Option[] { digits, tempR, memories, nFrom, nTo, nStep, seed, output }) command.Options.Add(o);
        command.SetAction(r =>
        {
            var classes = Data.DigitSelection.ParseClasses(r.GetValue(digits)!);
            if (classes.Length != 3) throw new UsageException($"--digits must name three classes (got {classes.Length})");
            double a = r.GetValue(nFrom), b = r.GetValue(nTo), s = r.GetValue(nStep);
            if (!(a > 0) || !(b >= a) || !(s > 0)) throw new UsageException($"the n grid {a}…{b} step {s} is empty or invalid (n > 0)");
            var ns = Grid.Steps(a, b, s, "n");
            foreach (var f in Write(ctx, classes, r.GetValue(tempR), r.GetValue(memories), ns, r.GetValue(seed), r.GetValue(output)!)) ctx.Out.WriteLine($"wrote {f}");
            return 0;
        });
        return command;
    }

    public static IReadOnlyList<string> Write(CliContext ctx, int[] classes, double tempR, int memories, double[] ns, int seed, string dir)
    {
        var set = new Data.DigitSelection(classes, 20, seed).Select(Data.MnistSet.Embedded);
        var model = ThreeCategoryModel.FromClassMeans(set, classes, Model.NetworkParameters.FromReducedTemperature(ns[0], tempR), memories);
        ThreeCategoryModel At(double n) => model.With(Model.NetworkParameters.FromReducedTemperature(n, tempR));
        var up = Progress.Run(ctx, "three categories, n up", ns.Length, report =>
            ThreeCategoryContinuation.Follow(At, ns, [0.8, 0.1, 0.1], [0, 0, 0], upwards: true, Progress.Steps(report)));
        var last = up.Points[^1];
        var down = Progress.Run(ctx, "three categories, n down", ns.Length, report =>
            ThreeCategoryContinuation.Follow(At, ns, last.Alpha, last.Ell, upwards: false, Progress.Steps(report)));
        Directory.CreateDirectory(dir);
        var csv = Path.Combine(dir, "branches.csv");
        CsvOutput.Write(csv, ["direction", "n", "alpha_1", "alpha_2", "alpha_3", "ell_1", "ell_2", "ell_3", "symmetric_eigenvalue", "unstable_modes", "split_rate", "splits_off"],
            new[] { up, down }.SelectMany(br => br.Points.Select(p => new object?[] { br.Upwards ? "up" : "down", p.N, p.Alpha[0], p.Alpha[1], p.Alpha[2], p.Ell[0], p.Ell[1], p.Ell[2], p.SymmetricEigenvalue, p.UnstableModes, p.SplitRate, p.SplitsOff })));
        var json = Path.Combine(dir, "branches.json");
        // Hysteresis: the n of the grid where the two sweeps rest at different points (between folds).
        var hysteresis = up.Points.Where(p => down.Points.First(q => q.N == p.N).Alpha.Zip(p.Alpha, (x, y) => Math.Abs(x - y)).Max() > ThreeCategoryContinuation.Jump).Select(p => p.N).ToArray();
        AtomicFile.WriteAllText(json, System.Text.Json.JsonSerializer.Serialize(new { classes, temperatureR = tempR, memories, jumpsUp = up.Jumps, jumpsDown = down.Jumps, jumpTolerance = ThreeCategoryContinuation.JumpTolerance, hysteresisAt = hysteresis }, FixedPointReport.Json) + "\n");
        foreach (var (br, name) in new[] { (up, "up"), (down, "down") })
            ctx.Out.WriteLine(FormattableString.Invariant($"n {name}: jumps at {(br.Jumps.Count == 0 ? "none" : string.Join(", ", br.Jumps.Select(f => f.ToString("F2", CultureInfo.InvariantCulture))))}; memories split at n = {string.Join(", ", br.Points.Where(p => p.SplitRate > 0).Select(p => p.N.ToString("G4", CultureInfo.InvariantCulture)))}"));
        ctx.Out.WriteLine(hysteresis.Length == 0 ? "no hysteresis: both sweeps rest at the same points (no fold pair on this grid)"
            : FormattableString.Invariant($"hysteresis (the sweeps disagree) at n = {string.Join(", ", hysteresis)}: folds bound this window"));
        return FigureExport.Save(ThreeCategoryFigure.Build([up, down], classes, tempR), Path.Combine(dir, "branches.png"), 1000, 600, svg: true).Prepend(json).Prepend(csv).ToArray();
    }
}
