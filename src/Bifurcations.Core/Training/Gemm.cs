using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Bifurcations.Training;

/// <summary>
/// The two dense matrix products of a training step, blocked for registers and parallel over row
/// blocks. Each output element is summed by one thread in an order fixed by the shapes alone, so the
/// result is bit-identical whatever the number of threads.
/// </summary>
public static class Gemm
{
    const int Rows = 4; // rows of A per register tile

    /// <summary>512-bit kernels where the hardware runs them natively (AVX-512): twice the FMA width.</summary>
    static readonly bool Wide = Vector512.IsHardwareAccelerated;

    /// <summary>C (m×n) = A (m×k) · Bᵀ where B is n×k: every entry a dot product of two contiguous rows.</summary>
    public static unsafe void MultiplyTransposed(ReadOnlySpan<double> a, ReadOnlySpan<double> b, Span<double> c, int m, int n, int k, int threads)
    {
        Check(a.Length >= m * k && b.Length >= n * k && c.Length >= m * n);
        Run(a, b, c, m, n, k, threads, &TileABt);
    }

    /// <summary>C (m×n) = A (m×k) · B (k×n), all row-major.</summary>
    public static unsafe void Multiply(ReadOnlySpan<double> a, ReadOnlySpan<double> b, Span<double> c, int m, int n, int k, int threads)
    {
        Check(a.Length >= m * k && b.Length >= k * n && c.Length >= m * n);
        Run(a, b, c, m, n, k, threads, &TileAB);
    }

    /// <summary>Pins the buffers and runs <paramref name="tile"/> on every block of <see cref="Rows"/> rows of C.</summary>
    static unsafe void Run(ReadOnlySpan<double> a, ReadOnlySpan<double> b, Span<double> c, int m, int n, int k, int threads,
        delegate*<double*, double*, double*, int, int, int, int, void> tile)
    {
        fixed (double* pa = a, pb = b, pc = c)
        {
            var (A, B, C, T) = ((nint)pa, (nint)pb, (nint)pc, (nint)tile);
            Parallelism.For((m + Rows - 1) / Rows, threads, blk =>
                ((delegate*<double*, double*, double*, int, int, int, int, void>)T)((double*)A, (double*)B, (double*)C, blk * Rows, Math.Min(Rows, m - blk * Rows), n, k));
        }
    }

    static void Check(bool ok)
    {
        if (!ok) throw new ArgumentException("matrix buffers are smaller than their shapes");
    }

    // ---- C = A·Bᵀ -------------------------------------------------------------------------------

    static unsafe void TileABt(double* a, double* b, double* c, int row0, int rows, int n, int k)
    {
        int j = 0;
        if (rows == Rows)
        {
            if (Wide)
                for (; j + 4 <= n; j += 4) Dot4x4Wide(a + row0 * k, b + j * k, c + row0 * n + j, n, k);
            else
                for (; j + 4 <= n; j += 4) Dot4x4(a + row0 * k, b + j * k, c + row0 * n + j, n, k);
        }
        for (int i = 0; i < rows; i++)
            for (int jj = rows == Rows ? j : 0; jj < n; jj++)
                c[(row0 + i) * n + jj] = Dot(a + (row0 + i) * k, b + jj * k, k);
    }

    /// <summary>Sixteen dot products at once: 4 rows of A against 4 rows of B, 16 vector accumulators.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static unsafe void Dot4x4(double* a, double* b, double* c, int ldc, int k)
    {
        var z = Vector256<double>.Zero;
        Vector256<double> c00 = z, c01 = z, c02 = z, c03 = z, c10 = z, c11 = z, c12 = z, c13 = z;
        Vector256<double> c20 = z, c21 = z, c22 = z, c23 = z, c30 = z, c31 = z, c32 = z, c33 = z;
        double* a0 = a, a1 = a + k, a2 = a + 2 * k, a3 = a + 3 * k;
        double* b0 = b, b1 = b + k, b2 = b + 2 * k, b3 = b + 3 * k;
        int p = 0;
        for (; p + 4 <= k; p += 4)
        {
            var x0 = Vector256.Load(a0 + p); var x1 = Vector256.Load(a1 + p);
            var x2 = Vector256.Load(a2 + p); var x3 = Vector256.Load(a3 + p);
            var y = Vector256.Load(b0 + p);
            c00 = Vector256.FusedMultiplyAdd(x0, y, c00); c10 = Vector256.FusedMultiplyAdd(x1, y, c10);
            c20 = Vector256.FusedMultiplyAdd(x2, y, c20); c30 = Vector256.FusedMultiplyAdd(x3, y, c30);
            y = Vector256.Load(b1 + p);
            c01 = Vector256.FusedMultiplyAdd(x0, y, c01); c11 = Vector256.FusedMultiplyAdd(x1, y, c11);
            c21 = Vector256.FusedMultiplyAdd(x2, y, c21); c31 = Vector256.FusedMultiplyAdd(x3, y, c31);
            y = Vector256.Load(b2 + p);
            c02 = Vector256.FusedMultiplyAdd(x0, y, c02); c12 = Vector256.FusedMultiplyAdd(x1, y, c12);
            c22 = Vector256.FusedMultiplyAdd(x2, y, c22); c32 = Vector256.FusedMultiplyAdd(x3, y, c32);
            y = Vector256.Load(b3 + p);
            c03 = Vector256.FusedMultiplyAdd(x0, y, c03); c13 = Vector256.FusedMultiplyAdd(x1, y, c13);
            c23 = Vector256.FusedMultiplyAdd(x2, y, c23); c33 = Vector256.FusedMultiplyAdd(x3, y, c33);
        }
        c[0] = Vector256.Sum(c00); c[1] = Vector256.Sum(c01); c[2] = Vector256.Sum(c02); c[3] = Vector256.Sum(c03);
        c += ldc;
        c[0] = Vector256.Sum(c10); c[1] = Vector256.Sum(c11); c[2] = Vector256.Sum(c12); c[3] = Vector256.Sum(c13);
        c += ldc;
        c[0] = Vector256.Sum(c20); c[1] = Vector256.Sum(c21); c[2] = Vector256.Sum(c22); c[3] = Vector256.Sum(c23);
        c += ldc;
        c[0] = Vector256.Sum(c30); c[1] = Vector256.Sum(c31); c[2] = Vector256.Sum(c32); c[3] = Vector256.Sum(c33);
        c -= 3 * ldc;
        for (; p < k; p++) // k not a multiple of 4: scalar tail, same order for every tile
            for (int i = 0; i < 4; i++)
                for (int j = 0; j < 4; j++)
                    c[i * ldc + j] += a[i * k + p] * b[j * k + p];
    }

    /// <summary>As <see cref="Dot4x4"/> with 512-bit vectors.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static unsafe void Dot4x4Wide(double* a, double* b, double* c, int ldc, int k)
    {
        var z = Vector512<double>.Zero;
        Vector512<double> c00 = z, c01 = z, c02 = z, c03 = z, c10 = z, c11 = z, c12 = z, c13 = z;
        Vector512<double> c20 = z, c21 = z, c22 = z, c23 = z, c30 = z, c31 = z, c32 = z, c33 = z;
        double* a0 = a, a1 = a + k, a2 = a + 2 * k, a3 = a + 3 * k;
        double* b0 = b, b1 = b + k, b2 = b + 2 * k, b3 = b + 3 * k;
        int p = 0;
        for (; p + 8 <= k; p += 8)
        {
            var x0 = Vector512.Load(a0 + p); var x1 = Vector512.Load(a1 + p);
            var x2 = Vector512.Load(a2 + p); var x3 = Vector512.Load(a3 + p);
            var y = Vector512.Load(b0 + p);
            c00 = Vector512.FusedMultiplyAdd(x0, y, c00); c10 = Vector512.FusedMultiplyAdd(x1, y, c10);
            c20 = Vector512.FusedMultiplyAdd(x2, y, c20); c30 = Vector512.FusedMultiplyAdd(x3, y, c30);
            y = Vector512.Load(b1 + p);
            c01 = Vector512.FusedMultiplyAdd(x0, y, c01); c11 = Vector512.FusedMultiplyAdd(x1, y, c11);
            c21 = Vector512.FusedMultiplyAdd(x2, y, c21); c31 = Vector512.FusedMultiplyAdd(x3, y, c31);
            y = Vector512.Load(b2 + p);
            c02 = Vector512.FusedMultiplyAdd(x0, y, c02); c12 = Vector512.FusedMultiplyAdd(x1, y, c12);
            c22 = Vector512.FusedMultiplyAdd(x2, y, c22); c32 = Vector512.FusedMultiplyAdd(x3, y, c32);
            y = Vector512.Load(b3 + p);
            c03 = Vector512.FusedMultiplyAdd(x0, y, c03); c13 = Vector512.FusedMultiplyAdd(x1, y, c13);
            c23 = Vector512.FusedMultiplyAdd(x2, y, c23); c33 = Vector512.FusedMultiplyAdd(x3, y, c33);
        }
        c[0] = Vector512.Sum(c00); c[1] = Vector512.Sum(c01); c[2] = Vector512.Sum(c02); c[3] = Vector512.Sum(c03);
        c += ldc;
        c[0] = Vector512.Sum(c10); c[1] = Vector512.Sum(c11); c[2] = Vector512.Sum(c12); c[3] = Vector512.Sum(c13);
        c += ldc;
        c[0] = Vector512.Sum(c20); c[1] = Vector512.Sum(c21); c[2] = Vector512.Sum(c22); c[3] = Vector512.Sum(c23);
        c += ldc;
        c[0] = Vector512.Sum(c30); c[1] = Vector512.Sum(c31); c[2] = Vector512.Sum(c32); c[3] = Vector512.Sum(c33);
        c -= 3 * ldc;
        for (; p < k; p++)
            for (int i = 0; i < 4; i++)
                for (int j = 0; j < 4; j++)
                    c[i * ldc + j] += a[i * k + p] * b[j * k + p];
    }

    static unsafe double Dot(double* x, double* y, int k)
    {
        var acc = Vector256<double>.Zero;
        int p = 0;
        for (; p + 4 <= k; p += 4) acc = Vector256.FusedMultiplyAdd(Vector256.Load(x + p), Vector256.Load(y + p), acc);
        double s = Vector256.Sum(acc);
        for (; p < k; p++) s += x[p] * y[p];
        return s;
    }

    // ---- C = A·B --------------------------------------------------------------------------------

    static unsafe void TileAB(double* a, double* b, double* c, int row0, int rows, int n, int k)
    {
        int j = 0;
        if (rows == Rows)
        {
            if (Wide)
                for (; j + 32 <= n; j += 32) Axpy4x32(a + row0 * k, b + j, c + row0 * n + j, n, k);
            for (; j + 16 <= n; j += 16) Axpy4x16(a + row0 * k, b + j, c + row0 * n + j, n, k);
        }
        for (int i = 0; i < rows; i++)
            RowTail(a + (row0 + i) * k, b, c + (row0 + i) * n, rows == Rows ? j : 0, n, k);
    }

    /// <summary>A 4×16 block of C: for each p, 4 broadcasts of A times 4 vectors of row p of B.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static unsafe void Axpy4x16(double* a, double* b, double* c, int n, int k)
    {
        var z = Vector256<double>.Zero;
        Vector256<double> c00 = z, c01 = z, c02 = z, c03 = z, c10 = z, c11 = z, c12 = z, c13 = z;
        Vector256<double> c20 = z, c21 = z, c22 = z, c23 = z, c30 = z, c31 = z, c32 = z, c33 = z;
        for (int p = 0; p < k; p++)
        {
            double* row = b + p * n;
            var y0 = Vector256.Load(row); var y1 = Vector256.Load(row + 4);
            var y2 = Vector256.Load(row + 8); var y3 = Vector256.Load(row + 12);
            var x = Vector256.Create(a[p]);
            c00 = Vector256.FusedMultiplyAdd(x, y0, c00); c01 = Vector256.FusedMultiplyAdd(x, y1, c01);
            c02 = Vector256.FusedMultiplyAdd(x, y2, c02); c03 = Vector256.FusedMultiplyAdd(x, y3, c03);
            x = Vector256.Create(a[k + p]);
            c10 = Vector256.FusedMultiplyAdd(x, y0, c10); c11 = Vector256.FusedMultiplyAdd(x, y1, c11);
            c12 = Vector256.FusedMultiplyAdd(x, y2, c12); c13 = Vector256.FusedMultiplyAdd(x, y3, c13);
            x = Vector256.Create(a[2 * k + p]);
            c20 = Vector256.FusedMultiplyAdd(x, y0, c20); c21 = Vector256.FusedMultiplyAdd(x, y1, c21);
            c22 = Vector256.FusedMultiplyAdd(x, y2, c22); c23 = Vector256.FusedMultiplyAdd(x, y3, c23);
            x = Vector256.Create(a[3 * k + p]);
            c30 = Vector256.FusedMultiplyAdd(x, y0, c30); c31 = Vector256.FusedMultiplyAdd(x, y1, c31);
            c32 = Vector256.FusedMultiplyAdd(x, y2, c32); c33 = Vector256.FusedMultiplyAdd(x, y3, c33);
        }
        c00.Store(c); c01.Store(c + 4); c02.Store(c + 8); c03.Store(c + 12); c += n;
        c10.Store(c); c11.Store(c + 4); c12.Store(c + 8); c13.Store(c + 12); c += n;
        c20.Store(c); c21.Store(c + 4); c22.Store(c + 8); c23.Store(c + 12); c += n;
        c30.Store(c); c31.Store(c + 4); c32.Store(c + 8); c33.Store(c + 12);
    }

    /// <summary>A 4×32 block of C with 512-bit vectors: 16 accumulators, as in <see cref="Axpy4x16"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static unsafe void Axpy4x32(double* a, double* b, double* c, int n, int k)
    {
        var z = Vector512<double>.Zero;
        Vector512<double> c00 = z, c01 = z, c02 = z, c03 = z, c10 = z, c11 = z, c12 = z, c13 = z;
        Vector512<double> c20 = z, c21 = z, c22 = z, c23 = z, c30 = z, c31 = z, c32 = z, c33 = z;
        for (int p = 0; p < k; p++)
        {
            double* row = b + p * n;
            var y0 = Vector512.Load(row); var y1 = Vector512.Load(row + 8);
            var y2 = Vector512.Load(row + 16); var y3 = Vector512.Load(row + 24);
            var x = Vector512.Create(a[p]);
            c00 = Vector512.FusedMultiplyAdd(x, y0, c00); c01 = Vector512.FusedMultiplyAdd(x, y1, c01);
            c02 = Vector512.FusedMultiplyAdd(x, y2, c02); c03 = Vector512.FusedMultiplyAdd(x, y3, c03);
            x = Vector512.Create(a[k + p]);
            c10 = Vector512.FusedMultiplyAdd(x, y0, c10); c11 = Vector512.FusedMultiplyAdd(x, y1, c11);
            c12 = Vector512.FusedMultiplyAdd(x, y2, c12); c13 = Vector512.FusedMultiplyAdd(x, y3, c13);
            x = Vector512.Create(a[2 * k + p]);
            c20 = Vector512.FusedMultiplyAdd(x, y0, c20); c21 = Vector512.FusedMultiplyAdd(x, y1, c21);
            c22 = Vector512.FusedMultiplyAdd(x, y2, c22); c23 = Vector512.FusedMultiplyAdd(x, y3, c23);
            x = Vector512.Create(a[3 * k + p]);
            c30 = Vector512.FusedMultiplyAdd(x, y0, c30); c31 = Vector512.FusedMultiplyAdd(x, y1, c31);
            c32 = Vector512.FusedMultiplyAdd(x, y2, c32); c33 = Vector512.FusedMultiplyAdd(x, y3, c33);
        }
        c00.Store(c); c01.Store(c + 8); c02.Store(c + 16); c03.Store(c + 24); c += n;
        c10.Store(c); c11.Store(c + 8); c12.Store(c + 16); c13.Store(c + 24); c += n;
        c20.Store(c); c21.Store(c + 8); c22.Store(c + 16); c23.Store(c + 24); c += n;
        c30.Store(c); c31.Store(c + 8); c32.Store(c + 16); c33.Store(c + 24);
    }

    /// <summary>Columns from <paramref name="j0"/> on of one row of C, for shapes the 4×16 tile does not cover.</summary>
    static unsafe void RowTail(double* a, double* b, double* c, int j0, int n, int k)
    {
        int j = j0;
        for (; j + 4 <= n; j += 4)
        {
            var acc = Vector256<double>.Zero;
            for (int p = 0; p < k; p++) acc = Vector256.FusedMultiplyAdd(Vector256.Create(a[p]), Vector256.Load(b + p * n + j), acc);
            acc.Store(c + j);
        }
        for (; j < n; j++)
        {
            double s = 0;
            for (int p = 0; p < k; p++) s = Math.FusedMultiplyAdd(a[p], b[p * n + j], s);
            c[j] = s;
        }
    }
}
