namespace Bifurcations.Tests;

public class ReadmeTests
{
    static string Root()
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
        Bifurcations.IO.CsvOutput.Write(path, ["name", "flag", "value", "missing"], [["a", true, 0.1, null], ["b", false, 1e-300, double.NaN], ["c", false, double.PositiveInfinity, double.NegativeInfinity]]);
        Assert.Equal(["name,flag,value,missing", "a,true,0.1,", "b,false,1E-300,", "c,false,inf,-inf"], File.ReadAllLines(path));
    }

    [Fact]
    public void AHeaderThatIsNotSnakeCaseIsRefusedBeforeAnythingIsWritten()
    {
        using var dir = new TempDir();
        var path = dir.File("t.csv");
        Assert.Throws<ArgumentException>(() => Bifurcations.IO.CsvOutput.Write(path, ["epoch", "alphaA"], [[1, 0.5]]));
        Assert.False(File.Exists(path));
        Assert.Equal("temp_r", Bifurcations.IO.CsvOutput.Column("temp-r"));
    }

    [Fact]
    public void JsonWritesNonFiniteNumbersAsNullAndReadsThemBackAsNaN()
    {
        var text = Bifurcations.IO.JsonOutput.Serialize(new { SomeValue = double.NaN, Other = 1.5, Kind = DayOfWeek.Monday });
        Assert.Contains("\"someValue\": null", text);
        Assert.Contains("\"kind\": \"monday\"", text);
        var back = Bifurcations.IO.JsonOutput.Deserialize<Dictionary<string, double>>("{\"a\": null, \"b\": 2}")!;
        Assert.True(double.IsNaN(back["a"]));
        Assert.Equal(2, back["b"]);
    }
}
