using System.Text.Json;

namespace Bifurcations.Reduced;

/// <summary>The JSON of <c>bifurcations continue --json</c> (names fixed by the issue; extra fields allowed).</summary>
public sealed record DiagramReport(DiagramReport.BranchJson[] Branches, DiagramReport.FoldJson[] Folds, double[] Gram, double Temperature, int Memories)
{
    public sealed record PointJson(double N, double AlphaA, double AlphaB, double Ell, bool Stable, bool Saturated);
    public sealed record EventJson(string Kind, double N, double AlphaA, double Ell);
    public sealed record BranchJson(PointJson[] Points, EventJson[] Events);
    public sealed record FoldJson(double N, double AlphaA, double AlphaB, double Ell, double SmallEigenvalue, double LastCorrection);

    public static DiagramReport From(BifurcationDiagram d) => new(
        d.Branches.Select(b => new BranchJson(
            b.Points.Select(p => new PointJson(p.N, p.AlphaA, p.AlphaB, p.Ell, p.Stable, p.Saturated)).ToArray(),
            b.Events.Select(e => new EventJson(e.Kind, e.N, e.AlphaA, e.Ell)).ToArray())).ToArray(),
        d.Folds.Select(f => new FoldJson(f.N, f.AlphaA, f.AlphaB, f.Ell, f.SmallEigenvalue, f.LastCorrection)).ToArray(),
        d.Model.Gram.ToArray(), d.Model.Temperature, d.Model.Memories);

    public string ToJson(bool indented = false) =>
        JsonSerializer.Serialize(this, new JsonSerializerOptions(FixedPointReport.Json) { WriteIndented = indented });
}
