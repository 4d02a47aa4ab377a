using MathNet.Numerics.RootFinding;

namespace Bifurcations.Reduced;

/// <summary>
/// A root of a function that changes sign on [lo, hi], to the last bit. Math.NET's Brent does the work, but it
/// reports failure when its bracket stops shrinking a few ulps short of its tolerance (which happens whenever the
/// root is not a double), and its estimate is then left unrefined; and where a function is a step at double
/// resolution (the reduced field's label near the mixed saddle) |f| can be ~1 at the best double. So the estimate
/// is always finished by bisection down to two adjacent doubles around the sign change, and the better is kept.
/// </summary>
internal static class BracketedRoot
{
    /// <summary>The root in [lo, hi] (f(lo), f(hi) of opposite signs, or one of them 0).</summary>
    public static double Solve(Func<double, double> function, double lo, double hi)
    {
        // A NaN from the function is a clear error here, not an ArithmeticException from a sign test deep inside.
        double f(double x)
        {
            double v = function(x);
            return double.IsNaN(v) ? throw new NumericalException(FormattableString.Invariant($"the function being solved is undefined (NaN) at {x:G17}")) : v;
        }
        if (lo > hi) (lo, hi) = (hi, lo);
        double flo = f(lo), fhi = f(hi);
        if (flo == 0) return lo;
        if (fhi == 0) return hi;
        Brent.TryFindRoot(f, lo, hi, 1e-300, 1000, out double x);
        if (!(x >= lo && x <= hi)) x = lo + 0.5 * (hi - lo);
        return LastBit(f, x, lo, hi);
    }

    /// <summary>
    /// The better of the two adjacent doubles around the sign change nearest to x inside [lo, hi]: windows around x
    /// grow from one ulp until f changes sign across one of them, which is then bisected to adjacent doubles.
    /// </summary>
    public static double LastBit(Func<double, double> f, double x, double lo, double hi)
    {
        double fx = f(x);
        if (fx == 0) return x;
        for (double step = Math.Max(Math.Abs(x) * 1e-16, double.Epsilon); ; step *= 2)
        {
            foreach (var y in new[] { Math.Min(hi, x + step), Math.Max(lo, x - step) })
            {
                if (y == x || Math.Sign(f(y)) == Math.Sign(fx)) continue;
                double l = Math.Min(x, y), h = Math.Max(x, y), fl = f(l);
                while (Math.BitIncrement(l) < h)
                {
                    double mid = l + 0.5 * (h - l);
                    if (mid <= l || mid >= h) break;
                    if (Math.Sign(f(mid)) == Math.Sign(fl)) l = mid; else h = mid;
                }
                return Math.Abs(f(l)) <= Math.Abs(f(h)) ? l : h;
            }
            if (x - step <= lo && x + step >= hi) return x; // no sign change anywhere in [lo, hi]
        }
    }
}
