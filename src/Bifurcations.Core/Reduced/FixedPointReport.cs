using System.Text.Json;
using System.Text.Json.Serialization;

namespace Bifurcations.Reduced;

/// <summary>The JSON of <c>bifurcations fixed-points --json</c> (names fixed by the issue; extra fields allowed).</summary>
public sealed record FixedPointReport(double N, double Temperature, int Memories, double EffectiveTemperature, double[] Gram,
    string Case, double CostExponent, FixedPointReport.Point[] FixedPoints)
{
    public sealed record Point(double AlphaA, double AlphaB, double Ell, string Stability, double[] Eigenvalues,
        double[] EigenvaluesImaginary, string Branch, bool Saturated, double Residual);

    public static FixedPointReport From(PairModel model, IEnumerable<FixedPoint> points) => new(
        model.Exponent, model.Temperature, model.Memories, model.EffectiveTemperature, model.Gram.ToArray(),
        model.Case.ToString().ToLowerInvariant(), model.CostExponent,
        points.Select(p => new Point(p.AlphaA, p.AlphaB, p.Ell, p.Stability.ToString().ToLowerInvariant(), p.Eigenvalues,
            p.EigenvaluesImaginary, p.Branch.ToString().ToLowerInvariant(), p.Saturated, p.Residual)).ToArray());

    public static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase, WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public string ToJson() => JsonSerializer.Serialize(this, Json);
}
