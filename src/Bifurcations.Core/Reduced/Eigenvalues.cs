using System.Numerics;
using MathNet.Numerics;
using MathNet.Numerics.LinearAlgebra;

namespace Bifurcations.Reduced;

/// <summary>
/// The eigenvalues of a small real Jacobian, robust to bad scaling. Math.NET's nonsymmetric eigen-solver gives up
/// (NonConvergenceException) on some badly scaled Jacobians of the three-category system; the matrix is then balanced
/// by a diagonal similarity with powers of two (rows and columns of comparable size: the eigenvalues are exactly those
/// of the original, every entry rescaled without rounding) and solved again. If that fails too, the error says so.
/// </summary>
internal static class Eigenvalues
{
    public static Complex[] Of(Matrix<double> matrix)
    {
        try { return matrix.Evd().EigenValues.ToArray(); }
        catch (NonConvergenceException) { }
        try { return Balanced(matrix).Evd().EigenValues.ToArray(); }
        catch (NonConvergenceException)
        {
            throw new NumericalException($"the eigenvalues of a {matrix.RowCount}×{matrix.ColumnCount} Jacobian did not converge, even balanced (its entries span {Span(matrix)} decades)");
        }
    }

    /// <summary>D⁻¹·A·D with D a diagonal of powers of two chosen so that each row and column have similar norms.</summary>
    static Matrix<double> Balanced(Matrix<double> matrix)
    {
        var a = matrix.Clone();
        int n = a.RowCount;
        for (int sweep = 0; sweep < 100; sweep++)
        {
            bool done = true;
            for (int i = 0; i < n; i++)
            {
                double c = 0, r = 0;
                for (int j = 0; j < n; j++)
                    if (j != i) { c += Math.Abs(a[j, i]); r += Math.Abs(a[i, j]); }
                if (c == 0 || r == 0) continue;
                double f = 1, s = c + r;
                while (c < r / 2) { c *= 2; r /= 2; f *= 2; }
                while (c > r * 2) { c /= 2; r *= 2; f /= 2; }
                if ((c + r) / f < 0.95 * s)
                {
                    done = false;
                    for (int j = 0; j < n; j++) { a[i, j] /= f; a[j, i] *= f; }
                }
            }
            if (done) break;
        }
        return a;
    }

    static string Span(Matrix<double> m)
    {
        var sizes = m.Enumerate().Where(x => x != 0).Select(Math.Abs).ToArray();
        return sizes.Length == 0 ? "0" : (Math.Log10(sizes.Max()) - Math.Log10(sizes.Min())).ToString("F0", System.Globalization.CultureInfo.InvariantCulture);
    }
}
