using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using CsvHelper;
using Xunit;

namespace Bifurcations.Tests;

/// <summary>The tests that share one <see cref="QuickReproduction"/> (it takes about half a minute).</summary>
[CollectionDefinition(Name)]
public sealed class QuickReproductionCollection : ICollectionFixture<QuickReproduction>
{
    public const string Name = "reproduce --quick";
}

/// <summary>Runs <c>reproduce --quick</c> once: every stage, every output file, at tiny sizes.</summary>
public sealed class QuickReproduction : IDisposable
{
    public TempDir Dir { get; } = new();
    public (int Code, string Out, string Err) Result { get; }

    /// <summary>Every figure the run drew, with its PNG path.</summary>
    public List<(OxyPlot.PlotModel Model, string Path)> Figures { get; } = [];

    public QuickReproduction()
    {
        void Collect(OxyPlot.PlotModel m, string path) { if (path.StartsWith(Dir.Path)) lock (Figures) Figures.Add((m, path)); }
        Bifurcations.Experiments.Plotting.FigureExport.Saved += Collect;
        try { Result = CliTests.Run("reproduce", "--quick", "--out", Dir.Path); }
        finally { Bifurcations.Experiments.Plotting.FigureExport.Saved -= Collect; }
    }
    public IEnumerable<string> Files(string pattern) => Directory.EnumerateFiles(Dir.Path, pattern, SearchOption.AllDirectories);
    public void Dispose() => Dir.Dispose();
}

/// <summary>
/// The output convention, checked on every file <c>reproduce</c> writes: camelCase JSON keys, snake_case CSV headers,
/// lowercase booleans, null (JSON) or an empty field (CSV) for a missing value, never NaN or Infinity.
/// </summary>
[Collection(QuickReproductionCollection.Name)]
public class ReproduceOutputTests(QuickReproduction run)
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
                    // One spelling per quantity: T_r is temperatureR (temperature_r in CSV) everywhere.
                    if (p.Name is "reducedTemperature" or "tempR" or "tr") bad.Add($"{where}: key '{p.Name}' (T_r is 'temperatureR')");
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

/// <summary>
/// Every figure <c>reproduce</c> draws, checked for honest keys: a legend entry stands for a series that draws something,
/// and no two entries of one figure read the same.
/// </summary>
[Collection(QuickReproductionCollection.Name)]
public class FigureLegendTests(QuickReproduction run)
{
    /// <summary>Whether a series puts at least one point inside the plotted axis ranges (the model was rendered, so they are set).</summary>
    static bool Draws(OxyPlot.Series.Series s)
    {
        bool Inside(double x, double y) => s is not OxyPlot.Series.XYAxisSeries { XAxis: { } xa, YAxis: { } ya }
            ? double.IsFinite(x) && double.IsFinite(y)
            : x >= xa.ActualMinimum && x <= xa.ActualMaximum && y >= ya.ActualMinimum && y <= ya.ActualMaximum;
        return s switch
        {
            OxyPlot.Series.ScatterSeries sc => sc.Points.Any(p => Inside(p.X, p.Y)),
            OxyPlot.Series.DataPointSeries d => d.Points.Any(p => Inside(p.X, p.Y)),
            OxyPlot.Series.HeatMapSeries h => h.Data is { Length: > 0 },
            _ => true,
        };
    }

    static IEnumerable<OxyPlot.Series.Series> Keyed(OxyPlot.PlotModel m) => m.Series.Where(s => !string.IsNullOrEmpty(s.Title) && s.RenderInLegend);

    [Fact]
    public void EveryLegendEntryStandsForASeriesThatIsDrawn()
    {
        Assert.True(run.Result.Code == 0, run.Result.Err);
        Assert.True(run.Figures.Count >= 25, $"only {run.Figures.Count} figures seen");
        var phantom = run.Figures.SelectMany(f => Keyed(f.Model).Where(s => !Draws(s)).Select(s => $"{Path.GetRelativePath(run.Dir.Path, f.Path)}: '{s.Title}'")).ToArray();
        Assert.Empty(phantom);
        var duplicated = run.Figures.SelectMany(f => Keyed(f.Model).GroupBy(s => s.Title).Where(g => g.Count() > 1)
            .Select(g => $"{Path.GetRelativePath(run.Dir.Path, f.Path)}: '{g.Key}' × {g.Count()}")).ToArray();
        Assert.Empty(duplicated);
    }

    OxyPlot.PlotModel Figure(string relative) =>
        run.Figures.Single(f => Path.GetRelativePath(run.Dir.Path, f.Path) == relative).Model;

    [Fact]
    public void PathsColouredByFinalClassHaveAKeyForEachClass()
    {
        var m = Figure(Path.Combine("canalized-splits", "alpha1-alpha4.png"));
        var keys = Keyed(m).Select(s => s.Title).Where(t => t.StartsWith("ends as ")).ToArray();
        Assert.NotEmpty(keys);
        var colours = m.Series.OfType<OxyPlot.Series.LineSeries>().Where(s => s.LineStyle != OxyPlot.LineStyle.Dash).Select(s => s.Color).Distinct().Count();
        Assert.Equal(colours, keys.Length);
    }

    [Fact]
    public void SweepsUpAndDownAreDrawnApart()
    {
        var m = Figure(Path.Combine("three-category", "branches.png"));
        var up = Keyed(m).OfType<OxyPlot.Series.ScatterSeries>().Where(s => s.Title.Contains(" up)")).ToArray();
        var down = Keyed(m).OfType<OxyPlot.Series.ScatterSeries>().Where(s => s.Title.Contains(" down)")).ToArray();
        Assert.Equal(3, up.Length);
        Assert.Equal(3, down.Length);
        Assert.All(up.Zip(down), p => Assert.NotEqual((p.First.MarkerType, p.First.MarkerSize), (p.Second.MarkerType, p.Second.MarkerSize)));
    }

    [Fact]
    public void StartBiasModelMarkersNameTheirSeries()
    {
        var m = Figure(Path.Combine("start-bias", "saddle-alpha.png"));
        var markers = m.Series.OfType<OxyPlot.Series.ScatterSeries>().ToArray();
        var stars = markers.Where(s => s.Title.Contains("model from a")).ToArray();
        var groups = markers.Where(s => s.Title.Contains("exact groups from a")).ToArray();
        Assert.NotEmpty(stars);
        Assert.NotEmpty(groups);
        Assert.Equal(markers.Length, stars.Length + groups.Length);
        // Each model series shares its colour with the simulated series of the same temperature and start.
        var lines = m.Series.OfType<OxyPlot.Series.LineSeries>().ToArray();
        Assert.All(stars, s => Assert.Contains(lines, l => l.Color == s.MarkerStroke && l.Title.Replace("started near", "model from") == s.Title));
        Assert.All(groups, s => Assert.Contains(lines, l => l.Color == s.MarkerStroke && l.Title.Replace("started near", "exact groups from") == s.Title));
        // The group markers sit at the runs' own n.
        Assert.All(groups, s => Assert.All(s.Points, p => Assert.Contains(lines.SelectMany(l => l.Points), q => q.X == p.X)));
    }
}
