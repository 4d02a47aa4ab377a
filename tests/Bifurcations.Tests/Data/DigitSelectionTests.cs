using Bifurcations.Data;

namespace Bifurcations.Tests;

public class DigitSelectionTests
{
    [Theory]
    [InlineData("0-9", new[] { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9 })]
    [InlineData("1,4", new[] { 1, 4 })]
    [InlineData("7, 1,3-4", new[] { 7, 1, 3, 4 })]
    public void ParsesClassLists(string text, int[] expected) => Assert.Equal(expected, DigitSelection.ParseClasses(text));

    [Theory]
    [InlineData("12", "unknown digit 12")]
    [InlineData("1,x", "unknown digit 'x'")]
    [InlineData("5-2", "reversed")]
    [InlineData("1,1", "listed twice")]
    public void RejectsBadClassLists(string text, string message) =>
        Assert.Contains(message, Assert.Throws<InvalidParameterException>(() => DigitSelection.ParseClasses(text)).Message);

    [Fact]
    public void TooManyPerClassNamesTheClassAndTheCount()
    {
        var e = Assert.Throws<InvalidParameterException>(() => new DigitSelection([5], 5000).Indices(MnistSet.Embedded));
        Assert.Contains("5000", e.Message);
        Assert.Contains("only 863", e.Message);
    }

    [Fact]
    public void SameSeedSameDigitsAndClassSubsetsDoNotDependOnTheOtherClasses()
    {
        var a = new DigitSelection([1, 4], 3, Seed: 5).Indices(MnistSet.Embedded);
        var b = new DigitSelection([1, 4], 3, Seed: 5).Indices(MnistSet.Embedded);
        var c = new DigitSelection([7, 4, 1], 3, Seed: 5).Indices(MnistSet.Embedded);
        var d = new DigitSelection([1, 4], 3, Seed: 6).Indices(MnistSet.Embedded);
        Assert.Equal(a, b);
        Assert.Equal(a[..3], c[6..9]);
        Assert.Equal(a[3..6], c[3..6]);
        Assert.NotEqual(a, d);
    }

    [Fact]
    public void FirstModeTakesTheFirstDigitsOfEachClass()
    {
        var idx = new DigitSelection([2, 0], 2, Mode: SelectionMode.First).Indices(MnistSet.Embedded);
        Assert.Equal(new[] { MnistSet.Embedded.IndexOf(2, 0), MnistSet.Embedded.IndexOf(2, 1), MnistSet.Embedded.IndexOf(0, 0), MnistSet.Embedded.IndexOf(0, 1) }, idx);
    }

    [Fact]
    public void PixelsAreScaledToMinusOneOne()
    {
        var set = new DigitSelection([0, 1, 2, 3, 4, 5, 6, 7, 8, 9], 5).Select(MnistSet.Embedded);
        Assert.Equal(-1.0, set.Samples.Min());
        Assert.Equal(1.0, set.Samples.Max());
        Assert.Equal(new[] { 0, 0, 0, 0, 0, 1 }, set.Labels[..6]);
    }

    [Fact]
    public void GramDiagonalOfRealDigitsIsInTheRealisticRange()
    {
        var set = new DigitSelection([0, 1, 2, 3, 4, 5, 6, 7, 8, 9], 20).Select(MnistSet.Embedded);
        var g = set.Gram();
        for (int i = 0; i < set.Count; i++)
        {
            Assert.InRange(g[i * set.Count + i], 300, 784);
            for (int j = 0; j < set.Count; j++) Assert.Equal(g[i * set.Count + j], g[j * set.Count + i]);
        }
    }
}
