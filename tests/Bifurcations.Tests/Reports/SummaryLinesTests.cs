using System.Globalization;
using Bifurcations.Experiments.Artifacts;
using Bifurcations.Experiments.IO;
using Bifurcations.Experiments.Reports;
using Bifurcations.Experiments.Validation;
using Bifurcations.Reduced;

namespace Bifurcations.Tests.Reports;

/// <summary>The text a command prints is built in the library; each builder is checked against the result it reads.</summary>
public class SummaryLinesTests
{
    [Fact]
    public void TheFixedPointTableHasOneLinePerPointAndTheVerdict()
    {
        var model = PaperValues.Model(15);
        var set = FixedPointSolver.Find(model);
        var lines = FixedPointTable.Lines(model, set);
        Assert.StartsWith("G = (753, 494, 719), n = 15, T = 700, K = 2", lines[0]);
        Assert.Equal(set.Points.Count + 3, lines.Count);
        Assert.Equal($"completeness: {set.Completeness.Summary}", lines[^1]);
        // The paper's three points at n = 15 on the upper branch, each with its α to six places and its stability.
        foreach (var (alpha, _, stability) in PaperValues.FixedPointsAtN15)
            Assert.Contains(lines, l => l.StartsWith("upper", StringComparison.Ordinal) && l.Contains(stability.ToString().ToLowerInvariant(), StringComparison.Ordinal)
                && set.Points.Any(p => Math.Abs(p.AlphaA - alpha) < 5e-3 && l.Contains(p.AlphaA.ToString("F6", CultureInfo.InvariantCulture), StringComparison.Ordinal)));
    }

    [Fact]
    public void TheDiagramSummaryNamesEveryFoldInOrder()
    {
        var d = PairContinuation.Diagram(PaperValues.Model(30), 10, 50);
        var lines = DiagramFiles.Summary(d);
        Assert.StartsWith($"{d.Branches.Count} branches", lines[0]);
        var folds = lines.Where(l => l.StartsWith("fold at n = ", StringComparison.Ordinal)).ToArray();
        Assert.Equal(d.Folds.Count, folds.Length);
        // The paper's folds, near n = 24 and n = 36, in increasing order.
        var at = folds.Select(l => double.Parse(l["fold at n = ".Length..l.IndexOf(':', StringComparison.Ordinal)], CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal(at.Order(), at);
        for (int i = 0; i < PaperValues.FoldIntervals.Count; i++)
            Assert.InRange(at[i], PaperValues.FoldIntervals[i].From, PaperValues.FoldIntervals[i].To);
    }

    [Fact]
    public void ASlowWalkBecomesATrajectoryAndAThinnedFile()
    {
        var model = PaperValues.Model(15);
        var walk = new SlowFlowOptions(Step: 1e-3, RecordPath: true);
        var end = SlowFlow.Run(model, ManifoldBranch.Upper, 0.8, 0.5, walk);
        var t = end.ToTrajectory(walk.Step);
        Assert.Equal(end.Path.Count, t.Time.Length);
        Assert.Equal((end.Path.Count - 1) * 1e-3, t.Time[^1], 12);
        Assert.Equal(end.Path[^1].Ell, t.Ell[^1]);
        using var dir = new TempDir();
        var path = Path.Combine(dir.Path, "walk.csv");
        TrajectoryFile.Write(t, path, maxRows: 10);
        var rows = File.ReadAllLines(path);
        Assert.Equal("t,alpha,ell", rows[0]);
        Assert.InRange(rows.Length - 1, 10, 21);                    // about ten rows, the last point always among them
        Assert.EndsWith(t.Ell[^1].ToString("R", CultureInfo.InvariantCulture), rows[^1], StringComparison.Ordinal);
    }
}
