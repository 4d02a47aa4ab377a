using System.Text.Json;
using Bifurcations.Cli;
using Bifurcations.Data;
using Bifurcations.Experiments.IO;

namespace Bifurcations.Tests;

public class CliTests
{
    public static (int Code, string Out, string Err) Run(params string[] args)
    {
        var o = new StringWriter();
        var e = new StringWriter();
        int code = CliApp.Run(args, o, e);
        return (code, o.ToString(), e.ToString());
    }

    static void AssertOneLineError(string err, string mustContain)
    {
        var lines = err.Trim().Split('\n');
        Assert.Single(lines);
        Assert.Contains(mustContain, err);
        Assert.DoesNotContain("   at ", err); // no stack trace
    }

    [Fact]
    public void GramPrintsJsonWithRealisticDiagonal()
    {
        var (code, stdout, _) = Run("gram", "--digits", "1,4", "--per-class", "1", "--seed", "0");
        Assert.Equal(0, code);
        using var doc = JsonDocument.Parse(stdout);
        var gram = doc.RootElement.GetProperty("gram");
        Assert.Equal(2, gram.GetArrayLength());
        for (int i = 0; i < 2; i++) Assert.InRange(gram[i][i].GetDouble(), 300, 784);
        Assert.Equal(gram[0][1].GetDouble(), gram[1][0].GetDouble());
        Assert.Equal(1, doc.RootElement.GetProperty("digits")[0].GetProperty("class").GetInt32());
    }

    [Fact]
    public void StrictFixedPointsFailWhereTheSaddleIsNotResolved()
    {
        // It once exited 0 and printed "complete" beside a saddle at ℓ = 0 with residual 0.07.
        var (code, stdout, err) = Run("fixed-points", "--n", "80", "--temp-r", "0.3", "--strict");
        Assert.Equal(1, code);
        Assert.Contains("completeness: INCOMPLETE", stdout);
        Assert.Contains("not resolved in double precision", err);
        Assert.Equal(0, Run("fixed-points", "--n", "80", "--temp-r", "0.7", "--strict").Code);
    }

    [Theory]
    [InlineData("export-mnist")]
    [InlineData("start-bias")]
    public void ARefusedFolderIsLeftAsItWasFound(string command)
    {
        // It kept the .lock and .lock.owner the refusal had made beside the user's own file.
        // A file named like a killed write's temporary was deleted before the refusal, too.
        using var dir = new TempDir();
        File.WriteAllText(dir.File("notes.txt"), "mine");
        File.WriteAllText(dir.File(".draft.tmp"), "mine too");
        var (code, _, err) = Run(command, "--out", dir.Path);
        Assert.Equal(2, code);
        Assert.Contains("holds files but no manifest.json", err);
        Assert.Equal([".draft.tmp", "notes.txt"], Directory.EnumerateFileSystemEntries(dir.Path).Select(Path.GetFileName).Order());
    }

    [Fact]
    public void ARunRefusedAfterItsFolderOpenedTakesBackItsManifestAndLock()
    {
        // train opens its folder (manifest, run.json, lock) before the trainer refuses the temperature.
        // A nested --out makes its missing parents too: they go with it (new1), but a parent that was there stays (kept).
        using var dir = new TempDir();
        var fresh = Path.Combine(dir.Path, "fresh");
        Directory.CreateDirectory(Path.Combine(dir.Path, "empty"));
        Directory.CreateDirectory(Path.Combine(dir.Path, "kept"));
        File.WriteAllText(Path.Combine(dir.Path, "kept", "notes.txt"), "mine");
        var nested = Path.Combine(dir.Path, "new1", "new2") + Path.DirectorySeparatorChar;
        foreach (var folder in new[] { fresh, Path.Combine(dir.Path, "empty"), nested, Path.Combine(dir.Path, "kept", "new3") })
        {
            var (code, _, err) = Run("train", "--temp-r", "1e300", "--epochs", "3", "--out", folder);
            Assert.Equal(1, code);
            Assert.Contains("every gradient underflows", err);
        }
        Assert.False(Directory.Exists(fresh), "the folder the run created is removed");
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(dir.Path, "empty")));
        Assert.False(Directory.Exists(Path.Combine(dir.Path, "new1")), "the missing parent the run created is removed too");
        Assert.Equal([Path.Combine(dir.Path, "kept", "notes.txt")], Directory.EnumerateFileSystemEntries(Path.Combine(dir.Path, "kept")));
    }

    [Fact]
    public void UnknownDigitIsAUsageError()
    {
        var (code, _, err) = Run("gram", "--digits", "12");
        Assert.Equal(2, code);
        AssertOneLineError(err, "unknown digit 12");
    }

    [Fact]
    public void TooManyDigitsPerClassIsAUsageError()
    {
        using var dir = new TempDir();
        var (code, _, err) = Run("digits", "--digits", "5", "--per-class", "900", "--out", dir.File("d.png"));
        Assert.Equal(2, code);
        AssertOneLineError(err, "only 863");
        Assert.Empty(Directory.GetFiles(dir.Path));
    }

    [Fact]
    public void UnknownOptionIsAUsageError()
    {
        var (code, _, err) = Run("gram", "--bogus");
        Assert.Equal(2, code);
        AssertOneLineError(err, "--bogus");
    }

    [Fact]
    public void MissingTruncatedOrWrongMagicIdxIsADataError()
    {
        using var dir = new TempDir();
        var (code, _, err) = Run("gram", "--mnist", dir.File("absent"));
        Assert.Equal(1, code);
        AssertOneLineError(err, "not found");

        MnistFiles.WriteImages(dir.File("train-images-idx3-ubyte"), new IdxImages(2, 28, 28, new byte[2 * 784]), gzip: false);
        MnistFiles.WriteLabels(dir.File("train-labels-idx1-ubyte"), [1, 4], gzip: false);
        var full = File.ReadAllBytes(dir.File("train-images-idx3-ubyte"));
        File.WriteAllBytes(dir.File("train-images-idx3-ubyte"), full[..1000]);
        (code, _, err) = Run("digits", "--mnist", dir.Path, "--digits", "1,4", "--per-class", "1", "--out", dir.File("out.png"));
        Assert.Equal(1, code);
        AssertOneLineError(err, "truncated");
        Assert.False(File.Exists(dir.File("out.png")));

        full[2] = 0x09;
        File.WriteAllBytes(dir.File("train-images-idx3-ubyte"), full);
        (code, _, err) = Run("gram", "--mnist", dir.Path, "--digits", "1,4", "--per-class", "1");
        Assert.Equal(1, code);
        AssertOneLineError(err, "magic");
    }

    [Fact]
    public void ExportedEmbeddedSetIsReadBackThroughMnistOption()
    {
        using var dir = new TempDir();
        Assert.Equal(0, Run("export-mnist", "--out", dir.Path).Code);
        var embedded = Run("gram", "--digits", "0-9", "--per-class", "2", "--seed", "4");
        var viaFolder = Run("gram", "--digits", "0-9", "--per-class", "2", "--seed", "4", "--mnist", dir.Path);
        Assert.Equal(0, viaFolder.Code);
        // Same digits, same Gram matrix; only the "source" line differs.
        static string Body(string json) => JsonSerializer.Serialize(JsonDocument.Parse(json).RootElement.GetProperty("gram"));
        Assert.Equal(Body(embedded.Out), Body(viaFolder.Out));
    }

    [Fact]
    public void DigitsWritesARealPng()
    {
        using var dir = new TempDir();
        var (code, stdout, _) = Run("digits", "--digits", "1,4", "--per-class", "3", "--out", dir.File("grid.png"), "--svg");
        Assert.Equal(0, code);
        var bytes = File.ReadAllBytes(dir.File("grid.png"));
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47 }, bytes[..4]);
        Assert.True(bytes.Length > 2000);
        Assert.True(File.Exists(dir.File("grid.svg")));
        Assert.Contains("grid.png", stdout);
        Assert.Empty(Directory.GetFiles(dir.Path, "*.tmp"));
    }
}

public class TrainCliTests
{
    [Theory]
    [InlineData("--rate", "0", "learning rate 0")]
    [InlineData("--rate", "-1", "learning rate -1")]
    [InlineData("--epochs", "0", "epochs = 0")]
    [InlineData("--memories", "0", "--memories must be at least 1")]
    [InlineData("--digits", "12", "unknown digit 12")]
    [InlineData("--per-class", "5000", "only")]
    [InlineData("--n", "0.5", "exponent n = 0.5")]
    [InlineData("--temp", "-3", "temperature T = -3")]
    [InlineData("--init", "sample:999:0.8", "sample 999")]
    [InlineData("--labels", "-0.6,1=7", "outside [-1, 1]")]
    public void BadTrainingInputIsAUsageErrorWithNoOutput(string option, string value, string message)
    {
        using var dir = new TempDir();
        var folder = dir.File("run");
        var args = new Dictionary<string, string> { ["--digits"] = "1,4", ["--per-class"] = "2", ["--memories"] = "2", ["--epochs"] = "5", ["--out"] = folder };
        if (option == "--labels") args["--init"] = "sample:0:0.8";
        args[option] = value;
        var (code, _, err) = CliTests.Run(["train", .. args.SelectMany(kv => new[] { kv.Key, kv.Value })]);
        Assert.Equal(2, code);
        Assert.Single(err.Trim().Split('\n'));
        Assert.Contains(message, err);
        Assert.False(File.Exists(Path.Combine(folder, "state.bin")));
    }

    [Fact]
    public void UnreadableStateFileIsADataError()
    {
        using var dir = new TempDir();
        File.WriteAllText(dir.File("bad.bin"), "not a state");
        var (code, _, err) = CliTests.Run("train", "--digits", "1,4", "--per-class", "1", "--memories", "2", "--epochs", "3", "--init-state", dir.File("bad.bin"), "--out", dir.File("run"));
        Assert.Equal(1, code);
        Assert.Contains("bad magic", err);
    }

    [Fact]
    public void TrainWritesEveryOutputAndResumeOfAFinishedRunReproducesThem()
    {
        using var dir = new TempDir();
        var folder = dir.File("run");
        string[] args = ["train", "--digits", "1,4,7", "--per-class", "3", "--memories", "4", "--n", "15", "--epochs", "40", "--rate", "0.01", "--record-every", "5", "--out", folder];
        var (code, stdout, err) = CliTests.Run(args);
        Assert.True(code == 0, err);
        foreach (var f in new[] { "run.json", "state.bin", "recording.bin", "learning.csv", "alpha.csv", "learning-order.json", "learning.png", "memories.png" })
            Assert.True(File.Exists(Path.Combine(folder, f)), f);
        Assert.Equal(42, File.ReadAllLines(Path.Combine(folder, "learning.csv")).Length); // header + epochs 0..40
        var csv = File.ReadAllText(Path.Combine(folder, "learning.csv"));
        var (code2, _, _) = CliTests.Run([.. args, "--resume"]);
        Assert.Equal(0, code2);
        Assert.Equal(csv, File.ReadAllText(Path.Combine(folder, "learning.csv")));
        Assert.Contains("Learning order", stdout);
    }
}

public class ValidateCliTests
{
    [Fact]
    public void ValidatePassesEveryCheckAndWritesTheReport()
    {
        var dir = Path.Combine(Path.GetTempPath(), "bif-validate-" + Guid.NewGuid().ToString("N"));
        try
        {
            var (code, stdout, err) = CliTests.Run("validate", "--sweeps", dir, "--out", dir);
            Assert.True(code == 0, stdout + err);
            Assert.Contains("11 of 11 checks pass", stdout);
            Assert.Contains("PASS", File.ReadAllText(Path.Combine(dir, "report.md")));
            Assert.Contains("<table>", File.ReadAllText(Path.Combine(dir, "report.html")));
        }
        finally { if (Directory.Exists(dir)) Directory.Delete(dir, true); }
    }
}

/// <summary>A bad input for every command: exit code ≠ 0, one line naming the bad value, no stack trace, no output.</summary>
public class EveryCommandBadInputTests
{
    [Theory]
    [InlineData("split-tree")]
    [InlineData("cascade")]
    [InlineData("group-branch")]
    public void AnOutFolderUnderAFileIsOneLineNamingTheFile(string command)
    {
        using var dir = new TempDir();
        var file = dir.File("afile");
        File.WriteAllText(file, "x");
        var (code, stdout, err) = CliTests.Run(command, "--out", Path.Combine(file, "sub"));
        Assert.True(code == 2, $"exit {code}: {stdout}{err}");
        Assert.Single(err.Trim().Split('\n'));
        Assert.Contains($"'{file}' is a file, not a folder", err);
    }

    [Theory]
    [InlineData(2, "unknown digit", "digits", "--digits", "1,x")]
    [InlineData(2, "unknown digit", "gram", "--digits", "11")]
    [InlineData(2, "--out", "export-mnist")]
    [InlineData(2, "--memories must be at least 1", "bench", "--memories", "0")]
    [InlineData(2, "start (α, ℓ) = (1.5, 0)", "flow", "--alpha", "1.5", "--ell", "0")]
    [InlineData(2, "--branch 'sideways'", "flow", "--branch", "sideways")]
    [InlineData(2, "temp-r range [1.1, 0.6]", "folds2d", "--from2", "1.1", "--to2", "0.6", "--out", "{out}")]
    [InlineData(2, "--case 'sideways'", "phase-diagram", "--case", "sideways", "--out", "{out}")]
    [InlineData(2, "intra case needs two digits of one class", "phase-diagram", "--case", "intra", "--pair", "4,9", "--out", "{out}")]
    [InlineData(1, "not a sweep folder", "merge", "/nonexistent-sweep", "--out", "{out}")]
    [InlineData(2, "learning rate 0", "split", "--pair", "1,4", "--rate", "0", "--out", "{out}")]
    [InlineData(2, "memories K = 0", "nullclines", "--memories", "0", "--out", "{out}")]
    [InlineData(2, "--digits must name three classes", "canalized-splits", "--digits", "1,4", "--out", "{out}")]
    [InlineData(2, "--digits must name three classes", "split-tree", "--digits", "1,4,7,9", "--out", "{out}")]
    [InlineData(2, "--groups must be at least 1 (got 0)", "split-tree", "--groups", "0", "--out", "{out}")]
    [InlineData(2, "--digits must name three classes", "cascade", "--digits", "1,4", "--out", "{out}")]
    [InlineData(2, "--groups must be at least 1 (got -2)", "cascade", "--groups", "-2", "--out", "{out}")]
    [InlineData(2, "--threads must be at least 1 (got 0)", "cascade-grid", "--threads", "0", "--out", "{out}")]
    [InlineData(2, "--groups must be at least 1 (got 0)", "cascade-grid", "--groups", "0", "--out", "{out}")]
    [InlineData(2, "the n grid 10…5", "three-category", "--n-from", "10", "--n-to", "5", "--out", "{out}")]
    [InlineData(2, "--split 60+30 is invalid", "group-branch", "--split", "60+30", "--out", "{out}")]
    [InlineData(2, "the temp-r range 1.3…1.2", "group-branch", "--from", "1.3", "--to", "1.2", "--out", "{out}")]
    [InlineData(2, "--digits must name at least two classes", "group-branch", "--digits", "4", "--out", "{out}")]
    [InlineData(2, "--n: '0' is not a positive number", "prototypes", "--n", "3,0", "--out", "{out}")]
    [InlineData(2, "--temp-r: 'hot' is not a number", "start-bias", "--temp-r", "hot", "--out", "{out}")]
    [InlineData(2, "T grid 900…650", "populations", "--temp-from", "900", "--temp-to", "650", "--out", "{out}")]
    // Temperatures and n where x^n leaves the doubles: split-tree once reported its start as the gathering point.
    [InlineData(1, "x^n reaches 10^9085", "split-tree", "--temp", "1e-300", "--out", "{out}")]
    [InlineData(1, "x^n is at most 10^-9002", "split-tree", "--temp-r", "1e300", "--out", "{out}")]
    [InlineData(1, "x^n is at most 10^-64258 at n = 1E+06", "split-tree", "--n", "1e6", "--out", "{out}")]
    [InlineData(1, "every gradient underflows", "cascade", "--temp-r", "1e300", "--out", "{out}")]
    [InlineData(1, "every gradient underflows", "train", "--temp-r", "1e300", "--epochs", "3", "--out", "{out}")]
    [InlineData(1, "every gradient underflows", "start-bias", "--temp-r", "1e300", "--out", "{out}")]
    // More groups than memories was once taken silently as one group per memory.
    [InlineData(2, "--groups 50 is more than the 10 memories", "split-tree", "--memories", "10", "--groups", "50", "--out", "{out}")]
    [InlineData(2, "--groups 101 is more than the 100 memories", "cascade", "--groups", "101", "--out", "{out}")]
    [InlineData(2, "--groups 101 is more than the 100 memories", "cascade-grid", "--groups", "101", "--out", "{out}")]
    [InlineData(2, "--groups 101 is more than the 100 memories", "start-bias", "--groups", "101", "--out", "{out}")]
    // Messages that named the wrong thing: a value rounded to 0, an empty range for a one-point grid, a list of
    // parameters the command then refuses.
    [InlineData(2, "has an end of 1E-300, below its resolution", "three-category", "--from", "1e-300", "--out", "{out}")]
    [InlineData(2, "has one point: a sweep needs at least two", "three-category", "--n-step", "100", "--out", "{out}")]
    [InlineData(2, "unknown parameter 'bogus': the group system takes n, temperature or temp-r", "group-branch", "--param", "bogus", "--out", "{out}")]
    // bench --reduced checked its --out only after ~23 s of timing, and ignored --seconds.
    [InlineData(2, "is a folder: give a file name", "bench", "--reduced", "--out", "/tmp/")]
    [InlineData(2, "--seconds sets the training benchmark", "bench", "--reduced", "--seconds", "5")]
    [InlineData(2, "--authors belongs to --scaling", "bench", "--authors", "/nonexistent.csv")]
    [InlineData(1, "/nonexistent.csv: no such file", "bench", "--scaling", "--authors", "/nonexistent.csv")]
    public void FailsCleanly(int exitCode, string message, params string[] args)
    {
        var dir = Path.Combine(Path.GetTempPath(), "bif-bad-" + Guid.NewGuid().ToString("N"));
        var (code, stdout, err) = CliTests.Run(args.Select(a => a == "{out}" ? dir : a).ToArray());
        Assert.True(code == exitCode, $"exit {code}: {stdout}{err}");
        var lines = err.Trim().Split('\n');
        Assert.Single(lines);
        Assert.Contains(message, err);
        Assert.DoesNotContain("   at ", err);
        Assert.False(Directory.Exists(dir) && Directory.EnumerateFileSystemEntries(dir, "*", SearchOption.AllDirectories).Any(f => File.Exists(f)),
            "no output file on bad input");
    }
}

public class BenchCliTests
{
    [Fact]
    public void BenchScalingWritesItsTableAndChecksTheEngineAgainstTheScalarReference()
    {
        using var dir = new TempDir();
        var csv = dir.File("scaling.csv");
        var (code, stdout, err) = CliTests.Run("bench", "--scaling", "--k-list", "3,9", "--p-list", "40,900", "--seconds", "0.05", "--threads", "2",
            "--check-epochs", "2", "--out", csv);
        Assert.True(code == 0, err);
        var lines = File.ReadAllLines(csv);
        Assert.Equal(5, lines.Length);
        Assert.StartsWith("memories,digits,threads,path,epochs,epoch_ms,epoch_gflops", lines[0]);
        Assert.Contains(lines, l => l.StartsWith("9,40,2,tracked,"));
        Assert.Contains(lines, l => l.StartsWith("9,900,2,direct,"));
        Assert.Contains("engine vs scalar reference, K = 100, P = 900, 2 epochs", stdout);
        var (badCode, _, badErr) = CliTests.Run("bench", "--scaling", "--p-list", "200,x");
        Assert.NotEqual(0, badCode);
        Assert.Contains("--p-list", badErr);
        Assert.Single(badErr.Trim().Split('\n'));
    }

    [Fact]
    public void ParseErrorsSayWhatToTypeNotWhichDotNetType()
    {
        foreach (var (args, expected) in new[]
                 {
                     (new[] { "continue", "--n-from", "abc" }, "expected a number"),
                     (new[] { "fixed-points", "--gram", "753,494,719", "--n", "x" }, "expected a number"),
                     (new[] { "bench", "--memories", "1.5" }, "expected a whole number"),
                 })
        {
            var (code, _, err) = CliTests.Run(args);
            Assert.Equal(2, code);
            Assert.Contains(expected, err);
            Assert.DoesNotContain("System.", err);
            Assert.Single(err.Trim().Split('\n'));
        }
    }

    [Fact]
    public void ThreeCategoryNamesItsColumnsByClassAndLeavesTheSweptParameterOutOfItsSettings()
    {
        // The columns were alpha_1…3 by position (alpha_2 was the 4s), where group-branch names them by class; the JSON
        // gave the grid's first n as "the" n of a sweep in n.
        using var dir = new TempDir();
        var (code, _, err) = CliTests.Run("three-category", "--digits", "1,4,7", "--n-from", "4", "--n-to", "6", "--memories", "4", "--out", dir.Path);
        Assert.True(code == 0, err);
        foreach (var file in new[] { "branches.csv", "continued.csv" })
            Assert.Contains(",alpha_1,alpha_4,alpha_7,ell_1,ell_4,ell_7,", File.ReadLines(dir.File(file)).First());
        using var json = System.Text.Json.JsonDocument.Parse(File.ReadAllText(dir.File("branches.json")));
        Assert.Equal(System.Text.Json.JsonValueKind.Null, json.RootElement.GetProperty("n").ValueKind);
        Assert.Equal(1.0, json.RootElement.GetProperty("temperatureR").GetDouble());
    }

    [Fact]
    public void ContinueNeverOverwritesAnotherDiagramAndJsonAloneWritesNothing()
    {
        using var dir = new TempDir();
        var folder = dir.File("continuation");
        var (code, _, err) = CliTests.Run("continue", "--out", folder, "--seeds", "8");
        Assert.True(code == 0, err);
        var before = File.ReadAllText(Path.Combine(folder, "branches.csv"));
        // Other settings into the same folder: refused, naming a differing setting, and the diagram stays as it was.
        var (refused, _, why) = CliTests.Run("continue", "--out", folder, "--seeds", "8", "--n-from", "19", "--n-to", "21");
        Assert.Equal(2, refused);
        Assert.Contains("holds other results", why);
        Assert.Contains("from", why);
        Assert.Equal(before, File.ReadAllText(Path.Combine(folder, "branches.csv")));
        // --force discards it; --json without --out prints the diagram and writes no file.
        Assert.Equal(0, CliTests.Run("continue", "--out", folder, "--seeds", "8", "--n-from", "19", "--n-to", "21", "--force").Code);
        Assert.NotEqual(before, File.ReadAllText(Path.Combine(folder, "branches.csv")));
        var (jsonCode, json, _) = CliTests.Run("continue", "--json", "--seeds", "8", "--n-from", "19", "--n-to", "21");
        Assert.Equal(0, jsonCode);
        Assert.StartsWith("{", json.TrimStart());
        Assert.DoesNotContain("wrote ", json);
    }
}
