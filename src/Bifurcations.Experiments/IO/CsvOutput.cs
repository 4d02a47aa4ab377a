using System.Globalization;
using CsvHelper;

namespace Bifurcations.Experiments.IO;

/// <summary>
/// Writes a CSV table atomically with CsvHelper, in the project's output convention: invariant culture, a header
/// row, doubles round-trippable, booleans lowercase (<c>true</c>/<c>false</c>, as pandas and JSON read them), and a
/// missing value (null or NaN) as an empty field, ±∞ as inf/-inf. Headers are snake_case; a header that is not is a
/// bug and is refused before anything is written.
/// </summary>
public static class CsvOutput
{
    static readonly System.Text.RegularExpressions.Regex SnakeCase = new("^[a-z][a-z0-9]*(_[a-z0-9]+)*$");

    /// <summary>A name from elsewhere (a parameter such as "temp-r") as a snake_case column: temp_r.</summary>
    public static string Column(string name) => name.Replace('-', '_').ToLowerInvariant();

    /// <summary>Whether a header follows the convention: lowercase words joined by underscores.</summary>
    public static bool IsSnakeCase(string header) => SnakeCase.IsMatch(header);

    /// <summary>Writes a table atomically: the header row, then one row per item of <paramref name="rows"/>.</summary>
    public static void Write(string path, IReadOnlyList<string> header, IEnumerable<IEnumerable<object?>> rows)
    {
        if (header.FirstOrDefault(h => !IsSnakeCase(h)) is { } bad) throw new ArgumentException($"CSV header '{bad}' is not snake_case", nameof(header));
        AtomicFile.Write(path, stream =>
        {
            using var writer = new StreamWriter(stream, new System.Text.UTF8Encoding(false), leaveOpen: true);
            using var csv = new CsvWriter(writer, CultureInfo.InvariantCulture);
            foreach (var h in header) csv.WriteField(h);
            csv.NextRecord();
            foreach (var row in rows)
            {
                foreach (var v in row)
                    csv.WriteField(v switch
                    {
                        double d when double.IsNaN(d) => null,
                        double d when double.IsInfinity(d) => d > 0 ? "inf" : "-inf",
                        double d => d.ToString("R", CultureInfo.InvariantCulture),
                        bool b => b ? "true" : "false",
                        _ => v,
                    });
                csv.NextRecord();
            }
        });
    }
}
