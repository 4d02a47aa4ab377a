namespace Bifurcations.Experiments.Simulations;

/// <summary>
/// How well the exact group system answers paper Fig. 7 against the simulation (docs/cascade.md, "Path dependence from
/// the group system"), over runs that carry both:
/// <list type="bullet">
/// <item>the saddle reached: both split with ᾱ of the first class within <see cref="SaddleTolerance"/> at the first split
/// (Fig. 7's coordinate), or neither splits;</item>
/// <item>path dependence: at each (T_r, n), whether the two starts reach one shared saddle (their saddles within
/// <see cref="SharedDistance"/> in every ᾱ) or two, the same in both;</item>
/// <item>the final proportions: the shares ending as the first and as the second class both within
/// <see cref="ProportionTolerance"/>.</item>
/// </list>
/// </summary>
public sealed record StartBiasScore(int Runs, int SaddlesAgreeing, double? MeanSaddleError, double? LargestSaddleDistance, int Cells, int PathsAgreeing,
    int ProportionsAgreeing, double? MeanProportionError)
{
    /// <summary>ᾱ of the first class at the saddle: the largest difference that counts as the same saddle.</summary>
    public const double SaddleTolerance = 0.05;
    /// <summary>Two starts share a saddle when their saddles differ by at most this in every ᾱ.</summary>
    public const double SharedDistance = 0.1;
    /// <summary>The largest difference in the share of memories ending as a class that counts as agreement.</summary>
    public const double ProportionTolerance = 0.15;

    /// <summary>The targets: the saddle in ≥ 90% of runs, path dependence in ≥ 90% of (T_r, n), proportions in ≥ 85% of runs.</summary>
    public bool MeetsTargets => Runs > 0 && SaddlesAgreeing >= 0.9 * Runs && PathsAgreeing >= 0.9 * Cells && ProportionsAgreeing >= 0.85 * Runs;

    /// <summary>The saddle errors in words; where no run reached a saddle in both there is no error to average.</summary>
    public string SaddleErrors => MeanSaddleError is { } mean
        ? FormattableString.Invariant($"mean |Δᾱ_1| {mean:F3}, largest distance in ᾱ {LargestSaddleDistance:F3}")
        : "no run reached a saddle in both, so no error to measure";

    /// <summary>The score of the runs that carry the group system's answer (null when none does).</summary>
    public static StartBiasScore? Of(IReadOnlyList<StartBiasRun> runs)
    {
        var scored = runs.Where(r => r.Groups is not null).ToArray();
        if (scored.Length == 0) return null;
        var errors = scored.Where(r => r.Saddle is not null && r.Groups!.Saddle is not null).Select(r => Math.Abs(r.Saddle![0] - r.Groups!.Saddle![0])).ToArray();
        var distances = scored.Where(r => r.Saddle is not null && r.Groups!.Saddle is not null).Select(r => Distance(r.Saddle!, r.Groups!.Saddle!)).ToArray();
        int saddles = scored.Count(r => (r.Saddle, r.Groups!.Saddle) switch
        {
            (null, null) => true,
            ({ } s, { } g) => Math.Abs(s[0] - g[0]) <= SaddleTolerance,
            _ => false,
        });
        var cells = scored.GroupBy(r => (r.ReducedTemperature, r.N)).Where(c => c.Count() == 2).ToArray();
        int paths = cells.Count(c => Shared(c.First().Saddle, c.Last().Saddle) == Shared(c.First().Groups!.Saddle, c.Last().Groups!.Saddle));
        double ProportionError(StartBiasRun r) => Math.Max(Math.Abs(r.FirstClassCount - r.Groups!.FirstClassCount), Math.Abs(r.SecondClassCount - r.Groups.SecondClassCount)) / (double)r.Memories;
        return new StartBiasScore(scored.Length, saddles, errors.Length > 0 ? errors.Average() : null, distances.Length > 0 ? distances.Max() : null,
            cells.Length, paths, scored.Count(r => ProportionError(r) <= ProportionTolerance), scored.Average(ProportionError));
    }

    static double Distance(double[] a, double[] b) => a.Zip(b).Max(t => Math.Abs(t.First - t.Second));

    static bool Shared(double[]? a, double[]? b) => a is not null && b is not null && Distance(a, b) <= SharedDistance;
}
