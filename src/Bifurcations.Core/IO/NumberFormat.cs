using System.Globalization;

namespace Bifurcations.IO;

/// <summary>
/// Numbers for people to read: scientific notation as 6.4e-12 or 3.9397e+02, never .NET's "E" format with its
/// three-digit exponent (6.4E-012), and always in the invariant culture.
/// </summary>
public static class NumberFormat
{
    /// <paramref name="x"/> in scientific notation with <paramref name="decimals"/> decimals, e.g. 6.4e-12; NaN and ±∞ as NaN, inf, -inf.
    public static string Scientific(double x, int decimals) =>
        double.IsFinite(x) ? x.ToString("0." + new string('0', Math.Max(decimals, 1)) + "e+00", CultureInfo.InvariantCulture)
            : double.IsNaN(x) ? "NaN" : x > 0 ? "inf" : "-inf";
}
