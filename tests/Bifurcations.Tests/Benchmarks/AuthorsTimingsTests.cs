using Bifurcations.Experiments.Benchmarks;
using Xunit;

namespace Bifurcations.Tests;

/// <summary>The authors' timings behind bench --scaling's × authors column: timed shapes, shapes scaled per digit, and bad tables.</summary>
public class AuthorsTimingsTests
{
    const string Header = "K,P,epochs,fastest_ms,median_ms,median_ms_per_digit";

    [Fact]
    public void ATimedShapeIsItsMedianAndAnotherPIsScaledPerDigitAtTheSameK()
    {
        using var dir = new TempDir();
        var path = dir.File("authors.csv");
        File.WriteAllLines(path, [Header, "100,200,20,83.0,94.8,0.474", "100,2000,4,843.9,871.3,0.4357", "100,8630,2,3685.7,3797.4,0.44", "10,200,20,19.3,19.8,0.099", ""]);
        var t = AuthorsTimings.Read(path);
        Assert.Equal(94.8, t.MsPerEpoch(100, 200));
        Assert.Equal(871.3, t.MsPerEpoch(100, 2000));
        // P = 60 000 at K = 100: the median of 0.474, 0.43565 and 0.44 ms per digit (0.44), times 60 000.
        Assert.Equal(3797.4 / 8630 * 60_000, t.MsPerEpoch(100, 60_000)!.Value, 9);
        Assert.Equal(19.8 / 200 * 2000, t.MsPerEpoch(10, 2000)!.Value, 9);
        Assert.Null(t.MsPerEpoch(1000, 200));
        Assert.Contains("authors.csv", t.Source);
    }

    [Fact]
    public void TwoTimingsAtOneKGiveTheMeanOfTheirCostsPerDigit()
    {
        using var dir = new TempDir();
        var path = dir.File("authors.csv");
        File.WriteAllLines(path, [Header, "100,200,20,83.0,94.8,0.474", "100,2000,4,843.9,871.3,0.4357"]);
        Assert.Equal((94.8 / 200 + 871.3 / 2000) / 2 * 60_000, AuthorsTimings.Read(path).MsPerEpoch(100, 60_000)!.Value, 9);
        var e = Assert.Throws<DataException>(() => AuthorsTimings.Read(dir.Path));
        Assert.Contains("is a folder", e.Message);
    }

    [Fact]
    public void WithoutATableOnlyK100HasTheFixedCostPerDigit()
    {
        Assert.Equal(0.45 * 2000, AuthorsTimings.Default.MsPerEpoch(100, 2000)!.Value, 9);
        Assert.Null(AuthorsTimings.Default.MsPerEpoch(10, 2000));
    }

    [Theory]
    [InlineData("", "not a table of tools/time-authors-trainer.py")]
    [InlineData("K,P\n100,200", "not a table of tools/time-authors-trainer.py")]
    [InlineData(Header + "\n100,200,3,x,8,1", "line 2: '100,200,3,x,8,1'")]
    [InlineData(Header + "\n100,0,3,1,8,1", "line 2")]
    [InlineData(Header + "\n100,200,3,1,-8,1", "line 2")]
    [InlineData(Header + "\n100,200,3,1,8", "line 2")]
    [InlineData(Header + "\n", "no timings in it")]
    public void ABadTableIsOneLineNamingWhere(string text, string expected)
    {
        using var dir = new TempDir();
        var path = dir.File("authors.csv");
        File.WriteAllText(path, text);
        var e = Assert.Throws<DataException>(() => AuthorsTimings.Read(path));
        Assert.Contains(expected, e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }
}
