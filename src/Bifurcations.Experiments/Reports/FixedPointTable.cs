using System.Globalization;
using Bifurcations.Experiments.IO;
using Bifurcations.Linearization;
using Bifurcations.Reduced;

namespace Bifurcations.Experiments.Reports;

/// <summary>The fixed points of a pair model as a text table: the model, one line per point, and the completeness verdict.</summary>
public static class FixedPointTable
{
    /// <summary>The table's lines, header first.</summary>
    public static IReadOnlyList<string> Lines(PairModel model, FixedPointSet set)
    {
        var lines = new List<string>
        {
            FormattableString.Invariant(
                $"G = ({string.Join(", ", model.Gram.ToArray().Select(x => x.ToString("G6", CultureInfo.InvariantCulture)))}), n = {model.Exponent:G6}, T = {model.Temperature:G6}, K = {model.Memories}, T_eff = {model.EffectiveTemperature:G7}, {model.Case.ToString().ToLowerInvariant()}"),
            $"{"branch",-7} {"alphaA",10} {"alphaB",12} {"ell",13} {"log10|ell|",10} {"stability",-9} {"status",-12} eigenvalues",
        };
        foreach (var p in set.Points)
            lines.Add(FormattableString.Invariant(
                $"{p.Branch.ToString().ToLowerInvariant(),-7} {p.AlphaA,10:F6} {Small(p.AlphaB),12} {NumberFormat.General(p.Ell, 6),13} {(p.EllLog10 is { } l ? l.ToString("F2", CultureInfo.InvariantCulture) : "-"),10} {p.Stability.ToString().ToLowerInvariant(),-9} {(p.Status == FixedPointStatus.Converged ? "converged" : "double-floor"),-12} [{string.Join(", ", p.Spectrum.Select(Format))}]{(p.Saturated ? " (ℓ saturated)" : "")}"));
        if (set.Points.Count == 0) lines.Add("(no fixed point)");
        lines.Add($"completeness: {set.Completeness.Summary}");
        return lines;
    }

    /// <summary>α_B near a pure-A memory can be 1e-200: shown as such rather than 0.000000.</summary>
    static string Small(double x) => Math.Abs(x) is > 0 and < 1e-4 ? NumberFormat.General(x, 3) : x.ToString("F6", CultureInfo.InvariantCulture);

    /// <summary>An eigenvalue as a number, or as ±10^k beyond the double range.</summary>
    public static string Format(Eigenvalue e)
    {
        static string Part(LogNumber x) => x.IsZero ? "0" : double.IsFinite(x.ToDouble()) ? NumberFormat.General(x.ToDouble(), 5)
            : FormattableString.Invariant($"{(x.Sign < 0 ? "-" : "")}10^{x.Log10:F1}");
        return e.ImaginaryPart.IsZero ? Part(e.RealPart) : $"{Part(e.RealPart)}±{Part(LogNumber.Sqrt(e.ImaginaryPart * e.ImaginaryPart))}i";
    }
}
