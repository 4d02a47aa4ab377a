using System.Globalization;
using Bifurcations.Analysis;
using Bifurcations.Experiments.IO;
using Bifurcations.Experiments.Plotting;
using Bifurcations.Experiments.Simulations;
using Bifurcations.Experiments.Sweeps;

namespace Bifurcations.Experiments.Artifacts;

/// <summary>The files of a cascade comparison: one run (JSON, figures) and a grid's score (summary lines).</summary>
public static class CascadeFiles
{
    /// <summary>cascade.json (the run's levels and scores) and the side-by-side figures in (ᾱ_a, ᾱ_b) and (ᾱ_a, ᾱ_c).</summary>
    public static IReadOnlyList<string> Write(CascadeRunResult result, string dir)
    {
        Directory.CreateDirectory(dir);
        var json = Path.Combine(dir, "cascade.json");
        AtomicFile.WriteAllText(json, JsonOutput.Serialize(result.ToRecord()) + "\n");
        var files = new List<string> { json };
        var c = result.Options.Classes;
        files.AddRange(FigureExport.Save(CascadeFigure.Build(result, 0, 1), Path.Combine(dir, $"cascade-alpha{c[0]}-alpha{c[1]}.png"), 1500, 560, svg: true));
        files.AddRange(FigureExport.Save(CascadeFigure.Build(result, 0, 2), Path.Combine(dir, $"cascade-alpha{c[0]}-alpha{c[2]}.png"), 1500, 560, svg: true));
        return files;
    }

    /// <summary>The run in lines: where it was seeded, the share outside the span, and each level observed and predicted.</summary>
    public static IReadOnlyList<string> Summary(CascadeRunResult r)
    {
        var lines = new List<string>
        {
            Invariant($"seeded at epoch {r.SeedEpoch} (memories gathered, spread ≤ {CascadeRunResult.LinearSpread:G2} in ᾱ); outside the span: {string.Join(", ", r.OutsideSpan.Select(s => Invariant($"{s.Share:G2} at epoch {s.Epoch}")))}"),
        };
        foreach (var l in r.Observed) lines.Add(Invariant($"observed level {l.Level}: {l.Partition} at epoch {l.Epoch}, sides {string.Join(" | ", l.SideSizes)}"));
        foreach (var m in new[] { r.Exact, r.ClassMean })
        {
            lines.Add(Invariant($"{m.Model}: {m.FinalClassAgreement:P0} of memories end in their simulated class; mode growth {(m.Prediction.Mode is { } mode ? Invariant($"{mode.Rate:G3} per epoch") : "none (no split predicted)")}; {m.Seconds:F1} s"));
            foreach (var s in m.Scores) lines.Add("  " + Describe(s));
        }
        lines.Add("exact groups against the simulation read in the same groups (a diagnostic: what is left once both are read as the same number of points):");
        foreach (var s in r.ExactInGroupsScores) lines.Add("  " + Describe(s));
        return lines;
    }

    /// <summary>A scored split in words.</summary>
    public static string Describe(LevelScore s) => s.Predicted is null
        ? Invariant($"level {s.Level}: observed {s.Observed} at epoch {s.ObservedEpoch}; predicted no such split")
        : Invariant($"level {s.Level}: observed {s.Observed} at epoch {s.ObservedEpoch}, predicted {s.Predicted} at epoch {s.PredictedEpoch} ({(s.PartitionAgrees ? "same partition" : "other partition")}; {s.Membership:P0} of memories on the right side; epoch off by {s.EpochError:P0}; made {s.Horizon} epochs ahead)");

    /// <summary>A grid's score in lines, one per model and level.</summary>
    public static IReadOnlyList<string> GridSummary(IReadOnlyList<CascadeRunRecord> runs) =>
        [Invariant($"{runs.Count} runs"), .. CascadeSweep.Score(runs).Select(s => s.Compared == 0 ? Invariant($"{s.Model}, level {s.Level}: no observed split to compare") : Invariant(
            $"{s.Model}, level {s.Level}: {s.Compared} splits; partition {s.PartitionAgreement:P0}, membership {Percent(s.MeanMembership)}, epoch error {Percent(s.MeanEpochError)} (within 15%: {Percent(s.WithinFifteenPercent)}), ᾱ off by {(s.MeanAlphaDistance is { } d ? d.ToString("F3", CultureInfo.InvariantCulture) : "-")}{(s.MeetsTargets ? "; meets the targets" : "")}"))];

    static string Percent(double? v) => v is { } x ? x.ToString("P0", CultureInfo.InvariantCulture) : "-";

    static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
