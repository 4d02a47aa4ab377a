namespace Bifurcations.Training;

/// <summary>
/// The right-hand operand B (k×n) of <see cref="Gemm"/> already copied into the kernels' panel layout:
/// for each block of NC columns and each block of KC depth, in that order, the NR-wide panels of that
/// block. Built once by <see cref="Gemm.Pack"/> for an operand that many products share (the digits),
/// so no product pays for packing it again.
/// </summary>
internal sealed class PackedOperand
{
    /// <summary>Columns and depth of B as it enters the product (n and k of C = A·B).</summary>
    public int N { get; }
    public int K { get; }
    /// <summary>True when B was stored n×k (the product is A·Bᵀ of that storage).</summary>
    public bool Transposed { get; }
    internal double[] Panels { get; }
    /// <summary>
    /// B as it was given, kept only when it is so small that a product with it is formed entry by entry
    /// (<see cref="Gemm.SmallProduct"/>), where the panels would cost more than they save.
    /// </summary>
    internal double[]? Plain { get; }
    readonly long[] _offsets; // start of block (column block, depth block)
    readonly int _depthBlocks;

    PackedOperand(int n, int k, bool transposed, double[] panels, long[] offsets, int depthBlocks, double[]? plain)
    {
        (N, K, Transposed, Panels, _offsets, _depthBlocks, Plain) = (n, k, transposed, panels, offsets, depthBlocks, plain);
    }

    internal long BlockOffset(int columnBlock, int depthBlock) => _offsets[columnBlock * _depthBlocks + depthBlock];

    internal unsafe delegate void Packer(double* b, double* dst, int n, int k, int pc, int kc, int jc, int nc, bool transposed);

    internal static unsafe PackedOperand Create(ReadOnlySpan<double> b, int n, int k, bool transposed, int nr, int kcMax, int ncMax, Packer pack)
    {
        int columnBlocks = (n + ncMax - 1) / ncMax, depthBlocks = Math.Max(1, (k + kcMax - 1) / kcMax);
        var offsets = new long[columnBlocks * depthBlocks];
        long total = 0;
        for (int jb = 0; jb < columnBlocks; jb++)
        {
            int nc = Math.Min(ncMax, n - jb * ncMax), padded = (nc + nr - 1) / nr * nr;
            for (int pb = 0; pb < depthBlocks; pb++)
            {
                offsets[jb * depthBlocks + pb] = total;
                total += (long)padded * Math.Min(kcMax, k - pb * kcMax);
            }
        }
        var panels = new double[total];
        fixed (double* src = b, dst = panels)
            for (int jb = 0; jb < columnBlocks; jb++)
                for (int pb = 0; pb * kcMax < k; pb++)
                {
                    int nc = Math.Min(ncMax, n - jb * ncMax), kc = Math.Min(kcMax, k - pb * kcMax);
                    pack(src, dst + offsets[jb * depthBlocks + pb], n, k, pb * kcMax, kc, jb * ncMax, nc, transposed);
                }
        return new PackedOperand(n, k, transposed, panels, offsets, depthBlocks, (long)n * k <= Gemm.SmallProduct ? b[..(n * k)].ToArray() : null);
    }

    /// <summary>Bytes held by the panels.</summary>
    public long Bytes => 8L * Panels.Length;
}
