using System.Globalization;
using CsvHelper;

namespace Bifurcations.IO;

/// <summary>
/// Writes a CSV table atomically with CsvHelper, in the project's output convention: invariant culture, a header
/// row, doubles round-trippable, booleans lowercase (<c>true</c>/<c>false</c>, as pandas and JSON read them), and a
/// missing value as an empty field.
/// </summary>
public static class CsvOutput
{
    public static void Write(string path, IReadOnlyList<string> header, IEnumerable<IEnumerable<object?>> rows) =>
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
                        double d => d.ToString("R", CultureInfo.InvariantCulture),
                        bool b => b ? "true" : "false",
                        _ => v,
                    });
                csv.NextRecord();
            }
        });
}
