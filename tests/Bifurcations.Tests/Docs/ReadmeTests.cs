namespace Bifurcations.Tests;

public class ReadmeTests
{
    /// <summary>README commands (or a command and its first option) that are only parsed, with the reason; every other one is run as written.</summary>
    static readonly Dictionary<string, string> ParsedOnly = new()
    {
        ["bench"] = "a benchmark of minutes (bench --scaling)",
        ["phase-diagram"] = "725 training runs (the quick reproduction runs a small one)",
        ["sweep"] = "a Slurm array task (tools/slurm-check.sh runs it on a real Slurm)",
        ["merge"] = "joins the Slurm array's shards (tools/slurm-check.sh)",
        ["prototypes"] = "minutes of training (the quick reproduction runs a small one)",
        ["start-bias"] = "minutes of training (the quick reproduction runs a small one)",
        ["populations"] = "minutes of training (the quick reproduction runs a small one)",
        ["cascade-grid --full"] = "90 training runs (the README's default grid, 6 runs, is run)",
    };

    /// <summary>Every <c>bifurcations …</c> line of the README's bash blocks, continuation lines joined and comments cut.</summary>
    public static TheoryData<string> ReadmeCommands()
    {
        var readme = File.ReadAllText(Path.Combine(Root(), "README.md")).ReplaceLineEndings("\n");
        var data = new TheoryData<string>();
        foreach (System.Text.RegularExpressions.Match block in System.Text.RegularExpressions.Regex.Matches(readme, "```bash\n(.*?)```", System.Text.RegularExpressions.RegexOptions.Singleline))
            foreach (var raw in block.Groups[1].Value.Replace("\\\n", " ").Split('\n'))
            {
                var line = raw.Trim();
                if (line.StartsWith("$ ")) line = line[2..];
                if (!line.StartsWith("bifurcations ")) continue;
                int hash = line.IndexOf(" #", StringComparison.Ordinal);
                data.Add((hash >= 0 ? line[..hash] : line).Trim());
            }
        return data;
    }

    [Fact]
    public void TheReadmeHasItsExamples() => Assert.True(ReadmeCommands().Count >= 20, $"only {ReadmeCommands().Count} README commands found");

    [Theory]
    [MemberData(nameof(ReadmeCommands))]
    public void EveryReadmeCommandRunsAsWritten(string line)
    {
        using var dir = new TempDir();
        var args = line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Select(a => a.Replace("${SLURM_ARRAY_TASK_ID}", "1").Replace("${SLURM_CPUS_PER_TASK}", "2")).ToArray();
        // Outputs go to a fresh folder instead of the clone's output/: the same relative paths, under it.
        for (int i = 1; i < args.Length; i++)
            if (args[i - 1] == "--out") args[i] = Path.Combine(dir.Path, args[i]);
        // A command left to its default folder (output/<command>) writes under the fresh folder too.
        bool takesOut = Bifurcations.Cli.CliApp.Build(new Bifurcations.Cli.Common.CliContext(TextWriter.Null, TextWriter.Null)).Subcommands
            .FirstOrDefault(c => args.Length > 0 && c.Name == args[0])?.Options.Any(o => o.Name == "--out") ?? false;
        if (takesOut && !args.Contains("--out") && !args.Contains("--json")) args = [.. args, "--out", Path.Combine(dir.Path, "output", args[0])];
        var parse = Bifurcations.Cli.CliApp.Build(new Bifurcations.Cli.Common.CliContext(TextWriter.Null, TextWriter.Null)).Parse(args);
        Assert.True(parse.Errors.Count == 0, $"{line}: {string.Join("; ", parse.Errors.Select(e => e.Message))}");
        if (args.Length > 0 && (ParsedOnly.ContainsKey(args[0]) || args.Length > 1 && ParsedOnly.ContainsKey($"{args[0]} {args[1]}"))) return;
        var (code, _, err) = CliTests.Run(args);
        Assert.True(code == 0, $"{line}: exit {code}: {err}");
        Assert.DoesNotContain("error:", err);
    }

    internal static string Root()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "Bifurcations.sln"))) return d.FullName;
        throw new InvalidOperationException("repository root not found above " + AppContext.BaseDirectory);
    }

    [Fact]
    public void ReadmeSlurmJobScriptIsExactlyTheOneTheSlurmCheckSubmits()
    {
        // tools/slurm-check.sh submits tools/phase-intra.sbatch on a real one-node Slurm; the README must show that file.
        var readme = File.ReadAllText(Path.Combine(Root(), "README.md")).ReplaceLineEndings("\n");
        var script = File.ReadAllText(Path.Combine(Root(), "tools", "phase-intra.sbatch")).ReplaceLineEndings("\n");
        Assert.StartsWith("#!/bin/bash\n#SBATCH", script);
        Assert.Contains("```bash\n" + script + "```", readme);
    }
}

public class CsvOutputTests
{
    [Fact]
    public void CsvFieldsFollowTheOutputConvention()
    {
        using var dir = new TempDir();
        var path = dir.File("t.csv");
        Bifurcations.Experiments.IO.CsvOutput.Write(path, ["name", "flag", "value", "missing"], [["a", true, 0.1, null], ["b", false, 1e-300, double.NaN], ["c", false, double.PositiveInfinity, double.NegativeInfinity]]);
        Assert.Equal(["name,flag,value,missing", "a,true,0.1,", "b,false,1E-300,", "c,false,inf,-inf"], File.ReadAllLines(path));
    }

    [Fact]
    public void AHeaderThatIsNotSnakeCaseIsRefusedBeforeAnythingIsWritten()
    {
        using var dir = new TempDir();
        var path = dir.File("t.csv");
        Assert.Throws<ArgumentException>(() => Bifurcations.Experiments.IO.CsvOutput.Write(path, ["epoch", "alphaA"], [[1, 0.5]]));
        Assert.False(File.Exists(path));
        Assert.Equal("temp_r", Bifurcations.Experiments.IO.CsvOutput.Column("temp-r"));
    }

    [Fact]
    public void JsonWritesNonFiniteNumbersAsNullAndReadsThemBackAsNaN()
    {
        var text = Bifurcations.Experiments.IO.JsonOutput.Serialize(new { SomeValue = double.NaN, Other = 1.5, Kind = DayOfWeek.Monday });
        Assert.Contains("\"someValue\": null", text);
        Assert.Contains("\"kind\": \"monday\"", text);
        var back = Bifurcations.Experiments.IO.JsonOutput.Deserialize<Dictionary<string, double>>("{\"a\": null, \"b\": 2}")!;
        Assert.True(double.IsNaN(back["a"]));
        Assert.Equal(2, back["b"]);
    }
}
