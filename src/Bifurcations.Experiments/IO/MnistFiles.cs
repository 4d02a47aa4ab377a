using Bifurcations.Data;

namespace Bifurcations.Experiments.IO;

/// <summary>IDX files on disk, each written atomically (a reader never sees half a file).</summary>
public static class MnistFiles
{
    /// <summary>Writes IDX images to <paramref name="path"/>, gzipped if asked.</summary>
    public static void WriteImages(string path, IdxImages images, bool gzip) => AtomicFile.Write(path, s => Idx.WriteImages(s, images, gzip));

    /// <summary>Writes IDX labels to <paramref name="path"/>, gzipped if asked.</summary>
    public static void WriteLabels(string path, byte[] labels, bool gzip) => AtomicFile.Write(path, s => Idx.WriteLabels(s, labels, gzip));

    /// <summary>Writes <paramref name="set"/> as gzipped IDX files in the official layout, which <see cref="MnistSet.LoadFolder"/> reads.</summary>
    public static void WriteFolder(MnistSet set, string folder, string prefix = "train")
    {
        WriteImages(Path.Combine(folder, $"{prefix}-images-idx3-ubyte.gz"), set.Images, gzip: true);
        WriteLabels(Path.Combine(folder, $"{prefix}-labels-idx1-ubyte.gz"), set.Labels, gzip: true);
    }
}
