namespace Bifurcations.Reduced;

/// <summary>
/// The terms of the reduced two-digit field at one point, each on a shared log scale (<see cref="ScaledDual"/>),
/// with the derivative along whichever input was seeded. Nothing here underflows: at T_r = 0.55 the saturated
/// labels' error terms are e^{−4m·x^n} ≈ 10^{−1000} and the mixed saddle's ℓ is as small, yet the ratios the
/// dynamics and the convergence tests need stay exact. The same field as <see cref="PairField"/> (tests check
/// they agree wherever doubles suffice), taken apart so that each equation can be judged against the size of
/// its own terms (docs/reduced-model.md, "Scaled residuals").
/// <list type="bullet">
/// <item>∇_A = x_A^{n−1}(ℓ·e_A + k·s_A), ∇_B = x_B^{n−1}(±ℓ·e_B + k·s_B): the memory's descent coefficients,
/// the ℓ-part and the saturated-label part (k = 4 inter, 9 intra) kept apart in <see cref="FreeA"/> etc.</item>
/// <item>∇_ℓ = T_A ± T_B with T = e·x^n, and ∇_γ = −(s_A x_A^n + s_B x_B^n).</item>
/// <item><see cref="Balance"/> φ = log T_A − log T_B: the label equation in the form that is well scaled at
/// every temperature (inter case, both digits above threshold).</item>
/// </list>
/// </summary>
internal readonly record struct PairTerms(
    ScaledDual Ell, ScaledDual FreeUnitA, ScaledDual SaturatedA, ScaledDual FreeUnitB, ScaledDual SaturatedB,
    ScaledDual LabelA, ScaledDual LabelB, ScaledDual GammaA, ScaledDual GammaB,
    Dual Balance, bool ActiveA, bool ActiveB, double SignB, ScaledDual AlphaA, ScaledDual AlphaB, double BalanceScale = 1)
{
    /// <summary>Largest log x^n any digit may reach before the field leaves double range.</summary>
    public const double MaxLogPower = 690;

    /// <summary>The largest exponent n the reduced field is evaluated at.</summary>
    public const double MaxExponent = 1e6;

    /// <summary>The ℓ-part of ∇_A, ℓ·e_A·x_A^{n−1}.</summary>
    public ScaledDual FreeA => Ell * FreeUnitA;

    /// <summary>The ℓ-part of ∇_B, ±ℓ·e_B·x_B^{n−1}.</summary>
    public ScaledDual FreeB => Ell * FreeUnitB;

    public ScaledDual GradA => FreeA + SaturatedA;
    public ScaledDual GradB => FreeB + SaturatedB;

    /// <summary>∇_ℓ, the free label's descent.</summary>
    public ScaledDual GradEll => LabelA + SignB * LabelB;

    /// <summary>∇_γ, the descent of the labels held at −1 (≤ 0).</summary>
    public ScaledDual GradGamma => -(GammaA + GammaB);

    /// <summary>Whether the label equation has the balance form (inter case, both digits above threshold).</summary>
    public bool Balanced => ActiveA && ActiveB && SignB < 0;

    /// <summary>The numerator of the memory-nullcline function: ∇_A·α_B − α_A·∇_B.</summary>
    public ScaledDual MemoryNumerator => AlphaB * GradA - AlphaA * GradB;

    /// <summary>h = (∇_A α_B − α_A ∇_B)/(|∇_A| + |∇_B|); on the manifold sign(α_B)·α̇ where the renormalization acts.</summary>
    public ScaledDual MemoryFunction
    {
        get
        {
            var norm = ScaledDual.Abs(GradA) + ScaledDual.Abs(GradB);
            return norm.IsZero ? ScaledDual.Zero : MemoryNumerator / norm;
        }
    }

    /// <summary>q = sign(α_A)∇_A + sign(α_B)∇_B: the renormalization acts where q &gt; 0.</summary>
    public ScaledDual RadialPush => Math.Sign(AlphaA.Value) * GradA + Math.Sign(AlphaB.Value) * GradB;

    /// <summary>The normalized label velocity ∇_ℓ / max(|∇_ℓ|, |∇_γ|) (before clipping at ℓ = ±1).</summary>
    public ScaledDual LabelVelocity
    {
        get
        {
            var norm = ScaledDual.Max(ScaledDual.Abs(GradEll), ScaledDual.Abs(GradGamma));
            return norm.IsZero ? ScaledDual.Zero : GradEll / norm;
        }
    }

    /// <summary>
    /// The memory equation in scaled form, ∇_A α_B − α_A ∇_B over the sum of the magnitudes of its terms: smooth inside a
    /// chart (the signs of α_A, α_B and ℓ fixed), in [−1, 1], and ±1 where one side is absent. The continuation's residual.
    /// </summary>
    public ScaledDual ScaledMemory
    {
        get
        {
            var scale = ScaledDual.Abs(AlphaB) * (ScaledDual.Abs(FreeA) + ScaledDual.Abs(SaturatedA))
                        + ScaledDual.Abs(AlphaA) * (ScaledDual.Abs(FreeB) + ScaledDual.Abs(SaturatedB));
            return scale.IsZero ? ScaledDual.Zero : MemoryNumerator / scale;
        }
    }

    /// <summary>
    /// The memory equation's scaled residual: |∇_A α_B − α_A ∇_B| over the sum of the magnitudes of its four
    /// terms. 0 at a root, 1 where one side is absent, ~1e-16 for a root to the last bit.
    /// </summary>
    public double MemoryResidual
    {
        get
        {
            var scale = ScaledDual.Abs(AlphaB) * (ScaledDual.Abs(FreeA) + ScaledDual.Abs(SaturatedA))
                        + ScaledDual.Abs(AlphaA) * (ScaledDual.Abs(FreeB) + ScaledDual.Abs(SaturatedB));
            return scale.IsZero ? 0 : Math.Abs((MemoryNumerator / scale).ToDouble());
        }
    }

    /// <summary>The largest |L| of the terms carried here as e^L (at least 1): what <see cref="PrecisionFloor"/> scales with.</summary>
    public double LargestExponent
    {
        get
        {
            double largest = 1;
            foreach (var t in new[] { Ell, FreeUnitA, SaturatedA, FreeUnitB, SaturatedB, LabelA, LabelB })
                if (!t.IsZero) largest = Math.Max(largest, Math.Abs(t.Exponent));
            return largest;
        }
    }

    /// <summary>
    /// The smallest scaled residual double precision can promise here: a term e^L carried in log form is exact only
    /// to |L|·ε relative (at T_r = 0.55 the saturated labels' term has L ~ −10^7, so ~1e-9).
    /// </summary>
    public double PrecisionFloor => 8 * 2.220446049250313e-16 * LargestExponent;

    /// <summary>The label equation's scaled residual |∇_ℓ|/(T_A + T_B) = |tanh(φ/2)|; 0 where no digit is above threshold.</summary>
    public double LabelResidual
    {
        get
        {
            var scale = LabelA + LabelB;
            return scale.IsZero ? 0 : Math.Abs((GradEll / scale).ToDouble());
        }
    }

    /// <summary>The terms at (α_A, α_B, ℓ); the derivative is along whichever of the inputs carries one.</summary>
    public static PairTerms At(PairModel model, Dual alphaA, Dual alphaB, EllInput ell) => At(model, alphaA, alphaB, ell, default);

    /// <summary>
    /// The terms with the derivative along a model parameter (<paramref name="seed"/> holds the derivatives of n, m,
    /// log T_eff and the Gram entries with respect to it); α and ℓ must then carry no derivative.
    /// </summary>
    public static PairTerms At(PairModel model, Dual alphaA, Dual alphaB, EllInput ell, PairSeed seed) =>
        At(model, alphaA, alphaB, ScaledDual.From(alphaA), ScaledDual.From(alphaB), ell, seed);

    /// <summary>
    /// The terms at a memory whose coefficients are given on a log scale (a pure memory's small coefficient may lie below
    /// the double range, e.g. α_A = 10^−400): they enter the memory equation exactly, and the overlaps as doubles (where
    /// such a coefficient only adds a term far below the other's last bit).
    /// </summary>
    public static PairTerms At(PairModel model, ScaledDual alphaA, ScaledDual alphaB, EllInput ell, PairSeed seed = default) =>
        At(model, new Dual(alphaA.ToDouble(), alphaA.DerivativeToDouble()), new Dual(alphaB.ToDouble(), alphaB.DerivativeToDouble()), alphaA, alphaB, ell, seed);

    static PairTerms At(PairModel model, Dual alphaA, Dual alphaB, ScaledDual scaledA, ScaledDual scaledB, EllInput ell, PairSeed seed)
    {
        var g = model.Gram;
        var n = new Dual(model.Exponent, seed.Exponent);
        var m = new Dual(model.CostExponent, seed.CostExponent);
        double k = model.Case == PairCase.Inter ? 4 : 9; // 8 saturated labels against 2 free ones, or 9 against 1
        double signB = model.Case == PairCase.Inter ? -1 : 1;
        var ellScaled = ell.Scaled;
        var logT = new Dual(Math.Log(model.EffectiveTemperature), seed.LogTemperature);
        Dual gAA = new(g.AA, seed.GramAA), gAB = new(g.AB, seed.GramAB), gBB = new(g.BB, seed.GramBB);
        var a = Digit(alphaA * gAA + alphaB * gAB, +1);
        var b = Digit(alphaA * gAB + alphaB * gBB, signB);
        // φ = (e_A − e_B) + n·(log h_A − log h_B): T cancels, so φ stays finite where both x^n underflow.
        var balance = a.Active && b.Active ? a.LogError - b.LogError + n * (a.LogOverlap - b.LogOverlap) : default;
        // The size of φ's terms: φ is known to ε times this, whatever the temperature.
        double balanceScale = a.Active && b.Active
            ? 1 + Math.Abs(a.LogError.Value) + Math.Abs(b.LogError.Value) + n.Value * (Math.Abs(a.LogOverlap.Value) + Math.Abs(b.LogOverlap.Value))
            : 1;
        return new PairTerms(ellScaled, a.Free, a.Saturated, b.Free, b.Saturated, a.Label, b.Label, a.Gamma, b.Gamma,
            balance, a.Active, b.Active, signB, scaledA, scaledB, balanceScale);

        (bool Active, ScaledDual Free, ScaledDual Saturated, ScaledDual Label, ScaledDual Gamma, Dual LogError, Dual LogOverlap) Digit(Dual overlap, double sign)
        {
            if (!(overlap.Value > 0)) return (false, ScaledDual.Zero, ScaledDual.Zero, ScaledDual.Zero, ScaledDual.Zero, default, default);
            var logOverlap = Dual.Log(overlap);
            var logX = logOverlap - logT;                      // log x (x = overlap/T itself may underflow)
            var logPower = n * logX;                           // log x^n
            if (logPower.Value > MaxLogPower) throw PowerOverflow(model, logPower.Value);
            var e = PairField.LogErrorTerm(sign * ell.TimesExp(logPower), m);   // log[(1 ∓ o)^{2m−1}(1 − o²)]
            var s = PairField.LogErrorTerm(Dual.Exp(logPower), m);              // log[(1 + g)^{2m−1}(1 − g²)]
            var free = ScaledDual.Exp(e + (n - 1) * logX, sign);
            var saturated = k * ScaledDual.Exp(s + (n - 1) * logX);
            return (true, free, saturated, ScaledDual.Exp(e + logPower), ScaledDual.Exp(s + logPower), e, logOverlap);
        }
    }

    /// <summary>
    /// The label on the memory nullcline at (α_A, α_B) when it is small: the memory equation is linear in ℓ
    /// but for the weak dependence of e_A, e_B on ℓ·x^n, ℓ = −Q/P with P = α_B·e_A·x_A^{n−1} ∓ α_A·e_B·x_B^{n−1}
    /// and Q = k(α_B·s_A·x_A^{n−1} − α_A·s_B·x_B^{n−1}); iterated from ℓ = 0 in log form, so that a label of
    /// 10^{−400} comes out as its sign and log. Null if the iteration does not settle (ℓ·x^n not small).
    /// </summary>
    public static (double Sign, double Log)? SmallMemoryEll(PairModel model, double alphaA, double alphaB)
    {
        EllInput ell = 0.0;
        double sign = 0, log = double.NaN;
        for (int it = 0; it < 60; it++)
        {
            var terms = At(model, alphaA, alphaB, ell);
            var p = alphaB * terms.FreeUnitA - alphaA * terms.FreeUnitB;
            var q = alphaB * terms.SaturatedA - alphaA * terms.SaturatedB;
            if (q.IsZero) return (0, double.NegativeInfinity);
            if (p.IsZero) return null;
            double nextSign = -Math.Sign(q.Value) * Math.Sign(p.Value), nextLog = q.LogAbs - p.LogAbs;
            if (!(nextLog <= 0)) return null; // |ℓ| > 1: not the small root
            bool settled = nextSign == sign && Math.Abs(nextLog - log) <= 1e-15 * Math.Max(1, Math.Abs(nextLog));
            (sign, log) = (nextSign, nextLog);
            if (settled) return (sign, log);
            ell = EllInput.FromLog(sign, log);
        }
        return null;
    }

    /// <summary>The terms at a point (α, ℓ) of a manifold branch, derivatives along α or ℓ as seeded.</summary>
    public static PairTerms OnManifold(PairModel model, Dual alpha, EllInput ell, ManifoldBranch branch) =>
        At(model, alpha, branch == ManifoldBranch.Upper ? 1 - Dual.Abs(alpha) : Dual.Abs(alpha) - 1, ell);

    static NumericalException PowerOverflow(PairModel model, double logPower)
    {
        string size = double.IsFinite(logPower) ? FormattableString.Invariant($"10^{logPower / Math.Log(10):F0}") : "more than 10^(10^308)";
        return new(FormattableString.Invariant(
            $"x^n reaches {size} at n = {model.Exponent:G6}, T = {model.Temperature:G6} (T_eff = {model.EffectiveTemperature:G6}): beyond double precision (the reduced field is defined for x^n < 10^{MaxLogPower / Math.Log(10):F0}; the toolkit's realistic range is n ≤ 80, T_r ≥ 0.55)"));
    }

    /// <summary>Throws the overflow error up front if x^n can leave the double range anywhere on the manifold.</summary>
    public static void EnsureRepresentable(PairModel model)
    {
        // n·log x and its derivatives must stay finite: beyond n ~ 1e6 the derivatives of x^n along α overflow.
        if (model.Exponent > MaxExponent)
            throw new NumericalException(FormattableString.Invariant(
                $"n = {model.Exponent:G6} is beyond what the reduced field can evaluate in double precision (n ≤ {MaxExponent:G3}; the toolkit's realistic range is n ≤ 80)"));
        var g = model.Gram;
        // log x_max = log max|G| − log T + log(K)/n: in logs, so that no quotient overflows first.
        double logLargest = Math.Log(Math.Max(Math.Max(g.AA, g.BB), Math.Abs(g.AB))) - Math.Log(model.Temperature) + Math.Log(model.Memories) / model.Exponent;
        double logPower = model.Exponent * logLargest;
        if (!(logPower <= MaxLogPower)) throw PowerOverflow(model, logPower);
    }
}
