using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra.Factorization;

namespace Bifurcations.Linearization;

/// <summary>
/// The eigen-decomposition of a Jacobian whose entries may lie near the top of the double range. A saddle whose label
/// is 10^-185 has entries of 10^185: finite, but the eigen-solver's intermediate products overflow and its eigenvalues
/// come out NaN. Where that happens the matrix is divided by 2^e, e the binary exponent of its largest entry (exact: a
/// power of two), and solved again; its eigenvalues are those of the original divided by 2^e, its eigenvectors the
/// same. Where the first solve is finite it is kept as it is, so no other result moves.
/// </summary>
public static class JacobianEigen
{
    /// <summary>The decomposition of the leading m×m block of <paramref name="j"/>, and the e its eigenvalues must be multiplied by 2^e for.</summary>
    public static (Evd<double> Evd, int Exponent) Of(double[,] j, int m)
    {
        var evd = Matrix<double>.Build.Dense(m, m, (r, c) => j[r, c]).Evd();
        if (evd.EigenValues.All(z => double.IsFinite(z.Real) && double.IsFinite(z.Imaginary))) return (evd, 0);
        double largest = 0;
        for (int r = 0; r < m; r++)
            for (int c = 0; c < m; c++) largest = Math.Max(largest, Math.Abs(j[r, c]));
        if (!(largest > 0) || !double.IsFinite(largest)) return (evd, 0);
        int e = Math.ILogB(largest);
        return (Matrix<double>.Build.Dense(m, m, (r, c) => Math.ScaleB(j[r, c], -e)).Evd(), e);
    }

    /// <summary>x·2^e as a log number (no overflow however large e is).</summary>
    public static LogNumber Scaled(double x, int e) => e == 0 ? LogNumber.FromDouble(x) : LogNumber.FromDouble(x) * new LogNumber(1, e * Math.Log(2));
}
