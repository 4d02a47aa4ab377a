using Bifurcations.Analysis;
using Bifurcations.Experiments.IO;
using Bifurcations.Experiments.Plotting;
using Bifurcations.Experiments.Simulations;
using Bifurcations.Reduced;

namespace Bifurcations.Experiments.Artifacts;

/// <summary>The files of the class-mean model's predicted cascade, with the observed levels beside it when a simulation gave them.</summary>
public static class SplitTreeFiles
{
    /// <summary>split-tree.json (gathering point, mode, levels, each group's path) and split-tree.png/svg.</summary>
    public static IEnumerable<string> Write(SplitTree tree, IReadOnlyList<SplitLevel>? observed, string dir)
    {
        Directory.CreateDirectory(dir);
        var cascade = tree.Cascade;
        var json = Path.Combine(dir, "split-tree.json");
        AtomicFile.WriteAllText(json, JsonOutput.Serialize(new
        {
            classes = tree.Classes,
            n = tree.Exponent,
            temperatureR = tree.ReducedTemperature,
            gathering = new { alpha = tree.Gathering.Alpha, ell = tree.Gathering.Ell },
            mode = cascade?.Mode is { } m ? new { growthPerEpoch = m.Growth, rate = m.Rate, direction = m.Direction } : null,
            predicted = tree.Levels.Select(CascadeLevelRecord.Of),
            observed = observed?.Select(CascadeLevelRecord.Of),
            groups = cascade is null ? null : cascade.Representatives().Select(mu => new
            {
                copies = cascade.GroupOf.Count(g => g == cascade.GroupOf[mu]),
                endsAs = cascade.FinalClass[mu],
                path = cascade.Records.Select(r => new { epoch = r.Epoch, alphaBar = r.AlphaBar[mu] }),
            }),
        }) + "\n");
        return FigureExport.Save(SplitTreeFigure.Build(tree, observed), Path.Combine(dir, "split-tree.png"), 1000, 700, svg: true).Prepend(json);
    }

    /// <summary>The predicted levels in lines.</summary>
    public static IReadOnlyList<string> Summary(SplitTree tree) => tree.Cascade is null
        ? ["no split: the memories' gathering point is stable against every mode of difference"]
        : [.. tree.Levels.Select(l => FormattableString.Invariant($"predicted level {l.Level}: {l.Partition} at epoch {l.Epoch} (from the gathering point), sides {string.Join(" | ", l.SideSizes)}"))];
}
