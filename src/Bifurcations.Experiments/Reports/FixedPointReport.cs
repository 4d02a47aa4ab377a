using System.Text.Json;
using System.Text.Json.Serialization;
using Bifurcations.Experiments.IO;
using Bifurcations.Reduced;

namespace Bifurcations.Experiments.Reports;

/// <summary>
/// The JSON of <c>bifurcations fixed-points --json</c>. Every number is finite: an eigenvalue beyond the double
/// range is null in <c>eigenvalues</c>, with its sign in <c>eigenvalueSigns</c> and log10|λ| in
/// <c>eigenvaluesLog10</c> (null for λ = 0); a label below the smallest double is 0 in <c>ell</c>, with its sign in <c>ellSign</c> and log10|ℓ| in <c>ellLog10</c>.
/// </summary>
public sealed record FixedPointReport(double N, double Temperature, int Memories, double EffectiveTemperature, double[] Gram,
    string Case, double CostExponent, FixedPointReport.Point[] FixedPoints, FixedPointReport.Verdict? Completeness = null)
{
    /// <summary>A fixed point.</summary>
    /// <param name="AlphaA">α_A.</param>
    /// <param name="AlphaB">α_B.</param>
    /// <param name="Ell">ℓ (0 below the double range).</param>
    /// <param name="EllSign">The sign of ℓ.</param>
    /// <param name="EllLog10">log10|ℓ| (null for ℓ = 0).</param>
    /// <param name="Status">converged or double-floor.</param>
    /// <param name="Stability">stable, saddle or unstable.</param>
    /// <param name="Eigenvalues">Real parts (null beyond the double range).</param>
    /// <param name="EigenvaluesImaginary">Imaginary parts.</param>
    /// <param name="EigenvaluesLog10">log10|λ| (null for λ = 0).</param>
    /// <param name="EigenvalueSigns">The signs of the real parts.</param>
    /// <param name="Branch">upper or lower.</param>
    /// <param name="Saturated">Whether the label is held at ±1.</param>
    /// <param name="Residual">The larger scaled residual.</param>
    public sealed record Point(double AlphaA, double AlphaB, double Ell, int EllSign, double? EllLog10, string Status, string Stability,
        double?[] Eigenvalues, double?[] EigenvaluesImaginary, double?[] EigenvaluesLog10, int[] EigenvalueSigns,
        string Branch, bool Saturated, double Residual);

    /// <summary>The completeness verdict: the index sum over both branches and anything the solver could not settle.</summary>
    public sealed record Verdict(bool Complete, int IndexSum, int Stable, int Saddles, int Unstable, string[] Problems, string Summary);

    /// <summary>The report of a solver result, with its completeness verdict.</summary>
    public static FixedPointReport From(FixedPointSet set)
    {
        var c = set.Completeness;
        return From(set.Model, set.Points) with
        {
            Completeness = new Verdict(c.IsComplete, c.IndexSum, c.Stable, c.Saddles, c.Unstable, [.. c.Problems], c.Summary),
        };
    }

    /// <summary>The report of a model's fixed points (no verdict).</summary>
    public static FixedPointReport From(PairModel model, IEnumerable<FixedPoint> points) => new(
        model.Exponent, model.Temperature, model.Memories, model.EffectiveTemperature, model.Gram.ToArray(),
        model.Case.ToString().ToLowerInvariant(), model.CostExponent, points.Select(ToPoint).ToArray());

    static Point ToPoint(FixedPoint p) => new(p.AlphaA, p.AlphaB, p.Ell, double.IsNegative(p.Ell) ? -1 : p.Ell > 0 || p.EllLog10 is not null ? 1 : 0, p.EllLog10,
        p.Status == FixedPointStatus.Converged ? "converged" : "double-floor", p.Stability.ToString().ToLowerInvariant(),
        p.Spectrum.Select(e => Finite(e.Real)).ToArray(), p.Spectrum.Select(e => Finite(e.Imaginary)).ToArray(),
        p.Spectrum.Select(e => Finite(e.Log10Magnitude)).ToArray(),
        p.Spectrum.Select(e => e.RealPart.Sign).ToArray(), p.Branch.ToString().ToLowerInvariant(), p.Saturated, p.Residual);

    static double? Finite(double x) => double.IsFinite(x) ? x : null;

    /// <summary>The report as JSON.</summary>
    public string ToJson() => JsonOutput.Serialize(this);
}
