using Bifurcations.Experiments.IO;
using Bifurcations.Experiments.Plotting;
using Bifurcations.Experiments.Simulations;
using Bifurcations.Reduced;

namespace Bifurcations.Experiments.Artifacts;

/// <summary>The files of a predicted split tree, with the observed splits beside it when a simulation gave them.</summary>
public static class SplitTreeFiles
{
    /// <summary>split-tree.json (the tree and its splits in order) and split-tree.png/svg.</summary>
    public static IEnumerable<string> Write(SplitTree tree, IReadOnlyList<ObservedSplit>? observed, string dir)
    {
        Directory.CreateDirectory(dir);
        object Node(SplitTreeNode x) => new
        {
            copies = x.Copies,
            alpha = x.Alpha,
            ell = x.Ell,
            time = x.Time,
            endClasses = x.EndClasses(tree.Classes),
            split = x.Split is { } m ? new { rate = m.Rate, deltaAlpha = m.DeltaAlpha, deltaEll = m.DeltaEll } : null,
            path = x.Path,
            children = x.Children.Select(Node).ToArray(),
        };
        var json = Path.Combine(dir, "split-tree.json");
        AtomicFile.WriteAllText(json, JsonOutput.Serialize(new
        {
            classes = tree.Classes,
            n = tree.Exponent,
            temperatureR = tree.ReducedTemperature,
            predictedSplits = tree.Splits.Select(s => new { time = s.Time, alpha = s.Alpha, ell = s.Ell, rate = s.Rate, copies = s.Copies, splitsOff = s.SplitsOff, separatesClasses = s.SeparatesClasses, left = s.Left, right = s.Right }),
            observedSplits = observed?.Select(s => new { epoch = s.Epoch, alpha = s.Location, left = s.Left, right = s.Right, leftSize = s.LeftSize, rightSize = s.RightSize }),
            tree = Node(tree.Root),
        }) + "\n");
        return FigureExport.Save(SplitTreeFigure.Build(tree, observed), Path.Combine(dir, "split-tree.png"), 1100, 650, svg: true).Prepend(json);
    }
}
