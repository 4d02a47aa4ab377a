using System.Globalization;
using CsvHelper;

namespace Bifurcations.IO;

/// <summary>Writes a CSV table (invariant culture, header row) atomically with CsvHelper.</summary>
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
                foreach (var v in row) csv.WriteField(v is double d ? d.ToString("R", CultureInfo.InvariantCulture) : v);
                csv.NextRecord();
            }
        });
}
