using Bifurcations.Linearization;
using Bifurcations.Training;

namespace Bifurcations.Reduced;

/// <summary>
/// How <see cref="FixedPointSolver"/> works: α is sampled at <see cref="ScanPoints"/> points per branch before
/// refining (roots are then solved to the last bit, so this sets only how close two fixed points may lie and still
/// both be seen without the slope test), and a point is converged when both scaled residuals are at most
/// <see cref="Tolerance"/>. An interval of the scan is bisected at most <see cref="MaxDepth"/> times (64 halvings take
/// any interval of [−1, 1] below the spacing of doubles, so deeper splits only chase round-off).
/// </summary>
public sealed record FixedPointOptions(int ScanPoints = 201, double Tolerance = 1e-10, int MaxDepth = 64)
{
    /// <summary>The loosest <see cref="Tolerance"/> accepted; a point that misses by more is reported as unresolved.</summary>
    public const double LoosestTolerance = 1e-3;

    /// <summary>These options, or a <see cref="InvalidParameterException"/> naming the bad one.</summary>
    public FixedPointOptions Validated()
    {
        if (ScanPoints is < 11 or > 1_000_001) throw new InvalidParameterException($"fixed-point scan points {ScanPoints} must be between 11 and 1000001");
        if (!(Tolerance > 0 && Tolerance <= LoosestTolerance)) throw new InvalidParameterException($"fixed-point tolerance {Tolerance} must be in (0, {LoosestTolerance}]");
        if (MaxDepth is < 8 or > 200) throw new InvalidParameterException($"fixed-point bisection depth {MaxDepth} must be between 8 and 200");
        return this;
    }
}

/// <summary>
/// All fixed points of the reduced (α, ℓ) system on both branches of the manifold, with a completeness verdict.
/// <para>
/// The label is the fast variable: at each α its dynamics has 1, 3 or 5 equilibria (<see cref="LabelStates"/>), and
/// the fixed points are the zeros of the memory function h(α, ℓ) = (∇_A α_B − α ∇_B)/(|∇_A| + |∇_B|) along each of
/// them. The α scan matches the states of neighbouring points in order (they alternate attracting and repelling, so
/// equal counts match one to one); where the counts differ the interval is bisected down to the fold of the label
/// nullcline, and the two states that meet there are joined, so that a zero on the turn is seen too. Each sign change
/// of h along a state is solved by Brent to the last bit; two zeros hiding between scan points are found from a sign
/// change of dh/dα and the extremum between. A zero where the renormalization does not act (q ≤ 0) is not a fixed
/// point of the dynamics and is dropped.
/// </para>
/// <para>
/// Convergence is judged on scaled residuals (<see cref="PairTerms.MemoryResidual"/>, <see cref="PairTerms.LabelResidual"/>).
/// At low temperature the memory nullcline crosses ℓ = 0 within a band of width e^{−4m·x^n}: the mixed saddle's ℓ then
/// comes from the memory equation in log form (<see cref="PairTerms.SmallMemoryEll"/>), and is reported as 0 with its
/// log10 when it lies below the smallest double (status <see cref="FixedPointStatus.DoubleFloor"/>).
/// The index sum over both branches must be 1 (docs/reduced-model.md, "Completeness").
/// </para>
/// </summary>
public static class FixedPointSolver
{
    /// <summary>Every fixed point of the model on both branches of the manifold, with stability and a completeness verdict.</summary>
    public static FixedPointSet Find(PairModel model, FixedPointOptions? options = null)
    {
        options = (options ?? new FixedPointOptions()).Validated();
        PairTerms.EnsureRepresentable(model);
        var upper = new BranchScan(model, ManifoldBranch.Upper, options).Run();
        var lower = new BranchScan(model, ManifoldBranch.Lower, options).Run();
        var points = Dedupe([.. upper.Points, .. lower.Points]);
        var completeness = new Completeness(points.Count(p => p.Stability == Stability.Stable), points.Count(p => p.Stability == Stability.Saddle),
            points.Count(p => p.Stability == Stability.Unstable), [.. upper.Problems, .. lower.Problems]);
        return new FixedPointSet(model, points, completeness);
    }

    /// <summary>The fixed points on both branches (see <see cref="Find"/> for the completeness verdict).</summary>
    public static IReadOnlyList<FixedPoint> Solve(PairModel model, FixedPointOptions? options = null) => Find(model, options).Points;

    /// <summary>The fixed points on one branch (the index sum needs both, so there is no verdict here).</summary>
    public static IReadOnlyList<FixedPoint> Solve(PairModel model, ManifoldBranch branch, FixedPointOptions? options = null)
    {
        options = (options ?? new FixedPointOptions()).Validated();
        PairTerms.EnsureRepresentable(model);
        return Dedupe(new BranchScan(model, branch, options).Run().Points);
    }

    internal static List<FixedPoint> Dedupe(IEnumerable<FixedPoint> points)
    {
        var kept = new List<FixedPoint>();
        foreach (var p in points.OrderBy(p => p.AlphaA).ThenBy(p => p.AlphaB).ThenBy(p => p.Ell))
            if (!kept.Any(k => Math.Abs(k.AlphaA - p.AlphaA) <= 1e-13 && Math.Abs(k.AlphaB - p.AlphaB) <= 1e-13 &&
                               Math.Abs(k.Ell - p.Ell) <= 1e-13 * Math.Max(1e-300, Math.Abs(p.Ell)) + 1e-300 && k.Stability == p.Stability))
                kept.Add(p);
        return kept;
    }

    /// <summary>Thrown inside a root search when the label states at a trial α no longer match the bracket's.</summary>
    sealed class StatesChanged : Exception;

    /// <summary>
    /// The scan of one branch, chart by chart (<see cref="ManifoldChart"/>): the label states along the chart's
    /// coordinate p, the memory function along each state, its zeros.
    /// </summary>
    sealed class BranchScan(PairModel model, ManifoldBranch branch, FixedPointOptions options)
    {
        readonly int _maxDepth = options.MaxDepth;
        const double MinNormalLog = -708.3964185322641; // log of the smallest normal double
        const double SmallestNormal = 2.2250738585072014E-308;
        readonly List<FixedPoint> _points = [];
        readonly List<string> _problems = [];
        ManifoldChart _chart;
        string Name => branch == ManifoldBranch.Upper ? "upper branch" : "lower branch";

        public (List<FixedPoint> Points, List<string> Problems) Run()
        {
            int perChart = Math.Max(3, (options.ScanPoints + 3) / 4);
            foreach (var c in ManifoldChart.Of(branch))
            {
                _chart = c;
                var (from, to) = c.Range;
                var ps = Enumerable.Range(0, perChart).Select(i => i == 0 ? from : i == perChart - 1 ? to : from + (to - from) * i / (perChart - 1)).ToArray();
                var states = new LabelState[ps.Length][];
                Parallelism.ForEach(ps.Length, i => states[i] = StatesAt(ps[i]));
                for (int i = 0; i + 1 < ps.Length; i++) Interval(ps[i], states[i], ps[i + 1], states[i + 1], 0);
                for (int i = 0; i < ps.Length; i++) // zeros exactly on a scan point
                    for (int j = 0; j < states[i].Length; j++)
                        if (H(ps[i], states[i][j]) == 0) Polish(ps[i], j, states[i].Length, Math.Sign(_chart.VelocityFactor * Slope(ps[i], states[i][j])));
            }
            return (_points, _problems);
        }

        LabelState[] StatesAt(double p)
        {
            var (a, b) = _chart.At(p);
            return LabelStates.At(model, a, b);
        }

        double H(double p, LabelState s)
        {
            var (a, b) = _chart.At(p);
            return PairField.MemoryFunction(model, a, b, s.Ell).Value;
        }

        /// <summary>dH/dp along a state: h_p + h_ℓ·dℓ/dp, with dℓ/dp = −φ_p/φ_ℓ on a free state and 0 on a saturated one.</summary>
        double Slope(double p, LabelState s)
        {
            var (a, b) = _chart.At(Dual.Variable(p));
            var (pa, pb) = _chart.At(p);
            double hP = PairField.MemoryFunction(model, a, b, s.Ell).Derivative;
            if (s.Saturated) return hP;
            double hL = PairField.MemoryFunction(model, pa, pb, Dual.Variable(s.Ell)).Derivative;
            double phiP = PairTerms.At(model, a, b, s.Ell).Balance.Derivative;
            double phiL = PairTerms.At(model, pa, pb, EllInput.Plain(Dual.Variable(s.Ell))).Balance.Derivative;
            double slope = phiL != 0 ? hP - hL * phiP / phiL : hP;
            return double.IsFinite(slope) ? slope : 0;
        }

        /// <summary>The memory function on state j at p, requiring the same number of states as the bracket.</summary>
        double HOn(double p, int j, int count)
        {
            var s = StatesAt(p);
            if (s.Length != count) throw new StatesChanged();
            return H(p, s[j]);
        }

        /// <summary>Strictly opposite signs (a product of two tiny values, e.g. denormal h next to a pure memory, underflows to −0).</summary>
        static bool Opposite(double x, double y) => Math.Sign(x) * Math.Sign(y) < 0;

        static bool Tiny(double a, double b, double relative = 1e-13) => Math.Abs(b - a) <= relative * Math.Max(1, Math.Abs(a));

        void Interval(double a, LabelState[] sa, double b, LabelState[] sb, int depth)
        {
            if (sa.Length == sb.Length)
            {
                // h on each state is modelled by the cubic through its values and slopes at both ends: where that cubic
                // has more zeros than the end signs show (two fixed points close together, or three), the interval is
                // split until the signs show them. At ~1e-9 of width the slope test takes over.
                // The model is also checked at the midpoint: if h there is far from the cubic's value, the interval holds
                // structure the ends do not show, and is split too (down to 1e-6 of width).
                var ends = new (double Ha, double Hb, bool Hidden)[sa.Length];
                bool refine = false, poorlyModelled = false;
                double m = a + 0.5 * (b - a);
                var sm = Tiny(a, b, 1e-6) ? null : StatesAt(m);
                for (int j = 0; j < sa.Length; j++)
                {
                    double ha = H(a, sa[j]), hb = H(b, sb[j]);
                    bool hidden = false;
                    if (double.IsFinite(ha) && double.IsFinite(hb) && ha != 0 && hb != 0)
                    {
                        double ma = Slope(a, sa[j]) * (b - a), mb = Slope(b, sb[j]) * (b - a);
                        hidden = ExtraZeros(ha, hb, ma, mb);
                        // (Only where the ends agree in sign: a sign change is solved by Brent, and a jump there, e.g. at
                        // the mixed saddle at low T, would otherwise be split down to 1e-6 for nothing.)
                        if (sm is not null && sm.Length == sa.Length && Math.Sign(ha) == Math.Sign(hb) && double.IsFinite(ma) && double.IsFinite(mb))
                        {
                            // Split where the cubic's error could hide a zero: its miss at the midpoint against how close
                            // the curve comes to zero.
                            double predicted = 0.5 * (ha + hb) + (ma - mb) / 8, hm = H(m, sm[j]);
                            double closest = Math.Min(Math.Min(Math.Abs(ha), Math.Abs(hb)), Math.Min(Math.Abs(hm), CubicClosestToZero(ha, hb, ma, mb)));
                            poorlyModelled |= Math.Abs(hm - predicted) > 0.5 * closest;
                        }
                    }
                    ends[j] = (ha, hb, hidden);
                    refine |= hidden;
                }
                if (sm is not null && sm.Length != sa.Length) poorlyModelled = true; // states change and change back inside
                if ((refine && !Tiny(a, b, 1e-9) || poorlyModelled) && depth < _maxDepth)
                {
                    Interval(a, sa, m, sm ?? StatesAt(m), depth + 1);
                    Interval(m, sm ?? StatesAt(m), b, sb, depth + 1);
                    return;
                }
                for (int j = 0; j < sa.Length; j++)
                {
                    var (ha, hb, hidden) = ends[j];
                    if (double.IsNaN(ha) || double.IsNaN(hb) || ha == 0 || hb == 0) continue;
                    if (Opposite(ha, hb)) Root(a, sa, b, sb, j, depth);
                    else if (hidden) HiddenPair(a, sa, b, sb, j, ha, depth);
                    else
                    {
                        double slopeA = Slope(a, sa[j]), slopeB = Slope(b, sb[j]);
                        // At inputs beyond what doubles evaluate the slope can be undefined: say so in the verdict
                        // rather than fail on it or pass over a pair of points that may hide here.
                        if (double.IsNaN(slopeA) || double.IsNaN(slopeB))
                            _problems.Add(FormattableString.Invariant($"{Name}: the memory function's slope is undefined near {Describe(a)} (inputs beyond double precision): a pair of fixed points hidden there would be missed"));
                        else if (Opposite(slopeA, slopeB)) HiddenPair(a, sa, b, sb, j, ha, depth);
                    }
                }
                return;
            }
            if (Tiny(a, b) || depth >= _maxDepth)
            {
                Fold(a, sa, b, sb);
                return;
            }
            Split(a, sa, b, sb, depth);
        }

        /// <summary>The smallest |p| over the interior extrema of the cubic Hermite model (∞ if it has none).</summary>
        static double CubicClosestToZero(double h0, double h1, double m0, double m1)
        {
            double c2 = 3 * (h1 - h0) - 2 * m0 - m1, c3 = 2 * (h0 - h1) + m0 + m1, best = double.PositiveInfinity;
            foreach (var t in CubicCritical(c2, c3, m0))
                best = Math.Min(best, Math.Abs(h0 + t * (m0 + t * (c2 + t * c3))));
            return best;
        }

        /// <summary>The critical points in (0, 1) of h0 + m0 t + c2 t² + c3 t³.</summary>
        static IEnumerable<double> CubicCritical(double c2, double c3, double m0)
        {
            double qa = 3 * c3, qb = 2 * c2, qc = m0;
            var roots = new List<double>();
            if (Math.Abs(qa) < 1e-300) { if (qb != 0) roots.Add(-qc / qb); }
            else
            {
                double disc = qb * qb - 4 * qa * qc;
                if (disc >= 0)
                {
                    double q = -0.5 * (qb + (qb >= 0 ? 1 : -1) * Math.Sqrt(disc));
                    if (q != 0) { roots.Add(q / qa); roots.Add(qc / q); }
                    else roots.Add(0);
                }
            }
            return roots.Where(t => t > 0 && t < 1 && double.IsFinite(t)).OrderBy(t => t);
        }

        /// <summary>
        /// Whether the cubic Hermite model on [0, 1] with end values h0, h1 and end slopes m0, m1 has more sign changes
        /// than its ends show: an interior extremum on the other side of zero.
        /// </summary>
        static bool ExtraZeros(double h0, double h1, double m0, double m1)
        {
            if (!double.IsFinite(m0) || !double.IsFinite(m1)) return false;
            double c2 = 3 * (h1 - h0) - 2 * m0 - m1, c3 = 2 * (h0 - h1) + m0 + m1;
            double P(double t) => h0 + t * (m0 + t * (c2 + t * c3));
            var critical = CubicCritical(c2, c3, m0);
            int changes = 0;
            double previous = h0;
            foreach (var t in critical.Append(1.0))
            {
                double v = t == 1.0 ? h1 : P(t);
                if (Math.Sign(v) != Math.Sign(previous) && v != 0) changes++;
                if (v != 0) previous = v;
            }
            int shown = Math.Sign(h0) == Math.Sign(h1) ? 0 : 1;
            return changes > shown;
        }

        void Split(double a, LabelState[] sa, double b, LabelState[] sb, int depth)
        {
            double m = a + 0.5 * (b - a);
            var sm = StatesAt(m);
            Interval(a, sa, m, sm, depth + 1);
            Interval(m, sm, b, sb, depth + 1);
        }

        /// <summary>A sign change of h on state j in [a, b]: Brent to the last bit, or a split if the states change inside.</summary>
        void Root(double a, LabelState[] sa, double b, LabelState[] sb, int j, int depth)
        {
            int count = sa.Length;
            double root;
            try
            {
                root = BracketedRoot.Solve(x => HOn(x, j, count), a, b);
            }
            catch (StatesChanged)
            {
                if (depth >= _maxDepth || Tiny(a, b))
                {
                    VerticalCrossing(a, sa[j], sb[j]);
                    return;
                }
                Split(a, sa, b, sb, depth);
                return;
            }
            // The sign of the slow eigenvalue from the bracket alone: ṗ = c·h, attracting where c·h falls through the zero.
            Polish(root, j, count, Math.Sign(_chart.VelocityFactor * (H(b, sb[j]) - H(a, sa[j]))));
        }

        /// <summary>
        /// The states change within a few ulps of p while h changes sign: the label nullcline runs across ℓ within
        /// less than an ulp of α (at high T and large n the label barely depends on ℓ, and flips from −1 to 1 where
        /// x_A^n = x_B^n). The zero of h lies on that vertical piece: solve h in ℓ between the two states at p.
        /// </summary>
        void VerticalCrossing(double p, LabelState from, LabelState to)
        {
            var (alphaA, alphaB) = _chart.At(p);
            double lo = Math.Min(from.Ell, to.Ell), hi = Math.Max(from.Ell, to.Ell);
            double F(double l) => PairField.MemoryFunction(model, alphaA, alphaB, l).Value;
            if (lo < hi && Opposite(F(lo), F(hi)))
            {
                // h may cross ℓ = 0 within a band narrower than a double (the memory nullcline at low T): take ℓ from the
                // memory equation there, else Brent across the interval (bisection down to 1e-300 needs ~1000 steps).
                if (PairTerms.SmallMemoryEll(model, alphaA, alphaB) is { } small && small.Sign != 0 && small.Log < Math.Log(1e-12))
                {
                    var candidate = small.Log > MinNormalLog ? EllInput.Plain(small.Sign * Math.Exp(small.Log)) : EllInput.FromLog(small.Sign, small.Log);
                    var t = PairTerms.At(model, alphaA, alphaB, candidate);
                    if (t.MemoryResidual <= Math.Max(options.Tolerance, t.PrecisionFloor))
                    {
                        Accept(p, candidate, saturated: false, tolerated: true);
                        return;
                    }
                }
                Accept(p, EllInput.Plain(BracketedRoot.Solve(F, lo, hi)), saturated: false, tolerated: true);
                return;
            }
            _problems.Add(FormattableString.Invariant($"{Name}: the label states change where the memory function changes sign near {Describe(p)}, and no zero of h was found across ℓ ∈ [{lo:G6}, {hi:G6}] there (h = {F(lo):G3}, {F(hi):G3})"));
        }

        string Describe(double p)
        {
            var (a, b) = _chart.At(p);
            return FormattableString.Invariant($"(α_A, α_B) = ({a:G12}, {b:G12})");
        }

        /// <summary>
        /// Between two scan points where dh/dp changes sign: the extremum is the root of the slope (Brent); if h
        /// crosses zero there, two zeros hide in the interval (two fixed points close to a saddle-node).
        /// </summary>
        void HiddenPair(double a, LabelState[] sa, double b, LabelState[] sb, int j, double hSide, int depth)
        {
            if (depth >= _maxDepth) return; // the slope's sign flickers at round-off level: nothing hides there
            int count = sa.Length;
            try
            {
                double SlopeOn(double x)
                {
                    var st = StatesAt(x);
                    if (st.Length != count) throw new StatesChanged();
                    return Slope(x, st[j]);
                }
                double mid = BracketedRoot.Solve(SlopeOn, a, b);
                if (!(Math.Sign(hSide) * HOn(mid, j, count) < 0)) return;
                var smid = StatesAt(mid);
                Interval(a, sa, mid, smid, depth + 1);
                Interval(mid, smid, b, sb, depth + 1);
            }
            catch (StatesChanged)
            {
                if (depth < _maxDepth) Split(a, sa, b, sb, depth);
            }
        }

        /// <summary>
        /// A fold of the label nullcline inside [a, b] (width ~1e-13): two adjacent states meet. Their memory
        /// functions on the side where they exist are the two ends of the turn; a sign change between them is a
        /// zero on the turn itself.
        /// </summary>
        void Fold(double a, LabelState[] sa, double b, LabelState[] sb)
        {
            var (p, big, small) = sa.Length > sb.Length ? (a, sa, sb) : (b, sb, sa);
            if (small.Length == 0) return; // a digit's threshold: no label dynamics on the other side
            if (big.Length - small.Length != 2)
            {
                _problems.Add(FormattableString.Invariant($"{Name}: the label states change from {sa.Length} to {sb.Length} near {Describe(a)}"));
                return;
            }
            int pair = Enumerable.Range(0, big.Length - 1).MinBy(j =>
                Enumerable.Range(0, small.Length).Sum(i => Math.Abs(small[i].Ell - big[i < j ? i : i + 2].Ell)));
            double h1 = H(p, big[pair]), h2 = H(p, big[pair + 1]);
            if (!Opposite(h1, h2)) return;
            // The zero lies on the turn: solve h along ℓ between the two states at this p.
            var (alphaA, alphaB) = _chart.At(p);
            double lo = Math.Min(big[pair].Ell, big[pair + 1].Ell), hi = Math.Max(big[pair].Ell, big[pair + 1].Ell);
            double ell = BracketedRoot.Solve(l => PairField.MemoryFunction(model, alphaA, alphaB, l).Value, lo, hi);
            Accept(p, EllInput.Plain(ell), saturated: false, tolerated: true);
        }

        /// <summary>The fixed point at a zero of h on state j at p: residuals, the small-ℓ form if needed, stability.</summary>
        void Polish(double p, int j, int count, int slowSign)
        {
            var all = StatesAt(p);
            if (all.Length != count) return;
            var state = all[j];
            var (alphaA, alphaB) = _chart.At(p);
            EllInput ell = state.Ell;
            var terms = PairTerms.At(model, alphaA, alphaB, ell);
            double residual = Residual(terms, state.Saturated);
            if (residual <= Math.Max(options.Tolerance, terms.PrecisionFloor)) { Accept(p, ell, state.Saturated, residual > options.Tolerance, slowSign, state.Attracting); return; }
            if (!state.Saturated && PairTerms.SmallMemoryEll(model, alphaA, alphaB) is { } small)
            {
                // The memory nullcline crosses the label's within less than an ulp of p: take ℓ from the memory equation.
                var candidate = small.Sign == 0 ? EllInput.Plain(0)
                    : small.Log > MinNormalLog ? EllInput.Plain(small.Sign * Math.Exp(small.Log)) : EllInput.FromLog(small.Sign, small.Log);
                var t = PairTerms.At(model, alphaA, alphaB, candidate);
                double r = Residual(t, false);
                if (r <= Math.Max(options.Tolerance, t.PrecisionFloor)) { Accept(p, candidate, false, r > options.Tolerance, slowSign, state.Attracting); return; }
            }
            // The label state jumps across the zero: the label nullcline runs across ℓ within a few ulps of p.
            if (StateNear(p, -1, j, count) is { } before && StateNear(p, +1, j, count) is { } after && Math.Abs(before.Ell - after.Ell) > 1e-9)
            {
                VerticalCrossing(p, before, after);
                return;
            }
            // The state itself jumps within a few ulps (a free label reaching its clip where the label nullcline is vertical):
            // h changes sign because ℓ does, so the zero, if any, lies along ℓ between the two.
            if (JumpNear(p, j, count, state) is { } jump)
            {
                VerticalCrossing(p, jump.Low, jump.High);
                return;
            }
            // A point at the double-precision floor if h changes sign within a few ulps of p (the chart's coordinate
            // rounds the other one, so h is not monotone at the last bit; next to p = 0 the root may lie below the
            // smallest double).
            if (SignChangeNear(p, j, count)) Accept(p, ell, state.Saturated, tolerated: true, slowSign, state.Attracting);
            else _problems.Add(FormattableString.Invariant($"{Name}: the memory function changes sign near {Describe(p)} but no fixed point converged there (scaled residual {residual:G3})"));
        }

        static double Residual(PairTerms t, bool saturated) => Math.Max(t.MemoryResidual, saturated ? 0 : t.LabelResidual);

        /// <summary>p moved by k ulps, kept inside the chart.</summary>
        double Ulps(double p, int k)
        {
            var (from, to) = _chart.Range;
            double lo = Math.Min(from, to), hi = Math.Max(from, to), x = p;
            for (int i = 0; i < Math.Abs(k); i++) x = k > 0 ? Math.BitIncrement(x) : Math.BitDecrement(x);
            return Math.Clamp(x, lo, hi);
        }

        /// <summary>State j at the nearest point on one side of p (8 ulps, then doubling) where there are <paramref name="count"/> states.</summary>
        LabelState? StateNear(double p, int side, int j, int count)
        {
            double step = Math.Abs(Ulps(p, side * 8) - p);
            for (int i = 0; i < 48 && step > 0; i++, step *= 2)
            {
                var (from, to) = _chart.Range;
                double x = Math.Clamp(p + side * step, Math.Min(from, to), Math.Max(from, to));
                var s = StatesAt(x);
                if (s.Length == count) return s[j];
                if (x == from || x == to) break;
            }
            return null;
        }

        /// <summary>The two states j on either side of a jump of its ℓ within 8 ulps of p, ordered by ℓ; null if it is continuous there.</summary>
        (LabelState Low, LabelState High)? JumpNear(double p, int j, int count, LabelState at)
        {
            for (int k = 1; k <= 8; k++)
                foreach (var x in new[] { Ulps(p, -k), Ulps(p, k) })
                {
                    var s = StatesAt(x);
                    if (s.Length != count) continue;
                    var other = s[j];
                    if (other.Kind != at.Kind || Math.Abs(other.Ell - at.Ell) > 1e-9 * Math.Max(1, Math.Abs(at.Ell)))
                        return other.Ell < at.Ell ? (other, at) : (at, other);
                }
            return null;
        }

        bool SignChangeNear(double p, int j, int count)
        {
            try
            {
                double h0 = HOn(p, j, count);
                for (int k = 1; k <= 8; k++)
                    foreach (var x in new[] { Ulps(p, -k), Ulps(p, k) })
                        if (Math.Sign(HOn(x, j, count)) != Math.Sign(h0)) return true;
                return h0 == 0;
            }
            catch (StatesChanged) { return false; }
        }

        /// <summary>
        /// Records the fixed point at (p, ℓ) if the renormalization acts there. Stability comes from the eigenvalues;
        /// where round-off leaves an eigenvalue's sign open it comes from the flow's signs instead (the label state
        /// attracts or not; c·h falls or rises through the zero), and where both are known they must agree on the
        /// index (det J = fast × slow), or the verdict says so.
        /// </summary>
        void Accept(double p, EllInput ell, bool saturated, bool tolerated, int slowSign = 0, bool? fastAttracting = null)
        {
            var (alphaA, alphaB) = _chart.At(p);
            var terms = PairTerms.At(model, alphaA, alphaB, ell);
            if (!(terms.RadialPush.Value > 0)) return; // the renormalization does not act: the memory leaves the manifold here
            double residual = Residual(terms, saturated);
            var status = ell.IsLog || tolerated && residual > options.Tolerance ? FixedPointStatus.DoubleFloor : FixedPointStatus.Converged;
            var (spectrum, stability) = FixedPointLinearization.At(model, _chart, p, ell, saturated);
            Stability? bySigns = slowSign == 0 ? null
                : saturated ? (slowSign < 0 ? Stability.Stable : Stability.Saddle)
                : fastAttracting is { } fast ? (fast, slowSign < 0) switch
                {
                    (true, true) => Stability.Stable,
                    (false, false) => Stability.Unstable,
                    _ => Stability.Saddle,
                } : null;
            if (spectrum.Marginal)
            {
                if (bySigns is { } s) stability = s;
                else _problems.Add(FormattableString.Invariant($"{Name}: the stability of the point at {Describe(p)} is within round-off (an eigenvalue's sign is not resolved in double precision)"));
            }
            else if (bySigns is { } s && (s == Stability.Saddle) != (stability == Stability.Saddle))
                _problems.Add(FormattableString.Invariant($"{Name}: at {Describe(p)} the eigenvalues say {stability.ToString().ToLowerInvariant()} but the flow's signs say {s.ToString().ToLowerInvariant()}"));
            // ℓ at the floor with no log form while the equations miss by more than the loosest tolerance the solver
            // accepts: the true ℓ lies below the smallest double and its log form did not close the memory equation (the
            // terms' exponents are past what doubles hold), so the point's ℓ and eigenvalues are unknown. It is kept,
            // and the verdict says it is not settled. A large residual alone is no sign of this: where h changes sign
            // between two adjacent doubles of α (a saturated label, a steep memory function) the nearest double misses
            // by the slope times an ulp, and that point is resolved as far as doubles go.
            bool ellUnknown = !saturated && !ell.IsLog && Math.Abs(ell.Value) < SmallestNormal;
            if (ellUnknown && residual > FixedPointOptions.LoosestTolerance && alphaA != 0 && alphaB != 0)
                _problems.Add(FormattableString.Invariant($"{Name}: the {stability.ToString().ToLowerInvariant()} point at {Describe(p)} is not resolved in double precision: its ℓ lies below the smallest double and no log form closes its equations (scaled residual {residual:G3} at ℓ = {ell.Value:G3}; the terms' exponents reach {terms.LargestExponent:G3}); its α is exact to the last bit, its ℓ and eigenvalues are not (n = {model.Exponent:G6}, T = {model.Temperature:G6}, K = {model.Memories})"));
            double logAbs = ell.LogAbs;
            _points.Add(new FixedPoint(alphaA, alphaB, ell.Value, stability, spectrum.Values, saturated, branch, residual, status,
                double.IsNegativeInfinity(logAbs) ? null : logAbs / Math.Log(10)));
        }
    }
}
