using System.Globalization;

namespace Bifurcations.Cli.Common;

/// <summary>
/// Comma-separated option values, strictly: an empty entry ("753,,719"), a non-number, NaN or ±Infinity is a one-line
/// usage error naming the option and the entry, never skipped or read as something else.
/// </summary>
internal static class Lists
{
    public static string[] Entries(string text, string option)
    {
        var parts = text.Split(',', StringSplitOptions.TrimEntries);
        for (int i = 0; i < parts.Length; i++)
            if (parts[i].Length == 0) throw new UsageException($"{option} '{text}': entry {i + 1} is empty");
        return parts;
    }

    public static double Number(string entry, string option)
    {
        if (!double.TryParse(entry, NumberStyles.Float, CultureInfo.InvariantCulture, out var v))
            throw new UsageException($"{option}: '{entry}' is not a number");
        if (!double.IsFinite(v) || double.IsSubnormal(v)) throw new UsageException($"{option}: '{entry}' is not a finite normal number");
        return v;
    }

    /// <summary>Positive finite numbers, e.g. temperatures.</summary>
    public static double[] Positive(string text, string option) => Entries(text, option).Select(e =>
    {
        double v = Number(e, option);
        return v > 0 ? v : throw new UsageException($"{option}: '{e}' is not a positive number");
    }).ToArray();

    /// <summary>A list with a value twice (it would run the same work twice and repeat rows) is refused.</summary>
    public static double[] Distinct(double[] values, string option) =>
        values.Distinct().Count() == values.Length ? values
            : throw new UsageException($"{option} names a value twice ({string.Join(",", values.GroupBy(v => v).Where(g => g.Count() > 1).Select(g => g.Key.ToString(CultureInfo.InvariantCulture)))})");

    public static double[] Numbers(string text, string option) => Entries(text, option).Select(e => Number(e, option)).ToArray();

    public static int[] NonNegativeIntegers(string text, string option) => Entries(text, option).Select(e =>
        int.TryParse(e, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) && v >= 0 ? v
            : throw new UsageException($"{option}: '{e}' is not a non-negative integer")).ToArray();
}
