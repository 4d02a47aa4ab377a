namespace Bifurcations.Data;

/// <summary>
/// P training samples σ ∈ [-1, 1]^N (row-major P×N) with their class labels. Immutable once built.
/// </summary>
public sealed class TrainingSet
{
    /// <summary>Number of digits P.</summary>
    public int Count { get; }
    /// <summary>Pixels per digit N.</summary>
    public int Dimension { get; }
    /// <summary>Row-major P×N samples.</summary>
    public double[] Samples { get; }
    /// <summary>Class of each sample (0..9).</summary>
    public int[] Labels { get; }
    /// <summary>Index of each sample in its source set (for provenance), or −1 if synthetic.</summary>
    public int[] SourceIndices { get; }

    /// <summary>P digits of N pixels stored row by row, with their classes and, optionally, their indices in the source set.</summary>
    public TrainingSet(double[] samples, int[] labels, int dimension, int[]? sourceIndices = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dimension);
        if (samples.Length != labels.Length * dimension)
            throw new ArgumentException($"{samples.Length} values do not make {labels.Length} samples of {dimension}");
        foreach (var l in labels) MnistSet.CheckDigit(l);
        Count = labels.Length;
        Dimension = dimension;
        Samples = samples;
        Labels = labels;
        SourceIndices = sourceIndices ?? Enumerable.Repeat(-1, labels.Length).ToArray();
    }

    /// <summary>Digit <paramref name="i"/>'s pixels.</summary>
    public ReadOnlySpan<double> Sample(int i) => Samples.AsSpan(i * Dimension, Dimension);

    string? _fingerprint;

    /// <summary>
    /// A 64-bit FNV-1a hash of the pixels and labels, in hex: two sets with the same fingerprint hold the same digits in
    /// the same order. Run-folder manifests record it, so that results are never reused for other digits.
    /// </summary>
    public string Fingerprint => _fingerprint ??= ComputeFingerprint();

    string ComputeFingerprint()
    {
        ulong h = 14695981039346656037UL;
        void Mix(ReadOnlySpan<byte> bytes) { foreach (var b in bytes) { h ^= b; h *= 1099511628211UL; } }
        Mix(BitConverter.GetBytes(Count)); Mix(BitConverter.GetBytes(Dimension));
        Mix(System.Runtime.InteropServices.MemoryMarshal.AsBytes(Samples.AsSpan()));
        Mix(System.Runtime.InteropServices.MemoryMarshal.AsBytes(Labels.AsSpan()));
        return h.ToString("x16");
    }

    double? _largestOverlap;

    /// <summary>
    /// The largest overlap a memory with pixels in [−1, 1] can have with a digit here, max_i Σ_j |σ_ij|: the bound
    /// the numerical range of x^n is checked against (<see cref="Model.PowerRange"/>).
    /// </summary>
    public double LargestOverlap => _largestOverlap ??= Enumerable.Range(0, Count).Select(i =>
    {
        double sum = 0;
        foreach (var v in Sample(i)) sum += Math.Abs(v);
        return sum;
    }).DefaultIfEmpty(0).Max();

    /// <summary>The distinct classes present, ascending.</summary>
    public int[] ClassesPresent => Labels.Distinct().Order().ToArray();

    /// <summary>Gram matrix G_ij = ⟨σ_i|σ_j⟩ (P×P, row-major).</summary>
    public double[] Gram()
    {
        var g = new double[Count * Count];
        for (int i = 0; i < Count; i++)
            for (int j = i; j < Count; j++)
            {
                double s = System.Numerics.Tensors.TensorPrimitives.Dot(Sample(i), Sample(j));
                g[i * Count + j] = s;
                g[j * Count + i] = s;
            }
        return g;
    }
}
