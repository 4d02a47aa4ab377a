using System.Globalization;

namespace Bifurcations.Experiments.IO;

/// <summary>
/// Numbers for people to read: scientific notation as 6.4e-12 or 3.9397e+02, never .NET's "E" format with its
/// three-digit exponent (6.4E-012), and always in the invariant culture.
/// </summary>
public static class NumberFormat
{
    /// <summary>
    /// <paramref name="x"/> with <paramref name="digits"/> significant digits, plain where that reads well and otherwise in
    /// the notation of <see cref="Scientific"/> (-8.6944e+06, not -8.6944E+06).
    /// </summary>
    public static string General(double x, int digits)
    {
        var s = x.ToString("G" + digits, CultureInfo.InvariantCulture);
        int e = s.IndexOf('E');
        if (e < 0) return s;
        int exponent = int.Parse(s.AsSpan(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        return FormattableString.Invariant($"{s[..e]}e{(exponent < 0 ? '-' : '+')}{Math.Abs(exponent):00}");
    }

    /// <summary><paramref name="x"/> in scientific notation with <paramref name="decimals"/> decimals, e.g. 6.4e-12; NaN and ±∞ as NaN, inf, -inf.</summary>
    public static string Scientific(double x, int decimals) =>
        double.IsFinite(x) ? x.ToString("0." + new string('0', Math.Max(decimals, 1)) + "e+00", CultureInfo.InvariantCulture)
            : double.IsNaN(x) ? "NaN" : x > 0 ? "inf" : "-inf";
}
