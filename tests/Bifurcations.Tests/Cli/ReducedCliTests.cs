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
}
