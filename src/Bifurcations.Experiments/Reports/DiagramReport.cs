using System.Text.Json;
using Bifurcations.Continuation;
using Bifurcations.Experiments.IO;
using Bifurcations.Reduced;

namespace Bifurcations.Experiments.Reports;

/// <summary>
/// The JSON of <c>bifurcations continue --json</c>: branches (points and special points), folds, and the model. Every
/// point carries the continuation parameter's value <c>p</c> beside the model's n and T there; <c>parameter</c> names it.
/// Only finite numbers appear (ℓ below the double range is 0 with its <c>ellLog10</c>).
/// </summary>
public sealed record DiagramReport(string Parameter, double RangeFrom, double RangeTo, DiagramReport.BranchJson[] Branches, DiagramReport.FoldJson[] Folds,
    double[] Gram, double Temperature, double N, int Memories, string Case, int Seeds, int BranchesFromSeeds, int BranchesFromSwitching,
    bool Stalled, string[] SeedProblems)
{
    /// <summary>A point of a branch.</summary>
    /// <param name="P">The continuation parameter.</param>
    /// <param name="N">n there.</param>
    /// <param name="Temperature">T there.</param>
    /// <param name="AlphaA">α_A.</param>
    /// <param name="AlphaB">α_B.</param>
    /// <param name="Ell">ℓ (0 below the double range).</param>
    /// <param name="EllLog10">log10|ℓ|.</param>
    /// <param name="Stable">Whether the point is stable.</param>
    /// <param name="Stability">stable, saddle or unstable.</param>
    /// <param name="Saturated">Whether the label is held at ±1.</param>
    public sealed record PointJson(double P, double N, double Temperature, double AlphaA, double AlphaB, double Ell, double EllLog10, bool Stable, string Stability, bool Saturated);
    /// <summary>A special point of a branch.</summary>
    /// <param name="Kind">fold, branch point, Hopf point or event.</param>
    /// <param name="What">What happened, in words.</param>
    /// <param name="P">The located parameter.</param>
    /// <param name="From">The bracket's lower end.</param>
    /// <param name="To">The bracket's upper end.</param>
    /// <param name="AlphaA">α_A there.</param>
    /// <param name="Ell">ℓ there.</param>
    /// <param name="Status">located, or why not.</param>
    /// <param name="Precision">The location's precision in arclength.</param>
    public sealed record EventJson(string Kind, string What, double P, double From, double To, double AlphaA, double Ell, string Status, double Precision);
    /// <summary>How a branch end came about.</summary>
    /// <param name="Reason">The reason (a bound, a loop, a stall, …).</param>
    /// <param name="P">The parameter there.</param>
    /// <param name="What">Details, in words.</param>
    public sealed record EndJson(string Reason, double P, string What);
    /// <summary>A branch.</summary>
    /// <param name="Points">Its points in order.</param>
    /// <param name="Events">Its special points.</param>
    /// <param name="Start">How its first end came about.</param>
    /// <param name="Finish">How its last end came about.</param>
    public sealed record BranchJson(PointJson[] Points, EventJson[] Events, EndJson Start, EndJson Finish);
    /// <summary>A fold (saddle-node).</summary>
    /// <param name="P">The located parameter.</param>
    /// <param name="N">n there.</param>
    /// <param name="Temperature">T there.</param>
    /// <param name="AlphaA">α_A.</param>
    /// <param name="AlphaB">α_B.</param>
    /// <param name="Ell">ℓ.</param>
    /// <param name="SmallEigenvalue">The eigenvalue of least magnitude (≈ 0).</param>
    /// <param name="Status">located, or why not.</param>
    /// <param name="Precision">The location's precision in arclength.</param>
    /// <param name="From">The bracket's lower end.</param>
    /// <param name="To">The bracket's upper end.</param>
    public sealed record FoldJson(double P, double N, double Temperature, double AlphaA, double AlphaB, double Ell, double SmallEigenvalue, string Status, double Precision, double From, double To);

    /// <summary>The report of a diagram.</summary>
    public static DiagramReport From(BifurcationDiagram d)
    {
        var m = d.Model;
        return new(d.Parameter.Name, d.From, d.To,
            d.Branches.Select(b => new BranchJson(
                b.Points.Select(p => new PointJson(p.Parameter, p.N, p.Temperature, p.AlphaA, p.AlphaB, p.Ell, Finite(p.EllLog10), p.Stable, Name(p.Stability), p.Saturated)).ToArray(),
                b.SpecialPoints.Select(e => new EventJson(Kind(e.Kind), e.What, e.Parameter, e.ParameterFrom, e.ParameterTo, e.AlphaA, e.Ell, Name(e.Status), e.Precision)).ToArray(),
                End(b.Start), End(b.Finish))).ToArray(),
            d.Folds.Select(f =>
            {
                var at = d.Parameter.At(m, f.Parameter);
                return new FoldJson(f.Parameter, at.Exponent, at.Temperature, f.AlphaA, f.AlphaB, f.Ell, Finite(f.SmallestEigenvalue ?? double.NaN), Name(f.Status), f.Precision, f.ParameterFrom, f.ParameterTo);
            }).ToArray(),
            m.Gram.ToArray(), m.Temperature, m.Exponent, m.Memories, m.Case.ToString().ToLowerInvariant(), d.Seeds, d.BranchesFromSeeds, d.BranchesFromSwitching,
            d.Stalled, [.. d.SeedProblems]);
    }

    static EndJson End(BranchEnd e) => new(Kebab(e.Reason.ToString()), e.Parameter, e.What);
    static string Kind(SpecialPointKind k) => Kebab(k.ToString());
    static string Name<T>(T value) where T : Enum => Kebab(value.ToString());
    static string Kebab(string s) => string.Concat(s.Select((c, i) => char.IsUpper(c) ? (i > 0 ? "-" : "") + char.ToLowerInvariant(c) : c.ToString()));
    /// <summary>JSON has no ±∞ or NaN: beyond the double range the value is clamped to ±double.MaxValue, and NaN becomes 0.</summary>
    static double Finite(double x) => double.IsNaN(x) ? 0 : Math.Clamp(x, -double.MaxValue, double.MaxValue);

    /// <summary>The report as JSON (the output convention; <paramref name="indented"/> is kept for callers and has no effect).</summary>
    public string ToJson(bool indented = false) =>
        JsonOutput.Serialize(this);
}
