using Bifurcations.IO;
using System.Text.Json;
using Bifurcations.Continuation;

namespace Bifurcations.Reduced;

/// <summary>
/// The JSON of <c>bifurcations continue --json</c>: branches (points and special points), folds, and the model. Every
/// point carries the continuation parameter's value <c>p</c> beside the model's n and T there; <c>parameter</c> names it.
/// Only finite numbers appear (ℓ below the double range is 0 with its <c>ellLog10</c>).
/// </summary>
public sealed record DiagramReport(string Parameter, double RangeFrom, double RangeTo, DiagramReport.BranchJson[] Branches, DiagramReport.FoldJson[] Folds,
    double[] Gram, double Temperature, double N, int Memories, string Case, int Seeds, int BranchesFromSeeds, int BranchesFromSwitching,
    bool Stalled, string[] SeedProblems)
{
    public sealed record PointJson(double P, double N, double Temperature, double AlphaA, double AlphaB, double Ell, double EllLog10, bool Stable, string Stability, bool Saturated);
    public sealed record EventJson(string Kind, string What, double P, double From, double To, double AlphaA, double Ell, string Status, double Precision);
    public sealed record EndJson(string Reason, double P, string What);
    public sealed record BranchJson(PointJson[] Points, EventJson[] Events, EndJson Start, EndJson Finish);
    public sealed record FoldJson(double P, double N, double Temperature, double AlphaA, double AlphaB, double Ell, double SmallEigenvalue, string Status, double Precision, double From, double To);

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

    public string ToJson(bool indented = false) =>
        JsonOutput.Serialize(this);
}
