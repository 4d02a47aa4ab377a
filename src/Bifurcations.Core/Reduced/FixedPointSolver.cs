using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.RootFinding;

namespace Bifurcations.Reduced;

/// <summary>How finely <see cref="FixedPointSolver"/> scans α before refining (it has no resolution limit:
/// roots are refined to machine precision, and close pairs are caught from the extrema of the scan).</summary>
public sealed record FixedPointOptions(int ScanPoints = 161, double Tolerance = 1e-12);

/// <summary>
/// All fixed points of the reduced (α, ℓ) system on a branch of the manifold. Along the label nullcline
/// ℓ*(α) the memory-nullcline function h(α) = (∇_A α_B − α ∇_B)/(|∇_A| + |∇_B|) is scanned for sign
/// changes; each bracket is solved by Brent, then the point is polished by Newton on the 2-D system with
/// its dual-number Jacobian. Two roots closer than the scan step leave no sign change, but the slope of h
/// along the nullcline changes sign between the scan points: there the extremum is located (golden
/// section) and, if it crosses zero, both roots are solved on either side of it. Points where the renormalization does not act
/// (q ≤ 0) are not fixed points of the dynamics and are dropped.
/// </summary>
public static class FixedPointSolver
{
    /// <summary>The largest max|f| a reported fixed point may have.</summary>
    public const double MaxResidual = 1e-8;

    public static IReadOnlyList<FixedPoint> Solve(PairModel model, FixedPointOptions? options = null) =>
        Dedupe([.. Solve(model, ManifoldBranch.Upper, options), .. Solve(model, ManifoldBranch.Lower, options)]);

    public static IReadOnlyList<FixedPoint> Solve(PairModel model, ManifoldBranch branch, FixedPointOptions? options = null)
    {
        options ??= new FixedPointOptions();
        // The scan covers [−1, −0] and [+0, 1]: at α = 0 the manifold has a kink (α_B = ±(1 − |α|)), and the
        // slope test below needs the one-sided slopes on both sides of it.
        int half = (options.ScanPoints + 1) / 2;
        var alphas = Enumerable.Range(0, half).Select(i => -1 + (double)i / (half - 1)).Select(a => a == 0 ? -0.0 : a)
            .Concat(Enumerable.Range(0, half).Select(i => (double)i / (half - 1))).ToArray();
        int count = alphas.Length;
        var h = new double[count];
        var slope = new double[count];
        Parallel.For(0, count, i => (h[i], slope[i]) = HWithSlope(model, alphas[i], branch));
        var roots = new List<double>();
        for (int i = 0; i + 1 < count; i++)
        {
            if (double.IsNaN(h[i]) || double.IsNaN(h[i + 1])) continue;
            if (h[i] == 0) roots.Add(alphas[i]);
            if (h[i] * h[i + 1] < 0) roots.Add(Bisect(model, branch, alphas[i], alphas[i + 1]));
            else if (slope[i] * slope[i + 1] < 0 || (slope[i] == 0) != (slope[i + 1] == 0))
            {
                // An extremum inside the interval: if it crosses zero, two roots hide there (or one more
                // beside a root sitting exactly on a scan point).
                double side = h[i] != 0 ? h[i] : h[i + 1];
                if (side != 0) roots.AddRange(HiddenPair(model, branch, alphas[i], alphas[i + 1], side));
            }
        }
        if (count > 0 && h[^1] == 0) roots.Add(alphas[^1]);

        // Where the label's push is not monotone in ℓ, a saturated line ℓ = ±1 can hold while ℓ*(α) sits
        // inside: scan the memory-nullcline function along both lines as well.
        var lineRoots = new List<(double Alpha, double Line)>();
        foreach (double line in new[] { 1.0, -1.0 })
        {
            var hl = new double[count];
            Parallel.For(0, count, i => hl[i] = PairField.MemoryNullcline(model, alphas[i], line, branch).Value);
            for (int i = 0; i + 1 < count; i++)
            {
                if (hl[i] == 0) lineRoots.Add((alphas[i], line));
                else if (hl[i] * hl[i + 1] < 0 &&
                         Brent.TryFindRoot(a => PairField.MemoryNullcline(model, a, line, branch).Value, alphas[i], alphas[i + 1], 1e-15, 200, out double r))
                    lineRoots.Add((r, line));
            }
        }
        var points = new List<FixedPoint>();
        foreach (var (a, line) in lineRoots)
            if (Polish(model, branch, a, options.Tolerance, line) is { } p) points.Add(p);
        // A root next to where ℓ* leaves a saturated line can sit on either side of that jump of ℓ*, so each
        // candidate is also tried on the lines ℓ = ±1; only points where the field really vanishes are kept.
        foreach (var a in roots)
            foreach (double? line in new double?[] { null, 1, -1 })
                if (Polish(model, branch, a, options.Tolerance, line) is { } p) points.Add(p);
        return Dedupe(points);
    }

    /// <summary>h(α) on the label nullcline; NaN where no digit is above threshold.</summary>
    public static double H(PairModel model, double alpha, ManifoldBranch branch)
    {
        var (ell, _) = LabelNullcline.At(model, alpha, branch);
        return double.IsNaN(ell) ? double.NaN : PairField.MemoryNullcline(model, alpha, ell, branch).Value;
    }

    /// <summary>h and its total derivative along the label nullcline, dh/dα = h_α + h_ℓ·dℓ*/dα with dℓ*/dα = −g_α/g_ℓ.</summary>
    static (double H, double Slope) HWithSlope(PairModel model, double alpha, ManifoldBranch branch)
    {
        var (ell, saturated) = LabelNullcline.At(model, alpha, branch);
        if (double.IsNaN(ell)) return (double.NaN, double.NaN);
        var hA = PairField.MemoryNullcline(model, Dual.Variable(alpha), ell, branch);
        if (saturated) return (hA.Value, hA.Derivative);
        var hL = PairField.MemoryNullcline(model, alpha, Dual.Variable(ell), branch);
        var gA = PairField.LabelNullcline(model, Dual.Variable(alpha), ell, branch);
        var gL = PairField.LabelNullcline(model, alpha, Dual.Variable(ell), branch);
        double dEll = gL.Derivative != 0 && double.IsFinite(gL.Derivative) ? -gA.Derivative / gL.Derivative : 0;
        double slope = hA.Derivative + hL.Derivative * dEll;
        return (hA.Value, double.IsFinite(slope) ? slope : 0);
    }

    static double Bisect(PairModel model, ManifoldBranch branch, double lo, double hi) =>
        Brent.TryFindRoot(a => H(model, a, branch), lo, hi, 1e-15, 200, out double r) ? r : 0.5 * (lo + hi);

    /// <summary>Between two scan points around an extremum of h: if the extremum crosses zero, two roots.</summary>
    static IEnumerable<double> HiddenPair(PairModel model, ManifoldBranch branch, double lo, double hi, double hMid)
    {
        double s = Math.Sign(hMid); // a minimum of a positive h or a maximum of a negative one
        double F(double a) => s * H(model, a, branch);
        const double g = 0.6180339887498949;
        double a0 = lo, b0 = hi, c = b0 - g * (b0 - a0), d = a0 + g * (b0 - a0);
        double fc = F(c), fd = F(d);
        for (int it = 0; it < 80 && b0 - a0 > 1e-14; it++)
        {
            if (fc < fd) { b0 = d; d = c; fd = fc; c = b0 - g * (b0 - a0); fc = F(c); }
            else { a0 = c; c = d; fc = fd; d = a0 + g * (b0 - a0); fd = F(d); }
        }
        double m = 0.5 * (a0 + b0);
        if (F(m) >= 0) yield break;
        yield return Bisect(model, branch, lo, m);
        yield return Bisect(model, branch, m, hi);
    }

    /// <summary>Newton on (h, g) to the tolerance, then classification; null if it is not a fixed point.</summary>
    static FixedPoint? Polish(PairModel model, ManifoldBranch branch, double alpha, double tolerance, double? saturatedLine = null)
    {
        if (Newton(model, branch, alpha, tolerance, saturatedLine) is { } p) return p;
        if (saturatedLine is not null) return null;
        // Where the 2-D Newton step is thrown off by the stiff label (ℓ̇ swinging from −1 to 1 within a
        // tiny |Δℓ| near the mixed saddle), settle on the best double of h along the label nullcline.
        double a = LabelNullcline.ToLastBit(x => H(model, x, branch), alpha);
        var (ell, saturated) = LabelNullcline.At(model, a, branch);
        return double.IsNaN(ell) ? null : Classify(model, branch, a, ell, saturated);
    }

    static FixedPoint? Newton(PairModel model, ManifoldBranch branch, double alpha, double tolerance, double? saturatedLine)
    {
        var (ell, saturated) = saturatedLine is { } line ? (line, true) : LabelNullcline.At(model, alpha, branch);
        if (double.IsNaN(ell)) return null;
        for (int it = 0; it < 30; it++)
        {
            var hA = PairField.MemoryNullcline(model, Dual.Variable(alpha), ell, branch);
            if (saturated)
            {
                if (Math.Abs(hA.Value) < tolerance * 1e-2 || hA.Derivative == 0) break;
                double next = alpha - hA.Value / hA.Derivative; // keep a step only if it helps: h can jump here
                if (!(Math.Abs(PairField.MemoryNullcline(model, next, ell, branch).Value) < Math.Abs(hA.Value))) break;
                alpha = next;
                continue;
            }
            var hL = PairField.MemoryNullcline(model, alpha, Dual.Variable(ell), branch);
            var gA = PairField.LabelNullcline(model, Dual.Variable(alpha), ell, branch);
            var gL = PairField.LabelNullcline(model, alpha, Dual.Variable(ell), branch);
            if (Math.Max(Math.Abs(hA.Value), Math.Abs(gA.Value)) < tolerance * 1e-2) break;
            double det = hA.Derivative * gL.Derivative - hL.Derivative * gA.Derivative;
            if (det == 0 || !double.IsFinite(det)) break;
            double da = (hA.Value * gL.Derivative - hL.Derivative * gA.Value) / det;
            double dl = (hA.Derivative * gA.Value - gA.Derivative * hA.Value) / det;
            alpha -= da; ell -= dl;
            if (Math.Abs(da) < 1e-16 && Math.Abs(dl) < 1e-16 * Math.Max(1, Math.Abs(ell))) break;
        }
        if (saturated) // h may be a step at double resolution along the line: settle on the best double
            alpha = LabelNullcline.ToLastBit(a => PairField.MemoryNullcline(model, a, ell, branch).Value, alpha);
        return Classify(model, branch, alpha, ell, saturated);
    }

    /// <summary>The fixed point at (α, ℓ) with its eigenvalues, or null if the field does not vanish there.</summary>
    static FixedPoint? Classify(PairModel model, ManifoldBranch branch, double alpha, double ell, bool saturated)
    {
        if (!(Math.Abs(alpha) <= 1) || !(Math.Abs(ell) <= 1)) return null;
        if (!PairField.RenormalizationActs(model, alpha, ell, branch)) return null;
        var (value, jac) = PairField.Linearize(model, alpha, ell, branch);
        double residual = Math.Max(Math.Abs(value[0]), Math.Abs(value[1]));
        // Accepted up to 1e-8: at the most stiff mixed saddles (small n, ℓ ~ 1e-7, ∂ℓ̇/∂ℓ ~ 1e13) no double
        // brings the label's own velocity below ~1e-9. Every point carries its residual; most are ~1e-14.
        if (!(residual < MaxResidual)) return null;
        double alphaB = PairModel.AlphaB(alpha, branch);
        if (saturated)
        {
            double lambda = jac[0, 0];
            return new FixedPoint(alpha, alphaB, ell, lambda < 0 ? Stability.Stable : Stability.Unstable, [lambda], [0], true, branch, residual);
        }
        var evd = Matrix<double>.Build.DenseOfArray(jac).Evd();
        var re = evd.EigenValues.Select(z => z.Real).OrderBy(x => x).ToArray();
        var im = evd.EigenValues.OrderBy(z => z.Real).Select(z => z.Imaginary).ToArray();
        var stability = re.All(x => x < 0) ? Stability.Stable : re.All(x => x > 0) ? Stability.Unstable : Stability.Saddle;
        return new FixedPoint(alpha, alphaB, ell, stability, re, im, false, branch, residual);
    }

    static List<FixedPoint> Dedupe(IEnumerable<FixedPoint> points)
    {
        var kept = new List<FixedPoint>();
        foreach (var p in points.OrderBy(p => p.AlphaA))
            if (!kept.Any(k => Math.Abs(k.AlphaA - p.AlphaA) < 1e-9 && Math.Abs(k.AlphaB - p.AlphaB) < 1e-9 && Math.Abs(k.Ell - p.Ell) < 1e-9))
                kept.Add(p);
        return kept;
    }
}
