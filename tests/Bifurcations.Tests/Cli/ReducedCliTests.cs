using System.Text.Json;

namespace Bifurcations.Tests;

public class ReducedCliTests
{
    [Fact]
    public void FixedPointsJsonHasTheDocumentedShape()
    {
        var (code, stdout, _) = CliTests.Run("fixed-points", "--gram", "753,494,719", "--temp", "700", "--memories", "2", "--n", "15", "--json");
        Assert.Equal(0, code);
        using var doc = JsonDocument.Parse(stdout);
        var root = doc.RootElement;
        Assert.Equal(15, root.GetProperty("n").GetDouble());
        Assert.Equal(700, root.GetProperty("temperature").GetDouble());
        Assert.Equal(2, root.GetProperty("memories").GetInt32());
        Assert.Equal(700 / Math.Pow(2, 1 / 15.0), root.GetProperty("effectiveTemperature").GetDouble(), 1e-9);
        Assert.Equal([753.0, 494, 719], root.GetProperty("gram").EnumerateArray().Select(x => x.GetDouble()));
        var points = root.GetProperty("fixedPoints").EnumerateArray().ToArray();
        Assert.Equal(3, points.Length);
        foreach (var p in points)
        {
            foreach (var name in new[] { "alphaA", "alphaB", "ell" }) Assert.Equal(JsonValueKind.Number, p.GetProperty(name).ValueKind);
            Assert.Contains(p.GetProperty("stability").GetString(), new[] { "stable", "saddle", "unstable" });
            Assert.Equal(2, p.GetProperty("eigenvalues").GetArrayLength());
        }
    }

    [Theory]
    [InlineData("not positive semidefinite", "fixed-points", "--gram", "700,800,700")]
    [InlineData("G_AA = 0", "fixed-points", "--gram", "0,0,700")]
    [InlineData("exponent n = 0.5", "fixed-points", "--n", "0.5")]
    [InlineData("temperature T = -3", "nullclines", "--temp", "-3")]
    [InlineData("memories K = 0", "fixed-points", "--memories", "0")]
    [InlineData("unknown digit", "fixed-points", "--pair", "1,x")]
    [InlineData("--gram", "fixed-points", "--gram", "1,2,3,4")]
    [InlineData("needs real digits", "split", "--gram", "753,494,719")]
    public void BadInputIsOneLineAndExitCodeTwo(string message, params string[] args)
    {
        var dir = Path.Combine(Path.GetTempPath(), "bif-" + Guid.NewGuid().ToString("N"));
        var (code, _, err) = CliTests.Run([.. args, .. (args[0] is "nullclines" or "split" ? new[] { "--out", dir } : [])]);
        Assert.Equal(2, code);
        Assert.Single(err.Trim().Split('\n'));
        Assert.Contains(message, err);
        Assert.False(Directory.Exists(dir) && Directory.EnumerateFiles(dir).Any(), "no output on bad input");
    }

    [Fact]
    public void NullclinesWritesCsvJsonAndFigures()
    {
        var dir = Path.Combine(Path.GetTempPath(), "bif-" + Guid.NewGuid().ToString("N"));
        try
        {
            var (code, _, err) = CliTests.Run("nullclines", "--n", "15", "--out", dir);
            Assert.True(code == 0, err);
            foreach (var f in new[] { "nullclines.csv", "fixed-points.json", "nullclines.png", "nullclines-zoom.png" })
                Assert.True(new FileInfo(Path.Combine(dir, f)).Length > 100, f);
            var lines = File.ReadAllLines(Path.Combine(dir, "nullclines.csv"));
            Assert.Equal("nullcline,branch,line,repelling,alpha,ell", lines[0]);
            Assert.Contains(lines, l => l.StartsWith("memory,upper"));
            Assert.Contains(lines, l => l.StartsWith("label,upper"));
        }
        finally { if (Directory.Exists(dir)) Directory.Delete(dir, true); }
    }

    [Fact]
    public void GroupBranchWritesTheBreakingPointItsModeAndAnUnequalSplitBranch()
    {
        // T_r 1.25–1.265 at n = 30 on the default digits holds one breaking point (near 1.2573, docs/cascade.md): the
        // files must say so, with the mode setting the 1s against the 4s and 7s, and the 90 + 10 split branch reaching
        // the range's start on both of its halves.
        using var dir = new TempDir();
        var (code, stdout, err) = CliTests.Run("group-branch", "--from", "1.25", "--to", "1.265", "--split", "90+10", "--out", dir.Path);
        Assert.True(code == 0, err);
        Assert.DoesNotContain("warning", err);
        var branch = File.ReadAllLines(dir.File("branch.csv"));
        Assert.Equal("temp_r,alpha_1,alpha_4,alpha_7,symmetric_stability,difference_rate", branch[0]);
        var rates = branch.Skip(1).Select(l => double.Parse(l.Split(',')[^1], System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal(1, rates.Zip(rates.Skip(1)).Count(t => Math.Sign(t.First) != Math.Sign(t.Second)));
        using var doc = JsonDocument.Parse(File.ReadAllText(dir.File("group-branch.json")));
        var breaking = Assert.Single(doc.RootElement.GetProperty("symmetryBreaking").EnumerateArray());
        Assert.InRange(breaking.GetProperty("p").GetDouble(), 1.25, 1.265);
        Assert.False(breaking.GetProperty("unstableAbove").GetBoolean());
        var mode = breaking.GetProperty("modeByClass").EnumerateArray().Select(x => x.GetDouble()).ToArray();
        Assert.True(Math.Sign(mode[0]) == -Math.Sign(mode[1]) && Math.Sign(mode[1]) == Math.Sign(mode[2]), $"mode by class ({string.Join(", ", mode)})");
        var split = Assert.Single(doc.RootElement.GetProperty("splits").EnumerateArray());
        Assert.Equal("ParameterBound", split.GetProperty("start").GetProperty("reason").GetString());
        Assert.Equal("ParameterBound", split.GetProperty("finish").GetProperty("reason").GetString());
        var rows = File.ReadAllLines(dir.File("splits.csv"));
        Assert.Equal("split,breaking,temp_r,alpha_1_a,alpha_4_a,alpha_7_a,alpha_1_b,alpha_4_b,alpha_7_b,stability", rows[0]);
        Assert.All(rows.Skip(1), r => Assert.StartsWith("90+10,0,", r));
        // Off the breaking point the two groups differ: the split branch is not the symmetric one written twice.
        double[] Values(string row) => [.. row.Split(',')[2..9].Select(v => double.Parse(v, System.Globalization.CultureInfo.InvariantCulture))];
        foreach (var row in new[] { rows[1], rows[^1] })
        {
            var v = Values(row);
            Assert.True(Math.Abs(v[0] - 1.25) < 1e-9 && Math.Abs(v[1] - v[4]) > 1e-4, $"at the range's start the groups must differ: {row}");
        }
        Assert.Contains("split 90+10 out of temp-r = 1.257", stdout);
        Assert.True(new FileInfo(dir.File("branches.png")).Length > 10_000);
    }
}
