using System.Numerics;
using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra.Factorization;

namespace Bifurcations.Linearization;

/// <summary>
/// The eigen-decomposition of a Jacobian whose entries may lie near the top of the double range. A saddle whose label
/// is 10^-185 has entries of 10^185: finite, but the eigen-solver's intermediate products overflow and its eigenvalues
/// come out NaN. Where that happens the matrix is divided by 2^e, e the binary exponent of its largest entry (exact: a
/// power of two), and solved again; its eigenvalues are those of the original divided by 2^e, its eigenvectors the
/// same. Where the first solve is finite it is kept as it is, so no other result moves. (Badly balanced Jacobians that
/// do not converge at all are <c>Reduced.Eigenvalues</c>' concern: it balances rows and columns.)
/// </summary>
/// <param name="Evd">The decomposition of J·2^−e.</param>
/// <param name="Exponent">e: the eigenvalues of J are those of <paramref name="Evd"/> times 2^e.</param>
public sealed record JacobianEigen(Evd<double> Evd, int Exponent)
{
    /// <summary>The decomposition of the leading m×m block of <paramref name="j"/>.</summary>
    public static JacobianEigen Of(double[,] j, int m)
    {
        var evd = Matrix<double>.Build.Dense(m, m, (r, c) => j[r, c]).Evd();
        if (evd.EigenValues.All(z => double.IsFinite(z.Real) && double.IsFinite(z.Imaginary))) return new(evd, 0);
        double largest = 0;
        for (int r = 0; r < m; r++)
            for (int c = 0; c < m; c++) largest = Math.Max(largest, Math.Abs(j[r, c]));
        if (!(largest > 0) || !double.IsFinite(largest)) return new(evd, 0);
        int e = Math.ILogB(largest);
        return new(Matrix<double>.Build.Dense(m, m, (r, c) => Math.ScaleB(j[r, c], -e)).Evd(), e);
    }

    /// <summary>The eigenvalues of J as doubles (±∞ where one leaves the double range).</summary>
    public Complex[] EigenValues => [.. Evd.EigenValues.Select(z => new Complex(Math.ScaleB(z.Real, Exponent), Math.ScaleB(z.Imaginary, Exponent)))];

    /// <summary>The eigenvalues of J as log numbers (no overflow however large e is).</summary>
    public Eigenvalue[] Spectrum => [.. Evd.EigenValues.Select(z => new Eigenvalue(Scaled(z.Real), Scaled(z.Imaginary)))];

    LogNumber Scaled(double x) => Exponent == 0 ? LogNumber.FromDouble(x) : LogNumber.FromDouble(x) * new LogNumber(1, Exponent * Math.Log(2));
}
