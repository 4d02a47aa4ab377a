using System.Buffers;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Bifurcations.Training;

/// <summary>
/// The dense matrix products of a training step, blocked for the caches with packed panels (the
/// layered loops of docs/performance.md): a block of B (KC×NC) is copied once into NR-wide panels, a
/// block of A (MC×KC) into MR-tall panels, and a register tile MR×NR of C is updated from one panel of
/// each. Every entry of C is one chain of fused multiply-adds in the order p = 0, 1, …, k−1
/// (c ← a_p·b_p + c), whatever the blocking, the vector width or the thread that computes it: so the
/// result is bit-identical at any thread count, equals <see cref="ReferenceEntry"/> exactly, and stacking
/// more rows into A (more memories, more runs) leaves every row's result unchanged.
/// </summary>
internal static class Gemm
{
    /// <summary>512-bit tiles where the hardware runs them natively (AVX-512); 256-bit tiles otherwise.</summary>
    static readonly bool Wide = Vector512.IsHardwareAccelerated;

    /// <summary>Register tile: at most MR rows of A (broadcast) × NR columns of B (vectors); MR·NR/width accumulators.</summary>
    static readonly int MR = Wide ? 8 : 4, NR = Wide ? 24 : 12;

    /// <summary>
    /// Rows per tile: 8, except that 9–15 rows are cut into two equal tiles (K = 10: 5 + 5, not 8 + 2, whose 2-row
    /// tile does 6 multiply-adds per 3 loads of B and runs at about half speed).
    /// </summary>
    static int TileRows(int m) => m is > 8 and < 16 ? (m + 1) / 2 : 8;

    /// <summary>Depth of a block: an NR-wide panel of B (KC·NR doubles) stays in L1 while the tile loops over A.</summary>
    const int KC = 256;
    /// <summary>
    /// At most MC rows of A packed at once (MC·KC doubles, 256 KB, for L2) and columns of B packed at once (KC·NC
    /// doubles).
    /// </summary>
    const int MC = 128, NC = 1536;

    /// <summary>
    /// The packed blocks of rows: as few as hold at most MC rows each, with the tiles shared out evenly (block heights
    /// differ by one tile at most). Each block streams every panel of B once more, so K = 100 is one block of 100 rows,
    /// not 96 + 4, whose 4-row block reread all of B for 4% of the work. Returns the block count and the tallest block's
    /// tiles; block b holds tiles ⌊b·T/blocks⌋ … ⌊(b+1)·T/blocks⌋ − 1 of the T tiles.
    /// </summary>
    static (int Blocks, int Tiles) RowBlocks(int tiles, int mr)
    {
        int perBlock = Math.Max(1, MC / mr), blocks = Math.Max(1, (tiles + perBlock - 1) / perBlock);
        return (blocks, (tiles + blocks - 1) / blocks);
    }

    /// <summary>C (m×n) = A (m×k) · Bᵀ where B is n×k: every entry a dot product of two contiguous rows.</summary>
    public static unsafe void MultiplyTransposed(ReadOnlySpan<double> a, ReadOnlySpan<double> b, Span<double> c, int m, int n, int k, int threads,
        bool accumulate = false)
    {
        Check(a.Length >= (long)m * k && b.Length >= (long)n * k && c.Length >= (long)m * n);
        Run(a, b, c, m, n, k, threads, transposedB: true, accumulate);
    }

    /// <summary>
    /// C (m×n) = A (m×k) · B (k×n), all row-major. With <paramref name="accumulate"/>, C ← C + A·B continuing each
    /// entry's chain, so summing a product over consecutive blocks of k gives exactly the unblocked result.
    /// </summary>
    public static unsafe void Multiply(ReadOnlySpan<double> a, ReadOnlySpan<double> b, Span<double> c, int m, int n, int k, int threads,
        bool accumulate = false)
    {
        Check(a.Length >= (long)m * k && b.Length >= (long)k * n && c.Length >= (long)m * n);
        Run(a, b, c, m, n, k, threads, transposedB: false, accumulate);
    }

    /// <summary>The exact value every entry of the products has: the fused chain over p in ascending order.</summary>
    public static double ReferenceEntry(ReadOnlySpan<double> aRow, Func<int, double> b, int k, double start = 0)
    {
        double s = start;
        for (int p = 0; p < k; p++) s = Math.FusedMultiplyAdd(aRow[p], b(p), s);
        return s;
    }

    static void Check(bool ok)
    {
        if (!ok) throw new ArgumentException("matrix buffers are smaller than their shapes");
    }

    /// <summary>
    /// B (k×n, or n×k stored when <paramref name="transposed"/>) packed once into the panels the kernels read, for
    /// an operand used in many products (the digits X in every epoch): the products then skip packing it.
    /// </summary>
    public static unsafe PackedOperand Pack(ReadOnlySpan<double> b, int n, int k, bool transposed)
    {
        Check(b.Length >= (long)n * k);
        return PackedOperand.Create(b, n, k, transposed, NR, KC, NC, PackB);
    }

    /// <summary>C (m×n) = A (m×k) · B with B packed by <see cref="Pack"/>; the same chains as the unpacked products.</summary>
    public static unsafe void Multiply(ReadOnlySpan<double> a, PackedOperand b, Span<double> c, int m, int threads, bool accumulate = false)
    {
        Check(a.Length >= (long)m * b.K && c.Length >= (long)m * b.N);
        if (b.Plain is { } plain && (long)m * b.N * b.K <= SmallProduct)
        {
            Chains(a, plain, c, m, b.N, b.K, b.Transposed, accumulate);
            return;
        }
        fixed (double* pp = b.Panels) Run(a, default, c, m, b.N, b.K, threads, b.Transposed, accumulate, pp, b);
    }

    /// <summary>
    /// Digits per block of a fused epoch (<see cref="MultiplyColumns"/>, <see cref="MultiplyDepth"/>): a whole number of
    /// depth blocks (KC) and of column panels (NR, 24 or 12), so a block starts where the packed panels start.
    /// </summary>
    public const int BlockAlignment = 768;

    /// <summary>
    /// C (m × <paramref name="columns"/>, rows of that length) = A (m×k) · B[:, from … from+columns−1] with B packed: the
    /// overlaps of one block of digits. Every entry is the same chain as in the whole product. <paramref name="from"/> is a
    /// multiple of <see cref="BlockAlignment"/>.
    /// </summary>
    public static unsafe void MultiplyColumns(ReadOnlySpan<double> a, PackedOperand b, Span<double> c, int m, int threads, int from, int columns)
    {
        Check(from % BlockAlignment == 0 && columns >= 0 && from + columns <= b.N && a.Length >= (long)m * b.K && c.Length >= (long)m * columns);
        if (b.Plain is { } plain && (long)m * b.N * b.K <= SmallProduct)
        {
            // The stored rows (or stored columns) of B that make these columns of the product.
            if (b.Transposed) Chains(a, plain.AsSpan(from * b.K, columns * b.K), c, m, columns, b.K, true, false);
            else
                for (int i = 0; i < m; i++)
                    for (int j = 0; j < columns; j++)
                        c[i * columns + j] = ReferenceEntry(a.Slice(i * b.K, b.K), p => plain[p * b.N + from + j], b.K);
            return;
        }
        fixed (double* pp = b.Panels)
            Run(a, default, c, m, b.N, b.K, threads, b.Transposed, false, pp, b, new Window(b.K, 0, columns, from, from + columns));
    }

    /// <summary>
    /// C (m×n) = A · B[from … from+depth−1, :] (or C + that, continuing each entry's chain) with B packed and A m×depth: the
    /// memories' gradient summed over consecutive blocks of digits in order, which gives exactly the whole product.
    /// <paramref name="from"/> is a multiple of <see cref="BlockAlignment"/>, and so is <paramref name="depth"/> unless it
    /// takes every row left.
    /// </summary>
    public static unsafe void MultiplyDepth(ReadOnlySpan<double> a, PackedOperand b, Span<double> c, int m, int threads, int from, int depth, bool accumulate)
    {
        Check(from % BlockAlignment == 0 && depth >= 0 && (depth % BlockAlignment == 0 || from + depth == b.K) && from + depth <= b.K
            && a.Length >= (long)m * depth && c.Length >= (long)m * b.N);
        if (b.Plain is { } plain && (long)m * b.N * b.K <= SmallProduct)
        {
            if (b.Transposed)
                for (int i = 0; i < m; i++)
                    for (int j = 0; j < b.N; j++)
                        c[i * b.N + j] = ReferenceEntry(a.Slice(i * depth, depth), p => plain[j * b.K + from + p], depth, accumulate ? c[i * b.N + j] : 0);
            else Chains(a, plain.AsSpan(from * b.N, depth * b.N), c, m, b.N, depth, false, accumulate);
            return;
        }
        fixed (double* pp = b.Panels)
            Run(a, default, c, m, b.N, depth, threads, b.Transposed, accumulate, pp, b, new Window(depth, from, b.N, 0, b.N));
    }

    /// <summary>
    /// The part of a product a call computes: A's row stride and the first row of B it starts from (a depth range of a
    /// packed B), C's row stride and the first column C holds, and the columns [ColumnFrom, ColumnTo) of the product.
    /// </summary>
    readonly record struct Window(int Lda, int Depth0, int Ldc, int ColumnFrom, int ColumnTo);

    /// <summary>
    /// Shares C among the workers as contiguous column ranges (rows when C is taller than wide), each a whole number
    /// of tiles; each worker runs the blocked loops on its part with its own packing buffers.
    /// </summary>
    static unsafe void Run(ReadOnlySpan<double> a, ReadOnlySpan<double> b, Span<double> c, int m, int n, int k, int threads,
        bool transposedB, bool accumulate, double* packed = null, PackedOperand? layout = null, Window? part = null)
    {
        var w0 = part ?? new Window(k, 0, n, 0, n);
        int width = w0.ColumnTo - w0.ColumnFrom;
        if (m == 0 || width == 0) return;
        if (k == 0)
        {
            if (!accumulate) for (int i = 0; i < m; i++) c.Slice(i * w0.Ldc, width).Clear();
            return;
        }
        if (packed is null && (long)m * n * k <= SmallProduct)
        {
            Chains(a, b, c, m, n, k, transposedB, accumulate);
            return;
        }
        bool byColumns = width >= m;
        int tile = byColumns ? NR : MR, extent = byColumns ? width : m;
        int tiles = (extent + tile - 1) / tile;
        // Below ~1 MFLOP a second worker costs more to wake than it saves.
        int workers = (double)m * width * k < 5e5 ? 1 : Math.Max(1, Math.Min(threads, tiles));
        fixed (double* pa = a, pb = b, pc = c)
        {
            var (A, B, C, P) = ((nint)pa, (nint)pb, (nint)pc, (nint)packed);
            Parallelism.For(workers, workers, w =>
            {
                int from = (int)((long)tiles * w / workers) * tile, to = Math.Min(extent, (int)((long)tiles * (w + 1) / workers) * tile);
                if (from >= to) return;
                var (r0, r1, c0, c1) = byColumns ? (0, m, w0.ColumnFrom + from, w0.ColumnFrom + to) : (from, to, w0.ColumnFrom, w0.ColumnTo);
                Blocked((double*)A, (double*)B, (double*)C, m, n, k, r0, r1, c0, c1, transposedB, accumulate, (double*)P, layout, w0);
            });
        }
    }

    /// <summary>
    /// Multiply-adds at or below which a product is formed entry by entry (<see cref="Chains"/>): packing, buffers and the
    /// dispatch cost more than such a product (the phase diagrams' runs of K ≤ 2 on P = 2 make three per epoch).
    /// </summary>
    internal const long SmallProduct = 4096;

    static readonly double[] Zeros = new double[SmallProduct];

    /// <summary>
    /// Each entry as its own fused chain over p = 0…k−1, from 0 or from C: what the blocked loops compute, plainly. With B
    /// stored k×n a row of C takes each step of its chains at once, c_i· ← a_ip·b_p· + c_i· (one fused multiply-add per
    /// entry, vectorized along the row: the same chains in the same order).
    /// </summary>
    static void Chains(ReadOnlySpan<double> a, ReadOnlySpan<double> b, Span<double> c, int m, int n, int k, bool transposedB, bool accumulate)
    {
        if (!transposedB && k > 0)
        {
            // The first step adds to zeros read from a constant row (n ≤ SmallProduct here) rather than to a cleared
            // row: clearing cost more than the multiply-adds in the phase diagrams' runs.
            for (int i = 0; i < m; i++)
            {
                var row = c.Slice(i * n, n);
                TensorPrimitives.FusedMultiplyAdd(b[..n], a[i * k], accumulate ? row : Zeros.AsSpan(0, n), row);
                for (int p = 1; p < k; p++) TensorPrimitives.FusedMultiplyAdd(b.Slice(p * n, n), a[i * k + p], row, row);
            }
            return;
        }
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                double s = accumulate ? c[i * n + j] : 0;
                for (int p = 0; p < k; p++) s = Math.FusedMultiplyAdd(a[i * k + p], transposedB ? b[j * k + p] : b[p * n + j], s);
                c[i * n + j] = s;
            }
    }

    /// <summary>
    /// C[r0..r1, c0..c1] by the layered loops: columns by NC, depth by KC (pack B, or find its packed block), rows
    /// by MC (pack A), then NR×MR tiles. Column blocks follow one global grid so a packed operand's blocks line up.
    /// </summary>
    static unsafe void Blocked(double* a, double* b, double* c, int m, int n, int k, int r0, int r1, int c0, int c1,
        bool transposedB, bool accumulate, double* packed, PackedOperand? layout, Window part)
    {
        int lda = part.Lda, ldc = part.Ldc;
        int mr = Wide ? TileRows(r1 - r0) : MR, nr = NR, rowTiles = (r1 - r0 + mr - 1) / mr;
        var (rowBlocks, blockTiles) = RowBlocks(rowTiles, mr);
        var bufB = packed is null ? ArrayPool<double>.Shared.Rent(KC * (NC + nr)) : null;
        var bufA = ArrayPool<double>.Shared.Rent((blockTiles + 1) * mr * KC);
        var edge = ArrayPool<double>.Shared.Rent(mr * nr);
        try
        {
            fixed (double* own = bufB, pa = bufA, pe = edge)
                for (int block = c0 / NC * NC; block < c1; block += NC)
                {
                    int from = Math.Max(c0, block), to = Math.Min(c1, Math.Min(n, block + NC)), nc = to - from;
                    for (int pc = 0; pc < k; pc += KC)
                    {
                        int kc = Math.Min(KC, k - pc);
                        double* pb;
                        if (packed is null) { pb = own; PackB(b, pb, n, k, pc, kc, from, nc, transposedB); }
                        else pb = packed + layout!.BlockOffset(block / NC, (part.Depth0 + pc) / KC) + (long)(from - block) * kc;
                        bool load = accumulate || pc > 0;
                        for (int rb = 0; rb < rowBlocks; rb++)
                        {
                            int ic = r0 + (int)((long)rowTiles * rb / rowBlocks) * mr;
                            int mc = Math.Min(r1, r0 + (int)((long)rowTiles * (rb + 1) / rowBlocks) * mr) - ic, tiles = (mc + mr - 1) / mr;
                            // The tiles of a panel share the fetching of the next one (its 3·kc cache lines): one, two
                            // or three lines per step, so that even a lone tile brings in the whole panel.
                            int lines = (2 + tiles) / tiles;
                            PackA(a, pa, lda, pc, kc, ic, mc, mr);
                            for (int jr = 0; jr < nc; jr += nr)
                                for (int ir = 0; ir < mc; ir += mr)
                                {
                                    int rows = Math.Min(mr, mc - ir), cols = Math.Min(nr, nc - jr);
                                    double* ct = c + (long)(ic + ir) * ldc + from - part.ColumnFrom + jr;
                                    double* ap = pa + ir * kc;
                                    double* bp = pb + (long)jr * kc;
                                    // Panels follow one another in memory, packed or in the buffer: the next one starts at bp + nr·kc.
                                    double* next = bp + (long)nr * kc + (long)(ir / mr % 3) * lines * kc * 8;
                                    if (cols == nr && Wide) Rows(rows, kc, ap, mr, bp, ct, ldc, load, next, lines);
                                    else if (cols == nr && rows == mr) Tile4x12(kc, ap, bp, ct, ldc, load);
                                    else EdgeTile(kc, ap, bp, ct, ldc, load, rows, cols, mr, pe);
                                }
                        }
                    }
                }
        }
        finally
        {
            if (bufB is not null) ArrayPool<double>.Shared.Return(bufB);
            ArrayPool<double>.Shared.Return(bufA);
            ArrayPool<double>.Shared.Return(edge);
        }
    }

    /// <summary>A partial tile at the border of C, computed in a full scratch tile (zero padding adds nothing to a chain).</summary>
    static unsafe void EdgeTile(int kc, double* ap, double* bp, double* ct, int ldc, bool load, int rows, int cols, int mr, double* scratch)
    {
        int nr = NR;
        if (load)
            for (int i = 0; i < rows; i++)
                for (int j = 0; j < cols; j++) scratch[i * nr + j] = ct[(long)i * ldc + j];
        if (Wide) Rows(mr, kc, ap, mr, bp, scratch, nr, load, bp, 1);
        else Tile4x12(kc, ap, bp, scratch, nr, load);
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < cols; j++) ct[(long)i * ldc + j] = scratch[i * nr + j];
    }

    /// <summary>Rows ic..ic+mc of A, depth pc..pc+kc, as mr-tall panels: panel[p·mr + i] = A[row i, p]; missing rows are 0.</summary>
    static unsafe void PackA(double* a, double* dst, int k, int pc, int kc, int ic, int mc, int mr)
    {
        // A full 8-row panel takes each depth step as two gathers of the 8 rows' entries (4 each) stored as 8 consecutive
        // doubles, instead of 8 scalar stores 64 bytes apart (the packing had been about 7 % of an epoch at K = 100, P = 200).
        bool gather = mr == 8 && Avx2.IsSupported && 7L * k <= int.MaxValue;
        var (low, high) = gather ? (Vector128.Create(0, k, 2 * k, 3 * k), Vector128.Create(4 * k, 5 * k, 6 * k, 7 * k)) : default;
        for (int ir = 0; ir < mc; ir += mr)
        {
            int rows = Math.Min(mr, mc - ir);
            double* panel = dst + ir * kc;
            if (gather && rows == 8)
            {
                double* src = a + (long)(ic + ir) * k + pc;
                for (int p = 0; p < kc; p++)
                {
                    Avx2.GatherVector256(src + p, low, 8).Store(panel + p * 8);
                    Avx2.GatherVector256(src + p, high, 8).Store(panel + p * 8 + 4);
                }
                continue;
            }
            for (int i = 0; i < mr; i++)
            {
                if (i >= rows) { for (int p = 0; p < kc; p++) panel[p * mr + i] = 0; continue; }
                double* src = a + (long)(ic + ir + i) * k + pc;
                for (int p = 0; p < kc; p++) panel[p * mr + i] = src[p];
            }
        }
    }

    /// <summary>Columns jc..jc+nc of B, depth pc..pc+kc, as NR-wide panels: panel[p·NR + j] = B[p, column j]; missing columns are 0.</summary>
    internal static unsafe void PackB(double* b, double* dst, int n, int k, int pc, int kc, int jc, int nc, bool transposedB)
    {
        int nr = NR;
        for (int jr = 0; jr < nc; jr += nr)
        {
            int cols = Math.Min(nr, nc - jr);
            double* panel = dst + jr * kc;
            if (transposedB)
            {
                // B is stored n×k: column j of the product is row j of the storage, contiguous in p.
                for (int j = 0; j < nr; j++)
                {
                    if (j >= cols) { for (int p = 0; p < kc; p++) panel[p * nr + j] = 0; continue; }
                    double* src = b + (long)(jc + jr + j) * k + pc;
                    for (int p = 0; p < kc; p++) panel[p * nr + j] = src[p];
                }
            }
            else
            {
                for (int p = 0; p < kc; p++)
                {
                    double* src = b + (long)(pc + p) * n + jc + jr;
                    double* row = panel + p * nr;
                    int j = 0;
                    for (; j < cols; j++) row[j] = src[j];
                    for (; j < nr; j++) row[j] = 0;
                }
            }
        }
    }

    /// <summary>Row counts of a 24-column tile as types, so each count gets its own compiled kernel with the unused rows removed.</summary>
    interface IRowCount { static abstract int N { get; } }
    struct R1 : IRowCount { public static int N => 1; }
    struct R2 : IRowCount { public static int N => 2; }
    struct R3 : IRowCount { public static int N => 3; }
    struct R4 : IRowCount { public static int N => 4; }
    struct R5 : IRowCount { public static int N => 5; }
    struct R6 : IRowCount { public static int N => 6; }
    struct R7 : IRowCount { public static int N => 7; }
    struct R8 : IRowCount { public static int N => 8; }

    /// <summary>A tile of <paramref name="rows"/> ≤ 8 rows × 24 columns of C, reading an A panel of row stride <paramref name="lda"/>.</summary>
    static unsafe void Rows(int rows, int kc, double* a, int lda, double* b, double* c, int ldc, bool load, double* next, int lines)
    {
        switch (rows)
        {
            case 8: Rows24<R8>(kc, a, lda, b, c, ldc, load, next, lines); break;
            case 7: Rows24<R7>(kc, a, lda, b, c, ldc, load, next, lines); break;
            case 6: Rows24<R6>(kc, a, lda, b, c, ldc, load, next, lines); break;
            case 5: Rows24<R5>(kc, a, lda, b, c, ldc, load, next, lines); break;
            case 4: Rows24<R4>(kc, a, lda, b, c, ldc, load, next, lines); break;
            case 3: Rows24<R3>(kc, a, lda, b, c, ldc, load, next, lines); break;
            case 2: Rows24<R2>(kc, a, lda, b, c, ldc, load, next, lines); break;
            default: Rows24<R1>(kc, a, lda, b, c, ldc, load, next, lines); break;
        }
    }

    /// <summary>
    /// R rows × 24 columns with 512-bit vectors: 3R accumulators (24 for 8 rows), 3 loads of B and R broadcasts of A
    /// per step. The row count is a type, so the branches on it are resolved when the kernel is compiled.
    /// Each step also asks for <paramref name="lines"/> cache lines from <paramref name="next"/> on into L2: the first
    /// tile to read a panel of digits from main memory otherwise waits for it line by line (the hardware prefetcher
    /// stops at every 4 KB page), which cost a third of the products' time at K = 10, P = 60 000 (docs/performance.md). A
    /// prefetch never faults and changes no value.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static unsafe void Rows24<R>(int kc, double* a, int lda, double* b, double* c, int ldc, bool load, double* next, int lines) where R : struct, IRowCount
    {
        var z = Vector512<double>.Zero;
        Vector512<double> c00 = z, c01 = z, c02 = z, c10 = z, c11 = z, c12 = z, c20 = z, c21 = z, c22 = z, c30 = z, c31 = z, c32 = z, c40 = z, c41 = z, c42 = z, c50 = z, c51 = z, c52 = z, c60 = z, c61 = z, c62 = z, c70 = z, c71 = z, c72 = z;
        if (load)
        {
            { c00 = Vector512.Load(c + 0 * ldc); c01 = Vector512.Load(c + 0 * ldc + 8); c02 = Vector512.Load(c + 0 * ldc + 16); }
            if (R.N > 1) { c10 = Vector512.Load(c + 1 * ldc); c11 = Vector512.Load(c + 1 * ldc + 8); c12 = Vector512.Load(c + 1 * ldc + 16); }
            if (R.N > 2) { c20 = Vector512.Load(c + 2 * ldc); c21 = Vector512.Load(c + 2 * ldc + 8); c22 = Vector512.Load(c + 2 * ldc + 16); }
            if (R.N > 3) { c30 = Vector512.Load(c + 3 * ldc); c31 = Vector512.Load(c + 3 * ldc + 8); c32 = Vector512.Load(c + 3 * ldc + 16); }
            if (R.N > 4) { c40 = Vector512.Load(c + 4 * ldc); c41 = Vector512.Load(c + 4 * ldc + 8); c42 = Vector512.Load(c + 4 * ldc + 16); }
            if (R.N > 5) { c50 = Vector512.Load(c + 5 * ldc); c51 = Vector512.Load(c + 5 * ldc + 8); c52 = Vector512.Load(c + 5 * ldc + 16); }
            if (R.N > 6) { c60 = Vector512.Load(c + 6 * ldc); c61 = Vector512.Load(c + 6 * ldc + 8); c62 = Vector512.Load(c + 6 * ldc + 16); }
            if (R.N > 7) { c70 = Vector512.Load(c + 7 * ldc); c71 = Vector512.Load(c + 7 * ldc + 8); c72 = Vector512.Load(c + 7 * ldc + 16); }
        }
        bool prefetch = Sse.IsSupported;
        for (int p = 0; p < kc; p++, a += lda, b += 24)
        {
            if (prefetch)
            {
                Sse.Prefetch1(next);
                if (lines > 1) Sse.Prefetch1(next + 8);
                if (lines > 2) Sse.Prefetch1(next + 16);
                next += 8 * lines;
            }
            var y0 = Vector512.Load(b); var y1 = Vector512.Load(b + 8); var y2 = Vector512.Load(b + 16);
            { var x = Vector512.Create(a[0]); c00 = Vector512.FusedMultiplyAdd(x, y0, c00); c01 = Vector512.FusedMultiplyAdd(x, y1, c01); c02 = Vector512.FusedMultiplyAdd(x, y2, c02); }
            if (R.N > 1) { var x = Vector512.Create(a[1]); c10 = Vector512.FusedMultiplyAdd(x, y0, c10); c11 = Vector512.FusedMultiplyAdd(x, y1, c11); c12 = Vector512.FusedMultiplyAdd(x, y2, c12); }
            if (R.N > 2) { var x = Vector512.Create(a[2]); c20 = Vector512.FusedMultiplyAdd(x, y0, c20); c21 = Vector512.FusedMultiplyAdd(x, y1, c21); c22 = Vector512.FusedMultiplyAdd(x, y2, c22); }
            if (R.N > 3) { var x = Vector512.Create(a[3]); c30 = Vector512.FusedMultiplyAdd(x, y0, c30); c31 = Vector512.FusedMultiplyAdd(x, y1, c31); c32 = Vector512.FusedMultiplyAdd(x, y2, c32); }
            if (R.N > 4) { var x = Vector512.Create(a[4]); c40 = Vector512.FusedMultiplyAdd(x, y0, c40); c41 = Vector512.FusedMultiplyAdd(x, y1, c41); c42 = Vector512.FusedMultiplyAdd(x, y2, c42); }
            if (R.N > 5) { var x = Vector512.Create(a[5]); c50 = Vector512.FusedMultiplyAdd(x, y0, c50); c51 = Vector512.FusedMultiplyAdd(x, y1, c51); c52 = Vector512.FusedMultiplyAdd(x, y2, c52); }
            if (R.N > 6) { var x = Vector512.Create(a[6]); c60 = Vector512.FusedMultiplyAdd(x, y0, c60); c61 = Vector512.FusedMultiplyAdd(x, y1, c61); c62 = Vector512.FusedMultiplyAdd(x, y2, c62); }
            if (R.N > 7) { var x = Vector512.Create(a[7]); c70 = Vector512.FusedMultiplyAdd(x, y0, c70); c71 = Vector512.FusedMultiplyAdd(x, y1, c71); c72 = Vector512.FusedMultiplyAdd(x, y2, c72); }
        }
        { c00.Store(c + 0 * ldc); c01.Store(c + 0 * ldc + 8); c02.Store(c + 0 * ldc + 16); }
        if (R.N > 1) { c10.Store(c + 1 * ldc); c11.Store(c + 1 * ldc + 8); c12.Store(c + 1 * ldc + 16); }
        if (R.N > 2) { c20.Store(c + 2 * ldc); c21.Store(c + 2 * ldc + 8); c22.Store(c + 2 * ldc + 16); }
        if (R.N > 3) { c30.Store(c + 3 * ldc); c31.Store(c + 3 * ldc + 8); c32.Store(c + 3 * ldc + 16); }
        if (R.N > 4) { c40.Store(c + 4 * ldc); c41.Store(c + 4 * ldc + 8); c42.Store(c + 4 * ldc + 16); }
        if (R.N > 5) { c50.Store(c + 5 * ldc); c51.Store(c + 5 * ldc + 8); c52.Store(c + 5 * ldc + 16); }
        if (R.N > 6) { c60.Store(c + 6 * ldc); c61.Store(c + 6 * ldc + 8); c62.Store(c + 6 * ldc + 16); }
        if (R.N > 7) { c70.Store(c + 7 * ldc); c71.Store(c + 7 * ldc + 8); c72.Store(c + 7 * ldc + 16); }
    }

    /// <summary>A 4×12 tile with 256-bit vectors (12 accumulators) for machines without AVX-512: the same chains.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static unsafe void Tile4x12(int kc, double* a, double* b, double* c, int ldc, bool load)
    {
        Vector256<double> c00, c01, c02, c10, c11, c12, c20, c21, c22, c30, c31, c32;
        if (load)
        {
            double* r = c;
            c00 = Vector256.Load(r); c01 = Vector256.Load(r + 4); c02 = Vector256.Load(r + 8); r += ldc;
            c10 = Vector256.Load(r); c11 = Vector256.Load(r + 4); c12 = Vector256.Load(r + 8); r += ldc;
            c20 = Vector256.Load(r); c21 = Vector256.Load(r + 4); c22 = Vector256.Load(r + 8); r += ldc;
            c30 = Vector256.Load(r); c31 = Vector256.Load(r + 4); c32 = Vector256.Load(r + 8);
        }
        else
        {
            var z = Vector256<double>.Zero;
            c00 = c01 = c02 = c10 = c11 = c12 = c20 = c21 = c22 = c30 = c31 = c32 = z;
        }
        for (int p = 0; p < kc; p++, a += 4, b += 12)
        {
            var y0 = Vector256.Load(b); var y1 = Vector256.Load(b + 4); var y2 = Vector256.Load(b + 8);
            var x = Vector256.Create(a[0]);
            c00 = Vector256.FusedMultiplyAdd(x, y0, c00); c01 = Vector256.FusedMultiplyAdd(x, y1, c01); c02 = Vector256.FusedMultiplyAdd(x, y2, c02);
            x = Vector256.Create(a[1]);
            c10 = Vector256.FusedMultiplyAdd(x, y0, c10); c11 = Vector256.FusedMultiplyAdd(x, y1, c11); c12 = Vector256.FusedMultiplyAdd(x, y2, c12);
            x = Vector256.Create(a[2]);
            c20 = Vector256.FusedMultiplyAdd(x, y0, c20); c21 = Vector256.FusedMultiplyAdd(x, y1, c21); c22 = Vector256.FusedMultiplyAdd(x, y2, c22);
            x = Vector256.Create(a[3]);
            c30 = Vector256.FusedMultiplyAdd(x, y0, c30); c31 = Vector256.FusedMultiplyAdd(x, y1, c31); c32 = Vector256.FusedMultiplyAdd(x, y2, c32);
        }
        c00.Store(c); c01.Store(c + 4); c02.Store(c + 8); c += ldc;
        c10.Store(c); c11.Store(c + 4); c12.Store(c + 8); c += ldc;
        c20.Store(c); c21.Store(c + 4); c22.Store(c + 8); c += ldc;
        c30.Store(c); c31.Store(c + 4); c32.Store(c + 8);
    }
}
