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
