using Bifurcations.Data;
using Bifurcations.Experiments.IO;
using Bifurcations.Training;

namespace Bifurcations.Tests;

public class EnlargedSetTests
{
    [Fact]
    public void EnlargedSetRoundTripsThroughIdxAndShiftsEachPassByOnePixel()
    {
        var source = MnistSet.Embedded;
        int count = source.Count + 20;
        var big = EnlargedSet.Create(source, count);
        using var dir = new TempDir();
        MnistFiles.WriteFolder(big, dir.Path);
        var read = MnistSet.LoadFolder(dir.Path); // the reader --mnist uses
        Assert.Equal(count, read.Count);
        for (int i = 0; i < count; i += 997) Assert.Equal(big.RawPixels(i).ToArray(), read.RawPixels(i).ToArray());
        // The first pass is the source; digit P + i is digit i moved one pixel right (column 0 background).
        Assert.Equal(source.RawPixels(5).ToArray(), read.RawPixels(5).ToArray());
        var original = source.RawPixels(3);
        var shifted = read.RawPixels(source.Count + 3);
        Assert.Equal(source.Labels[3], read.Labels[source.Count + 3]);
        for (int r = 0; r < MnistSet.Side; r++)
        {
            Assert.Equal(0, shifted[r * MnistSet.Side]);
            for (int c = 1; c < MnistSet.Side; c++) Assert.Equal(original[r * MnistSet.Side + c - 1], shifted[r * MnistSet.Side + c]);
        }
        Assert.Throws<InvalidParameterException>(() => EnlargedSet.Create(source, 0));
        Assert.Throws<InvalidParameterException>(() => EnlargedSet.Prefix(read, count + 1));
    }

    [Fact]
    public void OverlapPathCrossesOverBelowNAndFitsTheFullMnistSizeInUnderFourGigabytes()
    {
        var o = new TrainingOptions();
        // Tracking costs 2KP² + 2KPN/50 against 2KPN: cheaper exactly while P < N(1 − 1/50) = 768.32 at N = 784.
        Assert.True(OverlapPath.Track(100, 768, 784, 768, o));
        Assert.False(OverlapPath.Track(100, 769, 784, 769, o));
        Assert.False(OverlapPath.Track(100, 200, 784, 100, o));               // minibatches: never
        Assert.False(OverlapPath.Track(100, 200, 784, 200, o with { Momentum = 0.5 }));
        Assert.True(OverlapPath.TrackedFlops(100, 768, 784) < OverlapPath.DirectFlops(100, 768, 784));
        // The largest shape of bench --scaling: K = 1 000 on P = 60 000, one minibatch.
        // The digits and their two packed copies (3PN) dominate; the work arrays are K × one block of 768 digits, not K×P.
        Assert.Equal(8.0 * (4 * 1000 * 784 + 2 * 1000 * 768 + 4 * 768 * 10 + 3.0 * 60_000 * 784), OverlapPath.Bytes(1000, 60_000, 60_000, 784, tracked: false));
        Assert.InRange(OverlapPath.Bytes(1000, 60_000, 60_000, 784, tracked: false), 1e9, 4e9);
    }
}
