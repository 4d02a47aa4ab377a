using Bifurcations.Linearization;
using Bifurcations.Model;
using Bifurcations.Reduced;
using Bifurcations.Testing;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Bifurcations.Tests;

/// <summary>
/// The fixed-point solver judged across the whole realistic range by checks that do not share its code path:
/// the index sum, the scaled residual of every point, the slow flow (<see cref="SlowFlow"/>, built on the raw field
/// only) ending at reported stable points, and the signs of the flow around each point against its eigenvalues.
/// </summary>
public class CompletenessTests
{
    static readonly GramPair Paper = new(753, 494, 719);

    [Fact]
    public void LowTemperatureExampleHasItsThreePoints()
    {
        // T = 600 (T_r = 0.77), K = 2, n = 30: stable near (0.203, −1.6e-3), the mixed saddle near 0.4649 with
        // ℓ ≈ −3e-195, stable near (0.760, +8e-4). The solver once returned none of them.
        var set = FixedPointSolver.Find(new PairModel(Paper, new NetworkParameters(30, 600), 2));
        Assert.True(set.Completeness.IsComplete, set.Completeness.Summary);
        Assert.Equal(3, set.Points.Count);
        var (low, saddle, high) = (set.Points[0], set.Points[1], set.Points[2]);
        Assert.Equal(0.203, low.AlphaA, 1e-3);
        Assert.InRange(low.Ell, -1.7e-3, -1.5e-3);
        Assert.Equal(Stability.Stable, low.Stability);
        Assert.Equal(0.4649, saddle.AlphaA, 1e-4);
        Assert.Equal(Stability.Saddle, saddle.Stability);
        Assert.InRange(saddle.EllLog10!.Value, -196, -194);
        Assert.True(saddle.Ell < 0);
        Assert.Equal(0.760, high.AlphaA, 1e-3);
        Assert.InRange(high.Ell, 7e-4, 9e-4);
        Assert.Equal(Stability.Stable, high.Stability);
        Assert.All(set.Points, p => Assert.True(p.Residual < 1e-12, $"scaled residual {p.Residual}"));
    }

    [Fact]
    public void SaddleBelowTheSmallestDoubleIsReportedInLogForm()
    {
        // At T = 550 the mixed saddle's ℓ is about 10^−2871: reported as 0 with its log10 and sign, at the double floor.
        var set = FixedPointSolver.Find(new PairModel(Paper, new NetworkParameters(30, 550), 2));
        Assert.True(set.Completeness.IsComplete, set.Completeness.Summary);
        var saddle = Assert.Single(set.Points, p => p.Stability == Stability.Saddle);
        Assert.Equal(0.0, Math.Abs(saddle.Ell));
        Assert.True(double.IsNegative(saddle.Ell), "the sign of an underflowed ℓ is kept");
        Assert.Equal(FixedPointStatus.DoubleFloor, saddle.Status);
        Assert.InRange(saddle.EllLog10!.Value, -2900, -2800);
        // Its eigenvalues lie beyond the double range, with signs and magnitudes intact.
        Assert.Contains(saddle.Spectrum, e => e.RealPart.Sign < 0 && e.Log10Magnitude > 2000);
        Assert.Contains(saddle.Spectrum, e => e.RealPart.Sign > 0 && e.Log10Magnitude > 2000);
    }

    [Theory]
    [InlineData(235.2, 2)]  // T_r = 0.3: the saturated terms' log error reaches 10^36
    [InlineData(431.2, 10)] // T_r = 0.55, the edge of the realistic range: 6.4·10^15
    [InlineData(431.2, 1)]  // 6.4·10^14: ℓ ~ 10^−(2.8·10^14) and the memory equation no longer closes
    public void ASaddleDoublesCannotResolveMakesTheVerdictIncomplete(double temperature, int memories)
    {
        // At n = 80 the mixed saddle's ℓ lies so far below the floor that its log form has no exact digit left: the
        // solver once reported it at ℓ = 0, scaled residual 0.07, eigenvalues ±10^(6·10^35), and called the set complete.
        var set = FixedPointSolver.Find(new PairModel(Paper, new NetworkParameters(80, temperature), memories));
        var saddle = Assert.Single(set.Points, p => p.Stability == Stability.Saddle);
        Assert.True(saddle.Residual > FixedPointOptions.LoosestTolerance, $"the saddle now resolves: residual {saddle.Residual}");
        Assert.False(set.Completeness.IsComplete, set.Completeness.Summary);
        Assert.Contains(set.Completeness.Problems, p => p.Contains("saddle point at (α_A, α_B) = (0.46487603") && p.Contains("not resolved in double precision"));
        // The stable points' equations close at the same parameters: only the saddle is named.
        Assert.DoesNotContain(set.Completeness.Problems, p => p.Contains("stable point"));
    }

    [Fact]
    public void IsolatedPairAtHighTemperatureIsFound()
    {
        // At T = 900 a pair of fixed points exists only for n between about 1.9 and 2.6.
        int Count(double n) => FixedPointSolver.Find(new PairModel(Paper, new NetworkParameters(n, 900), 2)).Points.Count;
        Assert.Equal(1, Count(1.6));
        Assert.Equal(3, Count(2.2));
        Assert.Equal(1, Count(3.0));
    }

    static bool SamePoint(FixedPoint p, SlowFlowEnd e) =>
        Math.Abs(p.AlphaA - e.AlphaA) < 1e-6 && Math.Abs(p.AlphaB - e.AlphaB) < 1e-6 && Math.Abs(p.Ell - e.Ell) < 1e-6 * Math.Abs(p.Ell) + 1e-9;

    [Property(MaxTest = 300)]
    public Property CompleteAndConvergedAndEveryWalkEndsAtAReportedStablePoint() => Prop.ForAll(RealisticPair.Arbitrary(), c =>
    {
        var model = c.Model;
        var set = FixedPointSolver.Find(model);
        // Complete, except where a point's terms carry exponents so large (10^13 and more, n ≳ 58 at the lowest T_r) that
        // doubles cannot close its equations: its residual is then within the round-off of those exponents, 8ε·|L|, and the
        // verdict must name exactly those points, and nothing else. (This asked for exponents of 10^14 until a CI run met
        // n = 59, T_r = 0.566, K = 9: exponents 1.77e13, residual 0.0258 against a round-off of 0.0315.)
        var unresolved = set.Points.Where(p => p.Residual > FixedPointOptions.LoosestTolerance && !p.Saturated && p.EllLog10 is null
            && Math.Abs(p.Ell) < 2.2250738585072014E-308 && p.AlphaA != 0 && p.AlphaB != 0).ToArray();
        foreach (var p in unresolved)
        {
            double exponents = PairTerms.At(model, p.AlphaA, p.AlphaB, p.Ell).LargestExponent, roundOff = 8 * 2.220446049250313e-16 * exponents;
            Assert.True(p.Residual <= roundOff, $"{c}: the point at ({p.AlphaA:R}, {p.AlphaB:R}) is unresolved (residual {p.Residual:G3}) beyond the round-off of its terms' exponents ({exponents:G3}: {roundOff:G3})");
        }
        Assert.True(set.Completeness.IsComplete || set.Completeness.Problems.Count == unresolved.Length
            && set.Completeness.Problems.All(q => q.Contains("not resolved in double precision")), $"{c}: {set.Completeness.Summary}");
        Assert.True(set.Completeness.IndexSum == 1, $"{c}: index sum {set.Completeness.IndexSum}");
        foreach (var p in set.Points)
        {
            Assert.True(double.IsFinite(p.AlphaA) && double.IsFinite(p.AlphaB) && double.IsFinite(p.Ell) && double.IsFinite(p.Residual), $"{c}: non-finite point");
            if (p.Status != FixedPointStatus.Converged) continue;
            Assert.True(p.Residual <= 1e-10, $"{c}: converged point ({p.AlphaA}, {p.Ell}) has scaled residual {p.Residual}");
            // Independently of the solver's own residual: the Newton step of the continuation problem's exact Jacobian.
            var (problem, u) = PairBranchProblem.For(model, PairParameter.Exponent, p, c.N);
            Invariants.ScaledResidual(problem, u, c.N).ThrowIfViolated();
        }
        // The slow flow from a grid of starts on the manifold: every walk ends at a reported stable point (or starts
        // where no digit is above threshold, where nothing moves).
        for (int i = 0; i < 8; i++)
            foreach (double ell in new[] { -0.5, 0.5 })
            {
                var (a, b) = SlowFlow.FromTheta(0.1 + 0.5 * i);
                var end = SlowFlow.Run(model, a, b, ell);
                // Starts where no digit is above threshold do not move; a memory held where the renormalization switches
                // on and off has left the (α, ℓ) reduction (it happens in ~1 configuration in 7 000).
                if (end.Outcome is SlowFlowOutcome.Inactive or SlowFlowOutcome.Boundary) continue;
                Assert.True(end.Outcome == SlowFlowOutcome.StablePoint, $"{c}: the walk from θ = {0.1 + 0.5 * i}, ℓ = {ell} did not end ({end.Outcome})");
                Assert.True(set.Points.Any(p => p.Stability == Stability.Stable && SamePoint(p, end)),
                    $"{c}: the walk from θ = {0.1 + 0.5 * i}, ℓ = {ell} ended at ({end.AlphaA:R}, {end.AlphaB:R}, {end.Ell:R}), not a reported stable point");
            }
    });

    [Fact]
    public void AMixedSaddleWhoseResidualIsWithinItsTermsRoundOffIsNamedUnresolved()
    {
        // Found by the property above in a clean CI run: n = 59, T_r = 0.566, K = 9. The mixed saddle at α_A = 0.4871 has a
        // label below the smallest double and terms whose exponents reach 1.77e13; its residual 0.0258 is within their
        // round-off 8ε·|L| = 0.0315, and the verdict names it, and only it.
        var c = new RealisticPair(705.0116840000001, 700, 605.2071237585851 / Math.Sqrt(705.0116840000001 * 700), 59, 0.5662253, 9, PairCase.Inter);
        var set = FixedPointSolver.Find(c.Model);
        var p = Assert.Single(set.Points, q => q.Residual > FixedPointOptions.LoosestTolerance);
        Assert.Equal(0.4871229444, p.AlphaA, 9);
        double exponents = PairTerms.At(c.Model, p.AlphaA, p.AlphaB, p.Ell).LargestExponent;
        Assert.InRange(exponents, 1e13, 1e14);
        Assert.True(p.Residual <= 8 * 2.220446049250313e-16 * exponents);
        var problem = Assert.Single(set.Completeness.Problems);
        Assert.Contains("not resolved in double precision", problem);
    }

    [Fact]
    public void AWalkHeldAtTheBoundaryByAnAlternatingStepIsReportedAsSuch()
    {
        // n = 66.7, T_r = 0.55, K = 9: left of the stable point at α ≈ 0.9467 the renormalization is off (q < 0), so a
        // memory sliding in from the left is held where q changes sign. The walk's step alternates between two landing
        // points there; it used to run out of steps (NoEnd) because only a single repeated landing was recognized.
        var model = new RealisticPair(731.881, 769.896, 0.518790, 66.671274, 0.551227, 9, PairCase.Inter).Model;
        var (a, b) = SlowFlow.FromTheta(1.6);
        var end = SlowFlow.Run(model, a, b, -0.5);
        Assert.Equal(SlowFlowOutcome.Boundary, end.Outcome);
        double Q(double alpha, double ell) { var d = PairField.Descent(model, alpha, 1 - alpha, ell, DescentParts.Memory); return d.A.Value + d.B.Value; }
        Assert.True(Q(end.AlphaA, end.Ell) < 0, "the renormalization must be off where the walk is held");
        var stable = FixedPointSolver.Find(model).Points.Single(p => p.Stability == Stability.Stable && p.AlphaA > 0.9);
        Assert.True(Q(stable.AlphaA, stable.Ell) > 0 && end.AlphaA < stable.AlphaA);
    }

    /// <summary>∇_ℓ up to a positive factor, from the raw field.</summary>
    static double Push(PairModel m, double a, double b, double ell) => PairField.Descent(m, a, b, ell, DescentParts.FreeLabel).Ell.Value;

    /// <summary>The root of ∇_ℓ nearest ℓ0 at (a, b), by widening a bracket around ℓ0 (NaN if the state is gone).</summary>
    static double TrackRoot(PairModel m, double a, double b, double ell0)
    {
        for (double w = 1e-13 + 1e-9 * Math.Abs(ell0); w < 1e-3; w *= 2)
        {
            double lo = Math.Max(-1, ell0 - w), hi = Math.Min(1, ell0 + w);
            if (Math.Sign(Push(m, a, b, lo)) != Math.Sign(Push(m, a, b, hi)))
                return BracketedRoot.Solve(x => Push(m, a, b, x), lo, hi);
        }
        return double.NaN;
    }

    /// <summary>The loop position θ on the label curve at fixed ℓ, nearest θ0 (NaN if none within 1e-3).</summary>
    static double TrackTheta(PairModel m, double theta0, double ell)
    {
        double P(double t) { var (a, b) = SlowFlow.FromTheta(t); return Push(m, a, b, ell); }
        for (double w = 1e-15; w < 1e-3; w *= 2)
            if (Math.Sign(P(theta0 - w)) != Math.Sign(P(theta0 + w))) return BracketedRoot.Solve(P, theta0 - w, theta0 + w);
        return double.NaN;
    }

    static double LoopVelocity(PairModel m, double theta, double ell)
    {
        var (a, b) = SlowFlow.FromTheta(theta);
        return PairField.MemoryFunction(m, a, b, ell).Value;
    }

    static double PushAt(PairModel m, double theta, double ell)
    {
        var (a, b) = SlowFlow.FromTheta(theta);
        return Push(m, a, b, ell);
    }

    /// <summary>
    /// What the raw flow around a fixed point says, with no Jacobian: with θ̇ = h and ℓ̇ ∝ g = ∇_ℓ, det J = g_ℓ·(dh/dθ)
    /// along the label curve where that curve is a graph over θ, and det J = −g_θ·(dh/dℓ) along it where it runs
    /// across ℓ (at high T and large n the label flips from −1 to 1 within an ulp of α). Only signs of h and g on
    /// either side of the point are used. Returns whether it is a saddle, and (where the label is the fast variable)
    /// whether it is stable.
    /// </summary>
    static (bool Saddle, bool? Stable, string Why) ByFlow(PairModel m, FixedPoint p)
    {
        double theta = SlowFlow.Theta(p.AlphaA, p.AlphaB);
        const double dt = 1e-8;
        if (p.Saturated)
        {
            double h0 = LoopVelocity(m, theta - dt, p.Ell), h1 = LoopVelocity(m, theta + dt, p.Ell);
            Assert.True(Math.Sign(h0) * Math.Sign(h1) < 0, $"no sign change of θ̇ along ℓ = {p.Ell}: {h0}, {h1}");
            return (h0 < 0, h0 > 0, "along the saturated line");
        }
        double d = 1e-13 + 1e-9 * Math.Abs(p.Ell);
        double up = Push(m, p.AlphaA, p.AlphaB, p.Ell + d), down = Push(m, p.AlphaA, p.AlphaB, p.Ell - d);
        (bool Saddle, bool? Stable, string Why)? Graph(double step)
        {
            var (a0, b0) = SlowFlow.FromTheta(theta - step);
            var (a1, b1) = SlowFlow.FromTheta(theta + step);
            double l0 = TrackRoot(m, a0, b0, p.Ell), l1 = TrackRoot(m, a1, b1, p.Ell);
            if (!(Math.Sign(up) * Math.Sign(down) < 0 && double.IsFinite(l0) && double.IsFinite(l1))) return null;
            // The label curve is a graph over θ: the fast direction is ℓ, the slow one runs along the curve.
            bool fastAttracts = up < 0;
            double h0 = LoopVelocity(m, theta - step, l0), h1 = LoopVelocity(m, theta + step, l1);
            Assert.True(Math.Sign(h0) * Math.Sign(h1) < 0, $"no sign change of θ̇ along the label state: {h0}, {h1}");
            bool slowAttracts = h0 > 0;
            return (fastAttracts != slowAttracts, fastAttracts && slowAttracts, $"fast {(fastAttracts ? "attracts" : "repels")}, slow {(slowAttracts ? "attracts" : "repels")}");
        }
        (bool Saddle, bool? Stable, string Why)? Across(double dl)
        {
            // The label curve runs across ℓ here: follow it in ℓ.
            double t0 = TrackTheta(m, theta, p.Ell - dl), t1 = TrackTheta(m, theta, p.Ell + dl);
            if (!double.IsFinite(t0) || !double.IsFinite(t1)) return null;
            double g = Math.Sign(PushAt(m, theta + 1e-12, p.Ell)) - Math.Sign(PushAt(m, theta - 1e-12, p.Ell));
            double dh = LoopVelocity(m, t1, p.Ell + dl) - LoopVelocity(m, t0, p.Ell - dl);
            Assert.True(g != 0 && dh != 0, $"no sign change across the vertical label curve (g_θ {g}, dh {dh})");
            return (-Math.Sign(g) * Math.Sign(dh) < 0, null, "along a label curve that runs across ℓ");
        }
        // The usual probes first (dθ = 1e-8, then dℓ = 1e-6); only where both fail, probes on the point's own scale: a
        // label of 1e-16 whose eigenvalue is 1e34 moves its root by more than itself over dθ = 1e-8.
        if ((Graph(dt) ?? Across(1e-6) ?? Graph(1e-10) ?? Graph(1e-12) ?? Across(1e-3 * Math.Abs(p.Ell)) ?? Across(1e-6 * Math.Abs(p.Ell))) is { } verdict)
            return verdict;
        Assert.Fail("the label curve can be followed neither in θ nor in ℓ");
        return default;
    }

    [Property(MaxTest = 300)]
    public Property EigenvalueSignsAgreeWithTheFlowAroundEachPoint() => Prop.ForAll(RealisticPair.Arbitrary(), c => CheckSigns(c));

    [Fact]
    public void SignsAtASaddleWhoseJacobianIsNearTheTopOfTheDoubleRange()
    {
        // A property case (tools/property-soak.sh): the mixed saddle's label is 1.3e-185, so ∂F/∂u has entries of 2.5e185.
        // The eigen-solver's eigenvalues came out NaN and the stability threw; they are now solved on ∂F/∂u / 2^e.
        double gaa = 664.929708, gbb = 668.039408, gab = 266.5930977332858;
        var c = new RealisticPair(gaa, gbb, Math.Round(gab / Math.Sqrt(gaa * gbb), 6), 12, 0.5884846, 8, PairCase.Inter);
        var saddle = Assert.Single(FixedPointSolver.Find(c.Model).Points, p => p.Stability == Stability.Saddle);
        Assert.True(saddle.Ell is > 0 and < 1e-180, $"the case no longer has its tiny label: ℓ = {saddle.Ell:R}");
        var (spectrum, verdict) = PairProblems.ClosedForm(c.Model, saddle.Branch).Stability([saddle.AlphaA, saddle.Ell], c.N);
        Assert.Equal(Stability.Saddle, verdict);
        // The fast eigenvalue is about −2.5e185 (the trace), the slow one about +7e180 (det/trace): both finite and signed.
        Assert.All(spectrum, e => Assert.True(e.RealPart.Log10 > 180 && double.IsFinite(e.Real), $"eigenvalue {e.Real:R}"));
        Assert.Equal(1, spectrum.Count(e => e.Real > 0));
        CheckSigns(c);
    }

    [Fact]
    public void SignsWhereTheUsualProbesStillDecide() =>
        // A smaller dθ first wrongly found an unstable node here (a saddle); the usual probes come first again.
        CheckSigns(new RealisticPair(719.668, 571.476, Math.Round(194.9229410185466 / Math.Sqrt(719.668 * 571.476), 6), 23.6709, 1.157261, 9, PairCase.Inter));

    [Fact]
    public void SignsAtAPointWhoseLabelIsOnItsOwnTinyScale() =>
        // n = 78.4, T_r = 0.56, K = 9: a stable point with ℓ = 1.2e-16 and a label eigenvalue of 1e34, where probes of
        // dθ = 1e-8 or dℓ = 1e-6 leave the point's scale.
        CheckSigns(new RealisticPair(706.997, 401.521, Math.Round(447.2890578111608 / Math.Sqrt(706.997 * 401.521), 6), 78.415512, 0.561916, 9, PairCase.Inter));

    [Fact]
    public void SignsAtAStiffLabelWhereTheProbeStepIsBelowTheLabelsUlp() =>
        // n = 45.2, T_r = 0.66, K = 6: a label eigenvalue of −2.2e11 at ℓ = 1.5e-5 made the kit's probe step 3.6e-22,
        // below an ulp of ℓ, so the probe did not move the state and its residual decided the sign.
        CheckSigns(new RealisticPair(673.852248, 613.384192, 540.1040163256545 / Math.Sqrt(673.852248 * 613.384192), 45.206602, 0.6560773, 6, PairCase.Inter));

    static void CheckSigns(RealisticPair c)
    {
        var model = c.Model;
        foreach (var p in FixedPointSolver.Find(model).Points)
        {
            var (saddle, stable, why) = ByFlow(model, p);
            Assert.True(saddle == (p.Stability == Stability.Saddle), $"{c}: ({p.AlphaA:R}, {p.AlphaB:R}, {p.Ell:R}) reported {p.Stability}, the flow says {(saddle ? "saddle" : "node")} ({why})");
            // Where the label is at least 100 times faster, the trace has the fast eigenvalue's sign: a node's stability too.
            var mags = p.Spectrum.Select(e => e.Log10Magnitude).OrderBy(x => x).ToArray();
            bool stiff = p.Saturated || mags.Length == 2 && mags[1] - mags[0] >= 2;
            if (!saddle && stiff && stable is { } s)
                Assert.True((p.Stability == Stability.Stable) == s, $"{c}: node ({p.AlphaA:R}, {p.Ell:R}) reported {p.Stability}, the flow says {(s ? "stable" : "unstable")} ({why})");
            // The kit's check, on the closed form with its exact Jacobian: each real eigenvalue's sign is the flow's
            // (inconclusive where the point's double leaves a residual, as at a stiff label, or an eigenvalue vanishes).
            if (!p.Saturated)
                Invariants.EigenvaluesAgreeWithFlow(PairProblems.ClosedForm(model, p.Branch), [p.AlphaA, p.Ell], c.N).ThrowIfViolated();
        }
    }

    [Fact]
    public void AnUndefinedSlopeIsAProblemInTheVerdictNotACrash()
    {
        // n = 1e6, T = 1e300, G_AA = 1e300, G_BB = 1e-300: the memory function's slope came out NaN and Math.Sign threw.
        var model = new PairModel(new GramPair(1e300, -0.027486 * Math.Sqrt(1e300) * Math.Sqrt(1e-300), 1e-300), new NetworkParameters(1e6, 1e300), 1, PairCase.Intra);
        FixedPointSet? set = null;
        try { set = FixedPointSolver.Find(model); }
        catch (BifurcationsException) { return; } // the library's own error is an acceptable answer too
        Assert.All(set.Points, p => Assert.True(double.IsFinite(p.AlphaA) && double.IsFinite(p.Ell)));
        if (set.Completeness.Problems.Any(q => q.Contains("slope is undefined"))) Assert.False(set.Completeness.IsComplete);
    }

    /// <summary>Valid but extreme inputs: any finite positive n and T, any positive semidefinite Gram matrix, K up to 1e5.</summary>
    static Gen<(double N, double T, double Gaa, double Gbb, double Corr, int K, PairCase Case)> Extreme =>
        from n in Gen.Elements(1.0, 1.0000001, 1.5, 80, 1e3, 1e6, 1e9, 1e300).Select(x => x).Or(Gen.Choose(0, 1_000_000).Select(i => Math.Pow(10, 6.0 * i / 1e6)))
        from t in Gen.Elements(1e-300, 1e-10, 1, 700, 1e10, 1e300, 1.7e308).Or(Gen.Choose(0, 1_000_000).Select(i => Math.Pow(10, -300 + 600.0 * i / 1e6)))
        from gaa in Gen.Elements(1e-300, 1e-5, 1, 784, 1e300).Or(Gen.Choose(0, 1_000_000).Select(i => Math.Pow(10, -300 + 600.0 * i / 1e6)))
        from gbb in Gen.Elements(1e-300, 784, 1e300).Or(Gen.Choose(0, 1_000_000).Select(i => Math.Pow(10, -300 + 600.0 * i / 1e6)))
        from corr in Gen.Elements(-1.0, -0.5, 0, 0.3, 0.97, 1).Or(Gen.Choose(-1_000_000, 1_000_000).Select(i => i / 1e6))
        from k in Gen.Elements(1, 2, 10, 1000, 100_000)
        from intra in Gen.Elements(false, true)
        select (n, t, gaa, gbb, corr, k, intra ? PairCase.Intra : PairCase.Inter);

    [Property(MaxTest = 150)]
    public Property ExtremeInputsGiveAnAnswerOrTheLibrarysOwnError() => Prop.ForAll(Extreme.ToArbitrary(), x =>
    {
        PairModel model;
        try { model = new PairModel(new GramPair(x.Gaa, x.Corr * Math.Sqrt(x.Gaa) * Math.Sqrt(x.Gbb), x.Gbb), new NetworkParameters(x.N, x.T), x.K, x.Case); }
        catch (InvalidParameterException) { return; } // e.g. a singular Gram matrix: refused with the library's own error
        foreach (var action in new Action[]
                 {
                     () =>
                     {
                         var set = FixedPointSolver.Find(model);
                         Assert.All(set.Points, p => Assert.True(double.IsFinite(p.AlphaA) && double.IsFinite(p.Ell) && double.IsFinite(p.Residual), $"{x}: non-finite point"));
                     },
                     () => Nullclines.Label(model, ManifoldBranch.Upper, new NullclineOptions(11, 11, 21)),
                     () => Nullclines.Memory(model, ManifoldBranch.Upper, new NullclineOptions(11, 11, 21)),
                     () => SlowFlow.Run(model, 0.6, 0.4, 0.5, new SlowFlowOptions(MaxSteps: 200)),
                     () => Flow.Integrate(model, ManifoldBranch.Upper, 0.6, 0.5, 0.01, 10),
                 })
        {
            try { action(); }
            catch (BifurcationsException) { } // the library's own, one-line error
        }
    });

    [Property(MaxTest = 25)]
    public Property ExtremeInputsThroughTheCliAreOneLineAtMost() => Prop.ForAll(Extreme.ToArbitrary(), x =>
    {
        var dir = Path.Combine(Path.GetTempPath(), "bif-" + Guid.NewGuid().ToString("N"));
        try
        {
            string F(double v) => v.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
            string gram = $"{F(x.Gaa)},{F(x.Corr * Math.Sqrt(x.Gaa) * Math.Sqrt(x.Gbb))},{F(x.Gbb)}";
            string[] common = ["--gram", gram, "--n", F(x.N), "--temp", F(x.T), "--memories", x.K.ToString(), "--case", x.Case == PairCase.Inter ? "inter" : "intra"];
            foreach (string[] args in new string[][]
                     {
                         ["fixed-points", .. common],
                         ["nullclines", .. common, "--out", dir],
                         ["flow", .. common, "--steps", "20", "--duration", "0.01"],
                         // 8 seeds, not 56: this asks for a one-line answer, not a complete diagram (a direct solve at such inputs takes 0.25 s).
                         ["continue", "--gram", gram, "--temp", F(x.T), "--memories", x.K.ToString(), "--n-from", "2", "--n-to", "3", "--seeds", "8", "--out", dir],
                     })
            {
                var (code, _, err) = CliTests.Run(args);
                Assert.True(code is 0 or 1 or 2, $"{string.Join(' ', args)}: exit code {code}");
                Assert.DoesNotContain("   at ", err);
                // Progress lines may precede it; the failure itself is one "error:" line.
                if (code != 0) Assert.Single(err.Split('\n'), l => l.StartsWith("error:"));
            }
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, true);
        }
    });
}
