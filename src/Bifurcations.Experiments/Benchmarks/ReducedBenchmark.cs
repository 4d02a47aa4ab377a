using System.Diagnostics;
using Bifurcations.Model;
using Bifurcations.Reduced;

namespace Bifurcations.Experiments.Benchmarks;

/// <summary>One timed task of the reduced-model benchmark.</summary>
public sealed record ReducedBenchmarkRow(string Task, double Milliseconds, int FixedPoints, string Counted = "fixed points");

/// <summary>
/// Speed of the reduced two-digit analysis for G = (753, 494, 719), K = 2: all fixed points of one configuration at
/// the paper's point (T = 700) and at T_r = 0.6 (median of 21 solves); at T = 700 all fixed points on
/// both branches plus both nullclines of the upper branch for one n (median over n = 15, 30, 45 after a
/// warm-up), and the same for the 700 values n = 1.1 … 71 (step 0.1) of the paper's diagram; whole continuation
/// diagrams in n at T = 700, 550, 900 and in T_r at n = 30, and the fold curves in (n, T_r).
/// </summary>
public static class ReducedBenchmark
{
    /// <summary>Times the reduced-model analysis (fixed points, nullclines) at the paper's point and at a low temperature.</summary>
    public static IReadOnlyList<ReducedBenchmarkRow> Run(IProgress<string>? progress = null)
    {
        var gram = new GramPair(753, 494, 719);
        PairModel Model(double n) => new(gram, new NetworkParameters(n, 700), 2);
        int Full(PairModel m)
        {
            int c = FixedPointSolver.Solve(m).Count;
            Nullclines.Memory(m, ManifoldBranch.Upper);
            Nullclines.Label(m, ManifoldBranch.Upper);
            return c;
        }
        Full(Model(20)); Full(Model(40)); // JIT warm-up
        var rows = new List<ReducedBenchmarkRow>();
        // All fixed points of one configuration (both branches, with the completeness verdict): median of 21 solves.
        foreach (var (label, m) in new[]
                 {
                     ("all fixed points, paper's point (n = 15, T = 700, K = 2)", Model(15)),
                     ("all fixed points, paper's point (n = 30, T = 700, K = 2)", Model(30)),
                     ("all fixed points, T_r = 0.6 (n = 30, T = 470.4, K = 2)", new PairModel(gram, NetworkParameters.FromReducedTemperature(30, 0.6), 2)),
                     ("all fixed points, T_r = 0.6 (n = 60, T = 470.4, K = 2)", new PairModel(gram, NetworkParameters.FromReducedTemperature(60, 0.6), 2)),
                 })
        {
            progress?.Report(label);
            FixedPointSolver.Find(m);
            var solves = Enumerable.Range(0, 21).Select(_ =>
            {
                var sw = Stopwatch.StartNew();
                int c = FixedPointSolver.Find(m).Points.Count;
                return (sw.Elapsed.TotalMilliseconds, c);
            }).OrderBy(x => x.TotalMilliseconds).ToArray();
            rows.Add(new ReducedBenchmarkRow(label, solves[10].TotalMilliseconds, solves[10].c));
        }
        progress?.Report("one n");
        var single = new[] { 15.0, 30, 45 }.Select(n =>
        {
            var sw = Stopwatch.StartNew();
            int c = Full(Model(n));
            return (sw.Elapsed.TotalMilliseconds, c);
        }).OrderBy(x => x.TotalMilliseconds).ToArray();
        rows.Add(new ReducedBenchmarkRow("fixed points + both nullclines, one n (median of n = 15, 30, 45)", single[1].TotalMilliseconds, single[1].c));
        var ns = Enumerable.Range(0, 700).Select(i => 1.1 + 0.1 * i).ToArray();
        progress?.Report("700 n, fixed points");
        var watch = Stopwatch.StartNew();
        int total = ns.Sum(n => FixedPointSolver.Solve(Model(n)).Count);
        rows.Add(new ReducedBenchmarkRow("fixed points, 700 n (1.1 … 71)", watch.Elapsed.TotalMilliseconds, total));
        progress?.Report("700 n, fixed points and nullclines");
        watch.Restart();
        total = ns.Sum(n => Full(Model(n)));
        rows.Add(new ReducedBenchmarkRow("fixed points + both nullclines, 700 n", watch.Elapsed.TotalMilliseconds, total));
        // Whole diagrams and fold curves by the continuation engine: median of 3 after a warm-up. The FixedPoints column
        // holds the number of folds (or fold curves) found.
        (double Ms, int Count) Median(Func<int> task)
        {
            task();
            var t = Enumerable.Range(0, 3).Select(_ => { var sw = Stopwatch.StartNew(); int c = task(); return (sw.Elapsed.TotalMilliseconds, c); })
                .OrderBy(x => x.TotalMilliseconds).ToArray();
            return t[1];
        }
        foreach (var t in new[] { 700.0, 550, 900 })
        {
            progress?.Report($"bifurcation diagram, T = {t}");
            var (ms, folds) = Median(() => PairContinuation.Diagram(new PairModel(gram, new NetworkParameters(1.5, t), 2), PairParameter.Exponent, 1.5, 80).Folds.Count);
            rows.Add(new ReducedBenchmarkRow($"bifurcation diagram n in [1.5, 80], T = {t}", ms, folds, "folds"));
        }
        progress?.Report("bifurcation diagram in T_r");
        var inT = Median(() => PairContinuation.Diagram(Model(30), PairParameter.ReducedTemperature, 0.55, 1.25).Folds.Count);
        rows.Add(new ReducedBenchmarkRow("bifurcation diagram T_r in [0.55, 1.25], n = 30", inT.Ms, inT.Count, "folds"));
        progress?.Report("fold curves");
        var curves = Median(() => FoldCurves.Trace(Model(30), new ParameterRange(PairParameter.Exponent, 1.5, 80), new ParameterRange(PairParameter.ReducedTemperature, 0.55, 1.25)).Curves.Count);
        rows.Add(new ReducedBenchmarkRow("fold curves in (n, T_r), T_r 0.55–1.25, n 1.5–80", curves.Ms, curves.Count, "fold curves"));
        return rows;
    }
}
