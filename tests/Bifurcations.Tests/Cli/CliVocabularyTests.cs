using System.CommandLine;
using System.Text.RegularExpressions;
using Bifurcations.Cli;
using Bifurcations.Cli.Commands;
using Bifurcations.Cli.Common;
using Xunit;

namespace Bifurcations.Tests;

/// <summary>
/// One vocabulary across the CLI, checked on every command's options table: a new command that breaks a rule fails here,
/// not in a user's hands.
/// </summary>
public class CliVocabularyTests
{
    static readonly RootCommand Root = CliApp.Build(new CliContext(TextWriter.Null, TextWriter.Null));
    static readonly Command[] Commands = Root.Subcommands.ToArray();

    static IEnumerable<(Command Command, Option Option)> AllOptions() =>
        Commands.SelectMany(c => c.Options.Where(o => o.Name is not ("--help" or "-h" or "-?")).Select(o => (c, o)));

    static bool Has(Command c, string name) => c.Options.Any(o => o.Name == name || o.Aliases.Contains(name));

    [Fact]
    public void EveryOptionIsKebabCaseAndDescribed()
    {
        var bad = AllOptions().Where(x => !Regex.IsMatch(x.Option.Name, "^--[a-z][a-z0-9]*(-[a-z0-9]+)*$") || string.IsNullOrWhiteSpace(x.Option.Description))
            .Select(x => $"{x.Command.Name} {x.Option.Name}").ToArray();
        Assert.Empty(bad);
    }

    [Fact]
    public void EveryTemperatureComesInTAndInTr()
    {
        var pairs = new (string T, string Tr)[] { ("--temp", "--temp-r"), ("--temp-from", "--temp-r-from"), ("--temp-to", "--temp-r-to"), ("--temp-step", "--temp-r-step") };
        var missing = new List<string>();
        foreach (var c in Commands)
            foreach (var (t, tr) in pairs)
            {
                bool hasT = c.Options.Any(o => o.Name == t), hasTr = c.Options.Any(o => o.Name == tr);
                if (hasT != hasTr) missing.Add($"{c.Name}: {(hasT ? tr : t)}");
            }
        Assert.Empty(missing);
        // Every command that has a temperature at all has one of the two forms.
        var temperatureWords = Commands.Where(c => c.Options.Any(o => o.Name.StartsWith("--temp"))).Select(c => c.Name).ToArray();
        Assert.Contains("train", temperatureWords);
        Assert.Contains("populations", temperatureWords);
        Assert.Contains("canalized-splits", temperatureWords);
    }

    [Fact]
    public void EverySeedHasTheSameDefault()
    {
        var seeds = AllOptions().Where(x => x.Option.Name == "--seed").ToArray();
        Assert.True(seeds.Length >= 10, $"only {seeds.Length} commands have --seed");
        foreach (var (c, o) in seeds)
        {
            var parsed = Root.Parse([c.Name]);
            Assert.Equal(DigitOptions.DefaultSeed, parsed.GetValue((Option<int>)o));
        }
    }

    [Fact]
    public void EveryDigitPickingCommandTakesTheDigitOptions()
    {
        var picking = Commands.Where(c => Has(c, "--digits") || Has(c, "--pair")).ToArray();
        Assert.True(picking.Length >= 15, $"only {picking.Length} digit-picking commands");
        var missing = picking.SelectMany(c => new[] { "--seed", "--first", "--mnist" }.Where(n => !Has(c, n)).Select(n => $"{c.Name}: {n}")).ToArray();
        Assert.Empty(missing);
    }

    [Fact]
    public void GramComesWithGramSym()
    {
        var withGram = Commands.Where(c => Has(c, "--gram")).ToArray();
        Assert.True(withGram.Length >= 7);
        Assert.All(withGram, c => Assert.True(Has(c, "--gram-sym"), c.Name));
    }

    [Theory]
    [InlineData("fixed-points")]
    [InlineData("transition")]
    [InlineData("continue")]
    public void GramNeedsExactlyThreeEntries(string command)
    {
        var (code, _, err) = CliTests.Run(command, "--gram", "753,494");
        Assert.Equal(2, code);
        Assert.Contains("--gram '753,494' has 2 entries", err);
        var (code4, _, err4) = CliTests.Run(command, "--gram", "753,494,719,1");
        Assert.Equal(2, code4);
        Assert.Contains("has 4 entries", err4);
    }

    /// <summary>Two spellings of one request print the same, successfully.</summary>
    static void SameOutput(string[] one, string[] other)
    {
        var (c1, a, e1) = CliTests.Run(one);
        var (c2, b, e2) = CliTests.Run(other);
        Assert.True(c1 == 0 && c2 == 0, e1 + e2);
        Assert.Equal(a, b);
    }

    [Fact]
    public void GramSymSetsTheSecondDiagonalToTheFirst()
    {
        SameOutput(["fixed-points", "--gram-sym", "753,494", "--n", "15", "--json"], ["fixed-points", "--gram", "753,494,753", "--n", "15", "--json"]);
        Assert.Equal(2, CliTests.Run("fixed-points", "--gram-sym", "753,494", "--gram", "753,494,753").Code);
    }

    [Theory]
    [InlineData("fixed-points", "--temp", "700", "--temp-r", "0.9")]
    [InlineData("canalized-splits", "--temp", "700", "--temp-r", "0.9")]
    [InlineData("start-bias", "--temp", "700", "--temp-r", "0.9")]
    [InlineData("populations", "--temp-from", "650", "--temp-r-to", "1.1")]
    [InlineData("sweep", "--temp-step", "20", "--temp-r-from", "0.5", "--out", "unused")]
    public void ATemperatureIsGivenOneWay(params string[] args)
    {
        var (code, _, err) = CliTests.Run(args);
        Assert.Equal(2, code);
        Assert.Contains("not both", err);
    }

    [Fact]
    public void TemperatureInTIsUsedExactly()
    {
        // 27/784·784 is not 27 in doubles: --temp must not go through T_r.
        var (code, json, _) = CliTests.Run("fixed-points", "--temp", "27", "--n", "2", "--json");
        Assert.Equal(0, code);
        Assert.Equal(27.0, System.Text.Json.JsonDocument.Parse(json).RootElement.GetProperty("temperature").GetDouble());
    }

    [Fact]
    public void TemperatureInTAndInTrMeanTheSame() =>
        SameOutput(["fixed-points", "--temp", "705.6", "--n", "15", "--json"], ["fixed-points", "--temp-r", "0.9", "--n", "15", "--json"]);

    [Theory]
    [InlineData("--seed", "3")]
    [InlineData("--first")]
    [InlineData("--mnist", "/tmp")]
    public void DigitOptionsWithoutPairAreRefusedRatherThanIgnored(params string[] option)
    {
        var (code, _, err) = CliTests.Run(["fixed-points", "--gram", "753,494,719", .. option]);
        Assert.Equal(2, code);
        Assert.Contains($"{option[0]} picks the digits of --pair", err);
        Assert.Equal(0, CliTests.Run(["fixed-points", "--pair", "1,4", .. option[0] == "--mnist" ? Array.Empty<string>() : option]).Code);
    }

    [Fact]
    public void Folds2dJsonAlonePrintsAndWritesNothing()
    {
        var (code, stdout, _) = CliTests.Run("folds2d", "--json", "--seeds2", "3");
        Assert.Equal(0, code);
        Assert.DoesNotContain("wrote", stdout);
        using var doc = System.Text.Json.JsonDocument.Parse(stdout);
        Assert.True(doc.RootElement.GetProperty("curves").GetArrayLength() > 0);
    }

    [Fact]
    public void PhaseDiagramFromRefusesGridOptions()
    {
        using var dir = new TempDir();
        var (code, _, err) = CliTests.Run("phase-diagram", "--from", dir.Path, "--n-to", "5");
        Assert.Equal(2, code);
        Assert.Contains("--n-to sets the grid", err);
        var (code2, _, err2) = CliTests.Run("phase-diagram", "--from", dir.Path);
        Assert.Equal(1, code2);
        Assert.Contains("not a sweep folder", err2);
        var (code3, _, err3) = CliTests.Run("phase-diagram");
        Assert.Equal(2, code3);
        Assert.Contains("needs --out", err3);
    }
}

/// <summary>No command overwrites a folder holding results of other settings: it refuses, naming the difference, unless --force.</summary>
public class ResultFolderTests
{
    [Theory]
    [InlineData("nullclines", "--n 15", "--n 16")]
    [InlineData("transition", "--n-to 10", "--n-to 12")]
    [InlineData("folds2d", "--seeds2 3", "--seeds2 4")]
    [InlineData("split-tree", "--n 30", "--n 31")]
    [InlineData("three-category", "--n-to 10", "--n-to 14")]
    public void ACommandRefusesAFolderOfOtherSettings(string command, string first, string second)
    {
        using var dir = new TempDir();
        string[] Args(string extra) => [command, .. extra.Split(' '), "--out", dir.Path];
        var (c1, _, e1) = CliTests.Run(Args(first));
        Assert.True(c1 == 0, e1);
        var (c2, _, e2) = CliTests.Run(Args(first));
        Assert.True(c2 == 0, $"the same settings again must be accepted: {e2}");
        var (c3, _, e3) = CliTests.Run(Args(second));
        Assert.Equal(2, c3);
        Assert.Contains("holds other results", e3);
        var (c4, _, e4) = CliTests.Run([.. Args(second), "--force"]);
        Assert.True(c4 == 0, e4);
    }
}

/// <summary>Options are what their names say: a comma is never part of one number, and an n-named alias never sets another parameter.</summary>
public class CliNamesMeanWhatTheySayTests
{
    [Theory]
    [InlineData("fixed-points", "--temp", "700,800")]
    [InlineData("fixed-points", "--n", "1,5")]
    [InlineData("train", "--rate", "0,005")]
    [InlineData("transition", "--n-step", "1,0")]
    public void ACommaInsideOneNumberIsRefused(params string[] args)
    {
        var (code, _, err) = CliTests.Run(args);
        Assert.Equal(2, code);
        Assert.Contains("is not a number", err);
    }

    [Theory]
    [InlineData("continue", "--param", "temperature", "--n-from", "500", "--json")]
    [InlineData("three-category", "--param", "temp-r", "--n-step", "0.1")]
    public void AnNAliasCannotSetAnotherParameter(params string[] args)
    {
        var (code, _, err) = CliTests.Run(args);
        Assert.Equal(2, code);
        Assert.Contains("names n, but the parameter swept is", err);
    }

    [Theory]
    [InlineData("belongs to --scaling", "bench", "--k-list", "10")]
    [InlineData("--reduced times the reduced model", "bench", "--reduced", "--memories", "5")]
    [InlineData("--slow walks to the end", "flow", "--slow", "--steps", "10")]
    [InlineData("the inter case has no jump", "phase-diagram", "--case", "inter", "--threshold", "0.7", "--out", "unused-inter")]
    [InlineData("must lie in (0.5, 1)", "phase-diagram", "--threshold", "1.5", "--out", "unused-intra")]
    [InlineData("names a value twice", "prototypes", "--n", "3,3", "--out", "unused-prototypes")]
    [InlineData("must name a .png file", "digits", "--out", "x.svg", "--svg")]
    [InlineData("the seed does nothing", "gram", "--first", "--seed", "3")]
    public void AnOptionThatWouldDoNothingIsRefused(string message, params string[] args)
    {
        var (code, _, err) = CliTests.Run(args);
        Assert.Equal(2, code);
        Assert.Contains(message, err);
        Assert.False(Directory.Exists("unused-inter") || Directory.Exists("unused-intra") || Directory.Exists("unused-prototypes"), "a refused command left a folder");
    }

    [Fact]
    public void AnUnknownCommandIsNamed()
    {
        var (code, _, err) = CliTests.Run("fixedpoints");
        Assert.Equal(2, code);
        Assert.Contains("'fixedpoints'", err);
    }
}

/// <summary>Single-file outputs and the IDX export are never replaced by a different result without --force.</summary>
public class OutputFileTests
{
    [Fact]
    public void GramAndDigitsRefuseToReplaceAnotherResult()
    {
        using var dir = new TempDir();
        var gram = dir.File("g.json");
        Assert.Equal(0, CliTests.Run("gram", "--digits", "1,4", "--out", gram).Code);
        Assert.Equal(0, CliTests.Run("gram", "--digits", "1,4", "--out", gram).Code);   // the same result again
        var (code, _, err) = CliTests.Run("gram", "--digits", "1,7", "--out", gram);
        Assert.Equal(2, code);
        Assert.Contains("holds another result", err);
        Assert.Equal(0, CliTests.Run("gram", "--digits", "1,7", "--out", gram, "--force").Code);
        var png = dir.File("d.png");
        Assert.Equal(0, CliTests.Run("digits", "--digits", "1", "--per-class", "2", "--out", png).Code);
        Assert.Equal(2, CliTests.Run("digits", "--digits", "2", "--per-class", "2", "--out", png).Code);
    }

    [Fact]
    public void ExportMnistRefusesAnotherExport()
    {
        using var dir = new TempDir();
        var folder = Path.Combine(dir.Path, "mn");
        Assert.Equal(0, CliTests.Run("export-mnist", "--out", folder).Code);
        var (code, _, err) = CliTests.Run("export-mnist", "--count", "20000", "--out", folder);
        Assert.Equal(2, code);
        Assert.Contains("holds other results", err);
        Assert.Equal(0, CliTests.Run("fixed-points", "--pair", "1,4", "--mnist", folder).Code);   // still readable with its manifest beside it
    }
}
