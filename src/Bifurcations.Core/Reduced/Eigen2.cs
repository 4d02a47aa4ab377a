using Bifurcations.Linearization;
namespace Bifurcations.Reduced;

/// <summary>
/// The eigenvalues of a 2×2 matrix, and whether round-off leaves the sign of their real parts open.
/// <see cref="Marginal"/> is true when the determinant or (for a node or focus) the trace is within round-off
/// of 0 given the sizes of the products that formed it.
/// </summary>
internal sealed record Spectrum2(Eigenvalue[] Values, bool Marginal);

/// <summary>
/// Eigenvalues of a 2×2 matrix whose entries may span 20 decades or lie beyond the double range. The reduced
/// field is stiff: at T_r = 0.6 its Jacobian has entries ~1e20 beside a slow eigenvalue ~400. A QR-based
/// decomposition (Math.NET's Evd) is backward stable, i.e. exact to ε·‖J‖ ≈ 1e4 here, which swamps the slow
/// eigenvalue (it returned 0 for a stable point in testing); so the characteristic polynomial λ² − τλ + δ is
/// solved in closed form with the stable pair λ1 = τ/2 + sign(τ)·√(τ²/4 − δ), λ2 = δ/λ1, where δ = J11·J22 −
/// J12·J21 keeps its relative accuracy. In doubles while the products fit, in <see cref="LogNumber"/> arithmetic
/// beyond. Tests check it against Math.NET on well-conditioned matrices.
/// </summary>
internal static class Eigen2
{
    const double Eps = 2.220446049250313e-16;
    const double DoubleLogLimit = 340; // e^340 ≈ 1e147: products of two entries stay below 1e300

    /// <summary>The eigenvalues by increasing real part, with the round-off verdict.</summary>
    public static Spectrum2 Of(LogNumber j11, LogNumber j12, LogNumber j21, LogNumber j22)
    {
        double largest = new[] { j11, j12, j21, j22 }.Where(x => !x.IsZero).Select(x => x.Log).DefaultIfEmpty(0).Max();
        var (values, marginal) = largest < DoubleLogLimit
            ? InDoubles(j11.ToDouble(), j12.ToDouble(), j21.ToDouble(), j22.ToDouble())
            : InLogs(j11, j12, j21, j22);
        return new Spectrum2(values.OrderBy(v => v.RealPart.Sign).ThenBy(v => v.RealPart.Sign * v.RealPart.Log).ToArray(), marginal);
    }

    /// <summary>From an ordinary double matrix.</summary>
    public static Spectrum2 Of(double[,] j) =>
        Of(LogNumber.FromDouble(j[0, 0]), LogNumber.FromDouble(j[0, 1]), LogNumber.FromDouble(j[1, 0]), LogNumber.FromDouble(j[1, 1]));

    static (Eigenvalue[], bool) InDoubles(double a, double b, double c, double d)
    {
        double halfTrace = 0.5 * (a + d), det = a * d - b * c;
        bool detOpen = Math.Abs(det) <= 32 * Eps * (Math.Abs(a * d) + Math.Abs(b * c));
        bool traceOpen = det > 0 && Math.Abs(halfTrace) <= 32 * Eps * (Math.Abs(a) + Math.Abs(d));
        double disc = halfTrace * halfTrace - det;
        if (disc < 0)
        {
            double im = Math.Sqrt(-disc);
            var re = LogNumber.FromDouble(halfTrace);
            return ([new(re, LogNumber.FromDouble(im)), new(re, LogNumber.FromDouble(-im))], detOpen || traceOpen);
        }
        double l1 = halfTrace >= 0 ? halfTrace + Math.Sqrt(disc) : halfTrace - Math.Sqrt(disc);
        double l2 = l1 == 0 ? 0 : det / l1;
        return ([Real(l1), Real(l2)], detOpen || traceOpen);
    }

    static Eigenvalue Real(double x) => new(LogNumber.FromDouble(x), LogNumber.Zero);

    /// <summary>The same closed form in log arithmetic, for entries beyond the double range.</summary>
    static (Eigenvalue[], bool) InLogs(LogNumber j11, LogNumber j12, LogNumber j21, LogNumber j22)
    {
        var halfTrace = LogNumber.Half(j11 + j22);
        var ad = j11 * j22;
        var bc = j12 * j21;
        var det = ad - bc;
        bool detOpen = Cancels(ad, bc, det);
        bool traceOpen = det.Sign > 0 && Cancels(j11, j22, halfTrace);
        var disc = halfTrace * halfTrace - det;
        if (disc.Sign < 0)
        {
            var im = LogNumber.Sqrt(-disc);
            return ([new(halfTrace, im), new(halfTrace, -im)], detOpen || traceOpen);
        }
        var root = LogNumber.Sqrt(disc);
        var l1 = halfTrace.Sign >= 0 ? halfTrace + root : halfTrace - root;
        var l2 = l1.IsZero ? LogNumber.Zero : det / l1;
        return ([new(l1, LogNumber.Zero), new(l2, LogNumber.Zero)], detOpen || traceOpen);
    }

    /// <summary>Whether x ± y = result lost its sign to round-off: |result| within 32ε·(1 + |log|) of the larger term.</summary>
    static bool Cancels(LogNumber x, LogNumber y, LogNumber result)
    {
        if (x.IsZero || y.IsZero) return false;
        double big = Math.Max(x.Log, y.Log);
        double slack = 32 * Eps * (1 + Math.Abs(big));
        return result.IsZero || result.Log - big < Math.Log(slack);
    }
}
