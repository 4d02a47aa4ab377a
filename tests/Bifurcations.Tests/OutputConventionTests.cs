using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using CsvHelper;
using Xunit;

namespace Bifurcations.Tests;

/// <summary>Runs <c>reproduce --quick</c> once: every stage, every output file, at tiny sizes.</summary>
public sealed class QuickReproduction : IDisposable
{
    public TempDir Dir { get; } = new();
    public (int Code, string Out, string Err) Result { get; }
    public QuickReproduction() => Result = CliTests.Run("reproduce", "--quick", "--out", Dir.Path);
    public IEnumerable<string> Files(string pattern) => Directory.EnumerateFiles(Dir.Path, pattern, SearchOption.AllDirectories);
    public void Dispose() => Dir.Dispose();
}

/// <summary>
/// The output convention, checked on every file <c>reproduce</c> writes: camelCase JSON keys, snake_case CSV headers,
/// lowercase booleans, null (JSON) or an empty field (CSV) for a missing value, never NaN or Infinity.
/// </summary>
public class ReproduceOutputTests(QuickReproduction run) : IClassFixture<QuickReproduction>
{
    static readonly Regex CamelCase = new("^[a-z][a-zA-Z0-9]*$");
    static readonly Regex SnakeCase = new("^[a-z][a-z0-9]*(_[a-z0-9]+)*$");
    static readonly string[] Forbidden = ["NaN", "Infinity", "-Infinity", "True", "False"];

    [Fact]
    public void TheQuickRunWritesEveryStage()
    {
        Assert.True(run.Result.Code == 0, run.Result.Err);
        foreach (var f in new[] { "report.md", "digits.png", "gram-1-4.json", "continuation/diagram.json", "phase-intra/results.csv", "phase-inter/agreement.json",
                     "populations/populations.csv", "canalized-splits/splits.json", "three-category/branches.csv", "start-bias/start-bias.csv", "prototypes/prototypes.csv" })
            Assert.True(File.Exists(Path.Combine(run.Dir.Path, f)), f);
    }

    [Fact]
    public void JsonKeysAreCamelCaseAndMissingValuesAreNull()
    {
        var files = run.Files("*.json").ToArray();
        Assert.True(files.Length > 30, $"only {files.Length} JSON files");
        var bad = new List<string>();
        foreach (var f in files)
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(f));
            Walk(doc.RootElement, Path.GetRelativePath(run.Dir.Path, f), bad);
        }
        Assert.Empty(bad.Distinct().Take(20));
    }

    static void Walk(JsonElement e, string where, List<string> bad)
    {
        switch (e.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var p in e.EnumerateObject())
                {
                    if (!CamelCase.IsMatch(p.Name)) bad.Add($"{where}: key '{p.Name}'");
                    Walk(p.Value, where, bad);
                }
                break;
            case JsonValueKind.Array:
                foreach (var x in e.EnumerateArray()) Walk(x, where, bad);
                break;
            case JsonValueKind.String when Forbidden.Contains(e.GetString()):
                bad.Add($"{where}: value \"{e.GetString()}\"");
                break;
        }
    }

    [Fact]
    public void CsvHeadersAreSnakeCaseAndFieldsHaveNoNaNOrCapitalBooleans()
    {
        var files = run.Files("*.csv").ToArray();
        Assert.True(files.Length >= 14, $"only {files.Length} CSV files");
        var bad = new List<string>();
        foreach (var f in files)
        {
            string name = Path.GetRelativePath(run.Dir.Path, f);
            using var reader = new StreamReader(f);
            using var csv = new CsvReader(reader, CultureInfo.InvariantCulture);
            Assert.True(csv.Read() && csv.ReadHeader(), name);
            var header = csv.HeaderRecord!;
            bad.AddRange(header.Where(h => !SnakeCase.IsMatch(h)).Select(h => $"{name}: header '{h}'"));
            int rows = 0;
            while (csv.Read())
            {
                rows++;
                for (int i = 0; i < header.Length; i++)
                    if (Forbidden.Contains(csv.GetField(i))) bad.Add($"{name}: field '{csv.GetField(i)}' in {header[i]}");
            }
            Assert.True(rows > 0, $"{name} has no rows");
        }
        Assert.Empty(bad.Distinct().Take(20));
    }
}
