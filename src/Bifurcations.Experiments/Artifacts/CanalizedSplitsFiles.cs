using System.Globalization;
using Bifurcations.Experiments.IO;
using Bifurcations.Experiments.Plotting;
using Bifurcations.Experiments.Simulations;

namespace Bifurcations.Experiments.Artifacts;

/// <summary>The files of paper Fig. 4: the simulated canalized splits beside the three-category prediction.</summary>
public static class CanalizedSplitsFiles
{
    /// <summary>splits.json (observed and predicted), the split tree, and the two ᾱ-plane figures of Fig. 4.</summary>
    public static IReadOnlyList<string> Write(CanalizedSplitsResult result, string dir)
    {
        Directory.CreateDirectory(dir);
        var first = result.FirstSplit;
        var report = new
        {
            classes = result.Classes,
            n = result.Exponent,
            temperatureR = result.ReducedTemperature,
            observed = new
            {
                splits = result.ObservedSplits.Select(s => new { epoch = s.Epoch, parent = s.Location, left = s.Left, right = s.Right, leftSize = s.LeftSize, rightSize = s.RightSize }),
                firstSplitClass = first?.Class,
                firstSplitAt = first?.Location,
            },
            predicted = result.Prediction is { } pr ? new
            {
                gatheringPoint = pr.Alpha,
                labels = pr.Ell,
                splitOrder = pr.UnstableModes.Select(m => new { rate = m.Rate, splitsOff = m.SplitsOff(result.Classes), deltaAlpha = m.DeltaAlpha }),
            } : null,
        };
        var json = Path.Combine(dir, "splits.json");
        AtomicFile.WriteAllText(json, JsonOutput.Serialize(report) + "\n");
        var files = new List<string> { json };
        if (result.Tree is { } tree) files.AddRange(SplitTreeFiles.Write(tree, result.Levels, dir));
        files.AddRange(FigureExport.Save(TrajectoryFigure.Build(result, 0, 1), Path.Combine(dir, $"alpha{result.Classes[0]}-alpha{result.Classes[1]}.png"), 900, 700, svg: true));
        files.AddRange(FigureExport.Save(TrajectoryFigure.Build(result, 0, 2), Path.Combine(dir, $"alpha{result.Classes[0]}-alpha{result.Classes[2]}.png"), 900, 700, svg: true));
        return files;
    }

    /// <summary>The observed and predicted splits, one line each.</summary>
    public static IReadOnlyList<string> Summary(CanalizedSplitsResult result)
    {
        var first = result.FirstSplit;
        var lines = new List<string>();
        lines.Add(FormattableString.Invariant($"observed: {result.Splits.Count} splits; first separates class {first?.Class.ToString() ?? "-"} at ᾱ = ({string.Join(", ", first?.Location.Select(x => x.ToString("F3", CultureInfo.InvariantCulture)) ?? [])})"));
        if (result.Prediction is { } p2)
            lines.Add(FormattableString.Invariant($"predicted: gathering at ᾱ = ({string.Join(", ", p2.Alpha.Select(x => x.ToString("F3", CultureInfo.InvariantCulture)))}); split order {string.Join(" then ", p2.UnstableModes.Select(m => m.SplitsOff(result.Classes)))}"));
        else lines.Add("predicted: the reduced flow left the positive face (no prediction)");
        if (result.Tree is { } tree) lines.AddRange(SplitTreeFiles.Summary(tree));
        foreach (var (os, i) in result.ObservedSplits.Select((os, i) => (os, i + 1)))
            lines.Add(FormattableString.Invariant($"observed split {i} (epoch {os.Epoch}): {os.Describe()} at ᾱ = ({string.Join(", ", os.Location.Select(x => x.ToString("F3", CultureInfo.InvariantCulture)))}), {os.LeftSize} | {os.RightSize} memories"));
        return lines;
    }
}
