using System.Globalization;
using Bifurcations.Continuation;
using Bifurcations.Linearization;

namespace Bifurcations.Reduced;

/// <summary>How a piece holds the label: free (its log is a coordinate), held at its clip, or sunk below the double range.</summary>
internal enum PairLabelMode { Free, Saturated, Vanishing, Linear }

/// <summary>
/// The fixed points of the reduced pair system as a continuation problem, one piece of its atlas at a time
/// (docs/continuation.md, "The pair system's atlas"). A piece is a chart of the manifold (<see cref="ManifoldChart"/>:
/// r = |α_A| near α_A = 0, r = |α_B| near a vertex, each written with the signs of α_A and α_B fixed so that it is
/// smooth) and a label mode. The chart's coordinate is y with r = exp(2·sinh y): a pure memory's small coefficient
/// (10^−400 at low temperature) is then as well resolved as a mixture's, and the memory equation is carried on a log
/// scale (<see cref="PairTerms"/>). Label modes:
/// <list type="bullet">
/// <item>free, of sign σ: state (c, v) with ℓ = σ·exp(2·sinh v). The label of a fixed point ranges from 10^−(10^10) to
/// 1; v spaces that range evenly in relative terms near |ℓ| ~ 1 and in log-log terms below, so one step moves the
/// label a bounded fraction of its own scale. Residual: the memory equation in scaled form and the balance φ over the
/// size of its terms.</item>
/// <item>saturated at ℓ = ±1: state (c), residual the memory equation.</item>
/// </list>
/// Events hand the branch on: the chart's ends (α_A or α_B through 0, and the overlap of the middle and vertex charts at
/// |α_A| = 0.52 / 0.48), the label reaching or leaving its clip, ℓ passing through 0; the renormalization ceasing to act
/// ends a branch, and so does a digit's overlap crossing 0 while the label is free.
/// </summary>
internal sealed class PairBranchProblem : ITwoParameterProblem, IEquatable<PairBranchProblem>
{
    /// <summary>Where the middle and vertex charts hand over (|α_A| = 0.52 one way, 0.48 the other: no ping-pong).</summary>
    const double Handover = 0.52;
    /// <summary>ℓ = σ·exp(LogScale·sinh v).</summary>
    const double LogScale = 2;
    /// <summary>ℓ has passed through 0 when its part of the memory equation is this many e-folds below the saturated part.</summary>
    const double ZeroCrossingDepth = 25;

    public PairModel Base { get; }
    public PairParameter Parameter { get; }
    public ManifoldChart Chart { get; }
    public PairLabelMode Label { get; }
    /// <summary>The label held at its clip ℓ = σ.</summary>
    public bool Saturated => Label == PairLabelMode.Saturated;
    /// <summary>σ: the sign of ℓ (free) or the clip ℓ = σ (saturated).</summary>
    public double EllSign { get; }

    /// <summary>The second parameter, when a fold is followed in two (<see cref="FoldProblem"/>).</summary>
    public PairParameter? Second { get; }

    public PairBranchProblem(PairModel model, PairParameter parameter, ManifoldChart chart, PairLabelMode label, double ellSign, PairParameter? second = null)
    {
        // σ means nothing where ℓ itself is the coordinate or has dropped out: fixed at 1 there, so that equal pieces compare equal.
        (Base, Parameter, Chart, Label, EllSign, Second) = (model, parameter, chart, label,
            label is PairLabelMode.Linear or PairLabelMode.Vanishing || ellSign >= 0 ? 1 : -1, second);
        ParameterScale = parameter.Scale(model);
    }

    /// <summary>The same piece, with a second parameter to follow folds in.</summary>
    public PairBranchProblem WithSecondParameter(PairParameter second) => new(Base, Parameter, Chart, Label, EllSign, second);

    PairParameter SecondOrThrow => Second ?? throw new InvalidOperationException("this piece has no second parameter");
    public string SecondParameterName => SecondOrThrow.Name;
    public double SecondParameter => SecondOrThrow.ValueOf(Base);
    public double SecondParameterScale => SecondOrThrow.Scale(Base);
    public object PieceKey => (Chart, Label, EllSign);

    public ITwoParameterProblem? WithSecond(double q)
    {
        var second = SecondOrThrow;
        if (!second.IsValid(Base, q)) return null;
        try { return new PairBranchProblem(second.At(Base, q), Parameter, Chart, Label, EllSign, second); }
        catch (InvalidParameterException) { return null; }
    }

    public int Dimension => Label is PairLabelMode.Free or PairLabelMode.Linear ? 2 : 1;
    public string ParameterName => Parameter.Name;
    public double ParameterScale { get; }

    static readonly (string Name, PairEvent Kind)[] FreeEvents = [("chart start", PairEvent.ChartChange), ("chart end", PairEvent.ChartChange), ("renormalization", PairEvent.Renormalization), ("overlap A", PairEvent.OverlapKink), ("overlap B", PairEvent.OverlapKink), ("label clip", PairEvent.LabelClip), ("label zero", PairEvent.LabelScale), ("label sinks", PairEvent.LabelScale), ("label scale grows", PairEvent.LabelScale), (Pure, PairEvent.PureDigit)];
    static readonly (string Name, PairEvent Kind)[] SaturatedEvents = [("chart start", PairEvent.ChartChange), ("chart end", PairEvent.ChartChange), ("renormalization", PairEvent.Renormalization), ("overlap A", PairEvent.OverlapKink), ("overlap B", PairEvent.OverlapKink), ("label release", PairEvent.LabelClip), (Pure, PairEvent.PureDigit)];
    static readonly (string Name, PairEvent Kind)[] VanishingEvents = [("chart start", PairEvent.ChartChange), ("chart end", PairEvent.ChartChange), ("renormalization", PairEvent.Renormalization), ("overlap A", PairEvent.OverlapKink), ("overlap B", PairEvent.OverlapKink), ("label grows", PairEvent.LabelScale), (Pure, PairEvent.PureDigit)];
    static readonly (string Name, PairEvent Kind)[] LinearEvents = [("chart start", PairEvent.ChartChange), ("chart end", PairEvent.ChartChange), ("renormalization", PairEvent.Renormalization), ("overlap A", PairEvent.OverlapKink), ("overlap B", PairEvent.OverlapKink), ("label clip", PairEvent.LabelClip), ("label scale shrinks", PairEvent.LabelScale), (Pure, PairEvent.PureDigit)];

    /// <summary>
    /// The small coefficient may sink towards 0 without ever reaching it as the parameter tends to a limit (a memory that
    /// becomes a pure digit at that limit): the branch ends where it is below e^−10^12 (its log then carries only 4 digits), i.e. y below this.
    /// </summary>
    const string Pure = "pure memory";
    static readonly double PureDepth = Math.Asinh(-1e12 / LogScale);
    public IReadOnlyList<string> EventNames => Label switch
    {
        PairLabelMode.Free => FreeNames,
        PairLabelMode.Saturated => SaturatedNames,
        PairLabelMode.Linear => LinearNames,
        _ => VanishingNames,
    };

    // The names once per label mode: EventNames is read at every step of a continuation.
    static readonly string[] FreeNames = [.. FreeEvents.Select(e => e.Name)], SaturatedNames = [.. SaturatedEvents.Select(e => e.Name)],
        VanishingNames = [.. VanishingEvents.Select(e => e.Name)], LinearNames = [.. LinearEvents.Select(e => e.Name)];

    /// <summary>What each event of <see cref="EventNames"/> means in the model, declared beside its name.</summary>
    internal PairEvent EventKind(int index) => EventTable[index].Kind;

    (string Name, PairEvent Kind)[] EventTable => Label switch
    {
        PairLabelMode.Free => FreeEvents,
        PairLabelMode.Saturated => SaturatedEvents,
        PairLabelMode.Linear => LinearEvents,
        _ => VanishingEvents,
    };

    double BranchSign => Chart.Branch == ManifoldBranch.Upper ? 1 : -1;

    /// <summary>r = |α_A| (middle chart) or |α_B| (vertex chart) at y.</summary>
    public static double Radius(double y) => Math.Exp(LogScale * Math.Sinh(y));

    /// <summary>y at r.</summary>
    public static double FromRadius(double r) => Math.Asinh(Math.Log(r) / LogScale);

    /// <summary>(α_A, α_B) at y on a log scale, carrying d/dy if <paramref name="seeded"/>; written without |·|, so the piece is smooth.</summary>
    (ScaledDual A, ScaledDual B) Alphas(double y, bool seeded = false)
    {
        var r = ScaledDual.Exp(new Dual(LogScale * Math.Sinh(y), seeded ? LogScale * Math.Cosh(y) : 0));
        var rest = ScaledDual.From(1) - r;
        return Chart.NearVertex ? (Chart.Side * rest, BranchSign * r) : (Chart.Side * r, BranchSign * rest);
    }

    /// <summary>The chart's linear coordinate (α_A in the middle, |α_B| at a vertex), signed zero where r underflows.</summary>
    double Linear(double y) => Chart.NearVertex ? Radius(y) : Chart.Side * Radius(y);

    /// <summary>log|ℓ| at v.</summary>
    public static double LogEll(double v) => LogScale * Math.Sinh(v);

    /// <summary>v at log|ℓ|.</summary>
    public static double FromLogEll(double logEll) => Math.Asinh(logEll / LogScale);

    EllInput Ell(ReadOnlySpan<double> u, bool seeded = false) => Label switch
    {
        PairLabelMode.Saturated => EllSign,
        PairLabelMode.Vanishing => 0.0,
        PairLabelMode.Linear => EllInput.Plain(new Dual(u[1], seeded ? 1 : 0)),
        _ => EllInput.FromLog(EllSign, new Dual(LogEll(u[1]), seeded ? LogScale * Math.Cosh(u[1]) : 0)),
    };

    /// <summary>ℓ at a solution: the coordinate's, or for a vanished label the one its memory equation asks for (0 if undetermined).</summary>
    EllInput EllOf(PairModel model, ReadOnlySpan<double> u) =>
        Label != PairLabelMode.Vanishing ? Ell(u) : VanishingEll(model, u[0]) is { } v ? EllInput.FromLog(v.Sign, v.Log) : 0.0;

    PairModel? ModelAt(double p)
    {
        if (!Parameter.IsValid(Base, p)) return null;
        try { return Parameter.At(Base, p); } catch (InvalidParameterException) { return null; }
    }

    public bool Evaluate(ReadOnlySpan<double> u, double p, Span<double> f, double[,] jacobian)
    {
        var model = ModelAt(p);
        if (model is null) return false;
        try
        {
            var (a0, b0) = Alphas(u[0]);
            var (aY, bY) = Alphas(u[0], seeded: true);
            var byC = PairTerms.At(model, aY, bY, Ell(u));
            var byP = PairTerms.At(model, a0, b0, Ell(u), Parameter.Seed(model));
            if (Saturated)
            {
                var form = FormAt(byC);
                double scale = Scale(byC, form);
                (f[0], jacobian[0, 0]) = Memory(byC, form, scale);
                jacobian[0, 1] = Memory(byP, form, scale).Derivative;
                return true;
            }
            if (!byC.Balanced) return false; // a free label needs both digits above threshold (the relu event ends the branch first)
            if (Label == PairLabelMode.Vanishing)
            {
                f[0] = byC.Balance.Value / byC.BalanceScale;
                jacobian[0, 0] = byC.Balance.Derivative / byC.BalanceScale;
                jacobian[0, 1] = byP.Balance.Derivative / byC.BalanceScale;
                return true;
            }
            var byV = PairTerms.At(model, a0, b0, Ell(u, seeded: true));
            f[1] = byC.Balance.Value / byC.BalanceScale;
            jacobian[1, 0] = byC.Balance.Derivative / byC.BalanceScale;
            jacobian[1, 1] = byV.Balance.Derivative / byC.BalanceScale;
            jacobian[1, 2] = byP.Balance.Derivative / byC.BalanceScale;
            var memoryForm = FormAt(byC);
            double memoryScale = Scale(byC, memoryForm);
            (f[0], jacobian[0, 0]) = Memory(byC, memoryForm, memoryScale);
            jacobian[0, 1] = Memory(byV, memoryForm, memoryScale).Derivative;
            jacobian[0, 2] = Memory(byP, memoryForm, memoryScale).Derivative;
            return true;
        }
        catch (NumericalException) { return false; }
    }

    /// <summary>
    /// The form the memory equation is written in here: ℓ's part against the saturated part (linear in log|ℓ|) for a free
    /// label in its log chart, else the terms grouped by sign, else the plain form; with ℓ itself as the coordinate only
    /// the plain form is smooth through ℓ = 0. The choice depends on signs only, so it does not flip between nearby
    /// evaluations (a fold curve differentiates the Jacobian). Evaluate and ResidualFloor both read it from here.
    /// </summary>
    MemoryForm FormAt(PairTerms t) =>
        Label == PairLabelMode.Linear ? MemoryForm.Plain
        : !Saturated && Sides(t, MemoryForm.Label) is not null ? MemoryForm.Label
        : Sides(t, MemoryForm.Signs) is not null ? MemoryForm.Signs : MemoryForm.Plain;

    /// <summary>How the memory equation is written (docs/continuation.md, "The memory equation in log form").</summary>
    enum MemoryForm
    {
        /// <summary>(∇_A α_B − α_A ∇_B) over the sum of its terms' magnitudes.</summary>
        Plain,
        /// <summary>log Σ₊ − log Σ₋ over the four terms grouped by sign.</summary>
        Signs,
        /// <summary>log of ℓ's part against log of the saturated labels' part (they balance at a root).</summary>
        Label,
    }

    /// <summary>
    /// The two sides that balance at a root, as positive numbers (the first is the side whose growth makes the plain form
    /// grow). The numerator α_B∇_A − α_A∇_B is the sum of four terms, α_B·ℓe_A·x_A^{n−1}, α_B·k·s_A·x_A^{n−1},
    /// −α_A·(±ℓ)e_B·x_B^{n−1} and −α_A·k·s_B·x_B^{n−1}, whose signs are fixed inside a piece (the chart fixes those of α_A and
    /// α_B, the label mode that of ℓ). <see cref="MemoryForm.Signs"/> groups them by sign: each side is a sum without
    /// cancellation, linear in the log of whichever small coefficient dominates it (a pure memory's 10^−400). 
    /// <see cref="MemoryForm.Label"/> sets ℓ's two terms against the other two: exactly linear in log|ℓ|, which a free
    /// label of 10^−(10^11) needs. Null if the form does not apply here (its sides are not of opposite signs).
    /// </summary>
    static (ScaledDual Positive, ScaledDual Negative)? Sides(PairTerms t, MemoryForm form)
    {
        ScaledDual positive = ScaledDual.Zero, negative = ScaledDual.Zero;
        if (form == MemoryForm.Signs)
        {
            foreach (var term in new[] { t.AlphaB * t.FreeA, t.AlphaB * t.SaturatedA, -(t.AlphaA * t.FreeB), -(t.AlphaA * t.SaturatedB) })
            {
                if (term.Value > 0) positive += term;
                else if (term.Value < 0) negative -= term;
            }
        }
        else
        {
            var label = t.AlphaB * t.FreeA - t.AlphaA * t.FreeB;
            var saturated = t.AlphaB * t.SaturatedA - t.AlphaA * t.SaturatedB;
            if (label.Value > 0 && saturated.Value < 0) (positive, negative) = (label, -saturated);
            else if (label.Value < 0 && saturated.Value > 0) (positive, negative) = (saturated, -label);
        }
        if (positive.IsZero || negative.IsZero || !double.IsFinite(positive.LogAbs) || !double.IsFinite(negative.LogAbs)) return null;
        return (positive, negative);
    }

    /// <summary>
    /// The round-off of the memory equation in <see cref="MemoryForm.Label"/>: each side, α_B·t_A − α_A·t_B, is known to
    /// δ·(|α_B·t_A| + |α_A·t_B|), with δ the terms' own relative precision, so its log to that over the side's size; the
    /// larger of the two, over the form's scale.
    /// </summary>
    static double LabelFormFloor(PairTerms t, (ScaledDual Positive, ScaledDual Negative) sides)
    {
        static double Relative(ScaledDual first, ScaledDual second)
        {
            var size = ScaledDual.Abs(first) + ScaledDual.Abs(second);
            var difference = ScaledDual.Abs(first - second);
            return difference.IsZero ? double.PositiveInfinity : Math.Exp(Math.Min(700, size.LogAbs - difference.LogAbs));
        }
        double worst = Math.Max(Relative(t.AlphaB * t.FreeA, t.AlphaA * t.FreeB), Relative(t.AlphaB * t.SaturatedA, t.AlphaA * t.SaturatedB));
        // Each term is itself known only to its own precision (its exponent's round-off, PrecisionFloor), not to ε.
        return Math.Max(16 * 2.220446049250313e-16, t.PrecisionFloor) * worst / Scale(sides);
    }

    /// <summary>1 + (|log Σ₊| + |log Σ₋|)/2, so that the log forms are relative; fixed at the unseeded evaluation (the same for every derivative).</summary>
    static double Scale(PairTerms t, MemoryForm form) =>
        form != MemoryForm.Plain && Sides(t, form) is { } s ? Scale(s) : 1;

    static double Scale((ScaledDual Positive, ScaledDual Negative) s) => 1 + 0.5 * (Math.Abs(s.Positive.LogAbs) + Math.Abs(s.Negative.LogAbs));

    /// <summary>
    /// The memory equation in the given form and its derivative along whichever input <paramref name="t"/> carries one.
    /// Every form increases with Σ₊/Σ₋ and vanishes at the same points, so a change of form between two evaluations
    /// scales the row by a positive factor and leaves the tangent, folds and branch points alone.
    /// </summary>
    static (double Value, double Derivative) Memory(PairTerms t, MemoryForm form, double scale)
    {
        if (form == MemoryForm.Plain || Sides(t, form) is not { } sides)
        {
            var m = t.ScaledMemory;
            return (m.ToDouble(), m.DerivativeToDouble());
        }
        var (p, q) = sides;
        return ((p.LogAbs - q.LogAbs) / scale, (p.Derivative / p.Value - q.Derivative / q.Value) / scale);
    }

    /// <summary>|sin| of the angle between two rows (0 where one vanishes).</summary>
    static double Sine(double a1, double a2, double b1, double b2)
    {
        double na = Math.Sqrt(a1 * a1 + a2 * a2), nb = Math.Sqrt(b1 * b1 + b2 * b2);
        double sine = na > 0 && nb > 0 ? Math.Abs(a1 * b2 - a2 * b1) / (na * nb) : 0;
        return double.IsFinite(sine) ? sine : 0;
    }

    public double ResidualFloor(ReadOnlySpan<double> u, double p)
    {
        var model = ModelAt(p);
        if (model is null) return 0;
        try
        {
            var (a, b) = Alphas(u[0]);
            var terms = PairTerms.At(model, a, b, Ell(u));
            // In log form each residual is relative (its terms' logs carry round-off in proportion to their size); the plain
            // form is exact only to the round-off of its largest exponent.
            if (Label == PairLabelMode.Vanishing) return 16 * 2.220446049250313e-16;
            // The form Evaluate writes the memory equation in. The label form's two sides are each a difference of two
            // terms: near a symmetric pair (G_AA ≈ G_BB, α ≈ ½) they cancel, and their logs are then only as exact as that
            // cancellation allows, far above 16ε.
            return FormAt(terms) switch
            {
                MemoryForm.Label => LabelFormFloor(terms, Sides(terms, MemoryForm.Label)!.Value),
                MemoryForm.Signs => 16 * 2.220446049250313e-16,
                _ => terms.PrecisionFloor,
            };
        }
        catch (NumericalException) { return 0; }
    }

    public (Eigenvalue[] Spectrum, Stability Stability) Stability(ReadOnlySpan<double> u, double p)
    {
        var model = ModelAt(p) ?? throw new InvalidOperationException($"{Parameter.Name} = {p} left the domain at a converged point");
        var (spectrum, stability) = FixedPointLinearization.At(model, Chart, Linear(u[0]), EllOf(model, u), Saturated);
        return (spectrum.Values, stability);
    }

    public void Events(ReadOnlySpan<double> u, double p, Span<double> g)
    {
        g[1] = Handover - Radius(u[0]);
        g[^1] = u[0] - PureDepth;
        var model = ModelAt(p);
        if (model is null) { g.Fill(double.NaN); return; }
        var (sa, sb) = Alphas(u[0]);
        var terms = PairTerms.At(model, sa, sb, EllOf(model, u));
        // The small coefficient passes through 0 where its own descent ∇ (∇_A in the middle, ∇_B at a vertex) vanishes: the
        // depth of the cancellation between that ∇'s two terms, −∞ as r → 0 through a crossing, large where r → 0 without one.
        var (grad, free, sat) = Chart.NearVertex ? (terms.GradB, terms.FreeB, terms.SaturatedB) : (terms.GradA, terms.FreeA, terms.SaturatedA);
        var size = ScaledDual.Abs(free) + ScaledDual.Abs(sat);
        g[0] = size.IsZero ? 1 : grad.LogAbs - size.LogAbs + ZeroCrossingDepth;
        double a = sa.ToDouble(), b = sb.ToDouble();
        var norm = ScaledDual.Abs(terms.GradA) + ScaledDual.Abs(terms.GradB);
        g[2] = norm.IsZero ? 0 : (terms.RadialPush / norm).ToDouble();
        var gram = model.Gram;
        double gramSize = Math.Sqrt(gram.AA * gram.BB);
        g[3] = (a * gram.AA + b * gram.AB) / gramSize;
        g[4] = (a * gram.AB + b * gram.BB) / gramSize;
        if (Label == PairLabelMode.Vanishing)
        {
            // ℓ stays negligible while ℓ·x^n is far below the double resolution of the label's error terms.
            // …and while the ℓ the memory equation asks for stays inside the clip.
            g[5] = VanishingEll(model, u[0]) is { } v ? Math.Min(VanishingDepth + VanishingHysteresis - (v.Log + LogPowerMax(model, a, b)), -v.Log) : 1;
            return;
        }
        if (Label == PairLabelMode.Linear)
        {
            g[5] = 1 - Math.Abs(u[1]);
            g[6] = LogLabelScale(terms) - LinearFloor;
            return;
        }
        if (Saturated)
        {
            // The clip holds while the label's flow pushes outward: σ·∇_ℓ > 0, i.e. σ·tanh(φ/2) > 0 in the balance form.
            g[5] = terms.Balanced ? EllSign * Math.Tanh(0.5 * terms.Balance.Value) : EllSign * Math.Sign(terms.GradEll.Value);
            return;
        }
        g[5] = -LogEll(u[1]);
        // ℓ's part of the memory equation against the saturated labels' part: −∞ as ℓ passes through 0.
        var freePart = ScaledDual.Abs(sb) * ScaledDual.Abs(terms.FreeA) + ScaledDual.Abs(sa) * ScaledDual.Abs(terms.FreeB);
        var saturatedPart = ScaledDual.Abs(sb) * ScaledDual.Abs(terms.SaturatedA) + ScaledDual.Abs(sa) * ScaledDual.Abs(terms.SaturatedB);
        g[6] = saturatedPart.IsZero ? 1 : freePart.LogAbs - saturatedPart.LogAbs + ZeroCrossingDepth;
        g[7] = LogEll(u[1]) + LogPowerMax(model, a, b) - VanishingDepth;
        g[8] = LinearFloor + LinearHysteresis - LogLabelScale(terms);
    }

    /// <summary>
    /// log of the label's natural scale, |S|/|P| from the sizes of the saturated labels' terms S and of ℓ's terms per unit ℓ
    /// P: the size of the ℓ that balances the memory equation. Where it is ≥ 1e-9 the label is resolved with ℓ itself as
    /// the coordinate (absolute precision suffices); below, only its log resolves it.
    /// </summary>
    static double LogLabelScale(PairTerms t)
    {
        var saturated = ScaledDual.Abs(t.AlphaB) * ScaledDual.Abs(t.SaturatedA) + ScaledDual.Abs(t.AlphaA) * ScaledDual.Abs(t.SaturatedB);
        var perEll = ScaledDual.Abs(t.AlphaB) * ScaledDual.Abs(t.FreeUnitA) + ScaledDual.Abs(t.AlphaA) * ScaledDual.Abs(t.FreeUnitB);
        return saturated.IsZero || perEll.IsZero ? double.NegativeInfinity : saturated.LogAbs - perEll.LogAbs;
    }

    /// <summary>ln 1e-9: below this label scale the linear coordinate gives way to the log.</summary>
    const double LinearFloor = -20.72326583694641;
    /// <summary>The log coordinate gives way back only 2 e-folds above (no ping-pong).</summary>
    const double LinearHysteresis = 2;

    public EventOutcome OnEvent(int i, ReadOnlySpan<double> u, double p, ReadOnlySpan<double> tangent)
    {
        if (i == EventNames.Count - 1)
            return new EventOutcome.EndBranch(BranchEndReason.LeftDomain, FormattableString.Invariant(
                $"the memory has become digit {(Chart.NearVertex ? "A" : "B")} to any precision (the other coefficient is below e^−10^12) as {ParameterName} tends to {p:G10}"));
        int m = Dimension;
        double[] Hint(params double[] v) => v;
        switch (i)
        {
            case 0:
            {
                if (tangent[0] >= 0) return new EventOutcome.Pass(); // moving away from the crossing
                // The small coefficient has vanished to double precision against its terms: the memory goes on across α_A = 0
                // (middle) or α_B = 0 (a vertex, onto the other half of the manifold), from the same |r|.
                var next = Chart.NearVertex
                    ? With(new ManifoldChart(Chart.Branch == ManifoldBranch.Upper ? ManifoldBranch.Lower : ManifoldBranch.Upper, true, Chart.Side))
                    : With(new ManifoldChart(Chart.Branch, false, -Chart.Side));
                string what = Chart.NearVertex ? "α_B passes through 0 (the memory crosses a vertex)" : "α_A passes through 0";
                return new EventOutcome.Switch(next, u.ToArray(), what, Inward(m, 1), Recorded: true);
            }
            case 1:
            {
                // The middle and vertex charts overlap: hand over with the tangent carried into the new coordinate
                // (r' = 1 − r, and dr = r·20·cosh y·dy).
                var next = With(new ManifoldChart(Chart.Branch, !Chart.NearVertex, Chart.Side));
                double r = Radius(u[0]), r2 = 1 - r;
                var state = u.ToArray();
                state[0] = FromRadius(r2);
                var hint = tangent.ToArray();
                hint[0] = -r * Math.Cosh(u[0]) / (r2 * Math.Cosh(state[0])) * tangent[0];
                return new EventOutcome.Switch(next, state, "change of chart", hint, Recorded: false);
            }
            case 2:
                return new EventOutcome.EndBranch(BranchEndReason.LeftDomain, "the renormalization stops acting (q = 0): beyond it the zero of h is no fixed point");
            case 3 or 4:
            {
                string what = $"digit {(i == 3 ? "A" : "B")}'s overlap crosses 0 (relu kink)";
                return Saturated ? new EventOutcome.Report(what) : new EventOutcome.EndBranch(BranchEndReason.NonSmooth, what);
            }
            case 5 when Label == PairLabelMode.Vanishing:
            {
                var model = ModelAt(p);
                if (model is null || VanishingEll(model, u[0]) is not { } v) return new EventOutcome.Pass();
                if (v.Log >= -1e-9)
                {
                    var clipped = new PairBranchProblem(Base, Parameter, Chart, PairLabelMode.Saturated, v.Sign, Second);
                    return new EventOutcome.Switch(clipped, [u[0]], $"the label reaches its clip ℓ = {v.Sign:+0;-0}", Hint(tangent[0], tangent[1]), InsideEvent: 5);
                }
                // ℓ itself as the coordinate where the label's scale allows it, its log otherwise.
                var (sa, sb) = Alphas(u[0]);
                if (LogLabelScale(PairTerms.At(model, sa, sb, 0.0)) > LinearFloor + LinearHysteresis / 2)
                    return new EventOutcome.Switch(new PairBranchProblem(Base, Parameter, Chart, PairLabelMode.Linear, 1, Second),
                        [u[0], v.Sign * Math.Exp(v.Log)], "the label grows out of the double range", null, Recorded: false);
                var next = new PairBranchProblem(Base, Parameter, Chart, PairLabelMode.Free, v.Sign, Second);
                return new EventOutcome.Switch(next, [u[0], FromLogEll(v.Log)], "the label grows out of the double range", null, Recorded: false);
            }
            case 5 when Label == PairLabelMode.Linear:
            {
                var clipped = new PairBranchProblem(Base, Parameter, Chart, PairLabelMode.Saturated, Math.Sign(u[1]), Second);
                return new EventOutcome.Switch(clipped, [u[0]], $"the label reaches its clip ℓ = {Math.Sign(u[1]):+0;-0}", Hint(tangent[0], tangent[2]), InsideEvent: 5);
            }
            case 5 when Saturated:
            {
                var next = new PairBranchProblem(Base, Parameter, Chart, PairLabelMode.Free, EllSign, Second);
                return new EventOutcome.Switch(next, [u[0], 0], $"the label leaves its clip ℓ = {EllSign:+0;-0}", Hint(0, -1, 0), InsideEvent: 5);
            }
            case 5:
            {
                var next = new PairBranchProblem(Base, Parameter, Chart, PairLabelMode.Saturated, EllSign, Second);
                return new EventOutcome.Switch(next, [u[0]], $"the label reaches its clip ℓ = {EllSign:+0;-0}", Hint(tangent[0], tangent[2]), InsideEvent: 5);
            }
            case 6 when Label == PairLabelMode.Linear:
            {
                // The label's scale sinks below what ℓ itself resolves: its log takes over (or, at ℓ = 0 exactly, ℓ drops out).
                if (u[1] == 0)
                    return new EventOutcome.Switch(new PairBranchProblem(Base, Parameter, Chart, PairLabelMode.Vanishing, 1, Second), [u[0]],
                        "change of label coordinate", Hint(tangent[0], tangent[2]), Recorded: false);
                var logChart = new PairBranchProblem(Base, Parameter, Chart, PairLabelMode.Free, Math.Sign(u[1]), Second);
                double v = FromLogEll(Math.Log(Math.Abs(u[1])));
                return new EventOutcome.Switch(logChart, [u[0], v], "change of label coordinate",
                    Hint(tangent[0], tangent[1] / (u[1] * LogScale * Math.Cosh(v)), tangent[2]), Recorded: false); // dℓ = ℓ·dlog|ℓ|
            }
            case 8:
            {
                // The label's scale has grown back: ℓ itself is the better coordinate (and passes through 0 smoothly).
                double ell = EllSign * Math.Exp(LogEll(u[1]));
                var linear = new PairBranchProblem(Base, Parameter, Chart, PairLabelMode.Linear, EllSign, Second);
                return new EventOutcome.Switch(linear, [u[0], ell], "change of label coordinate",
                    Hint(tangent[0], tangent[1] * ell * LogScale * Math.Cosh(u[1]), tangent[2]), Recorded: false);
            }
            case 7:
            {
                var next = new PairBranchProblem(Base, Parameter, Chart, PairLabelMode.Vanishing, EllSign, Second);
                return new EventOutcome.Switch(next, [u[0]], "the label sinks below the double range", Hint(tangent[0], tangent[2]), Recorded: false);
            }
            default:
            {
                if (tangent[1] >= 0) return new EventOutcome.Pass(); // moving away from ℓ = 0
                // ℓ has vanished to double precision against its terms: go on with the other sign from the same |ℓ|.
                var next = new PairBranchProblem(Base, Parameter, Chart, PairLabelMode.Free, -EllSign, Second);
                return new EventOutcome.Switch(next, u.ToArray(), "ℓ passes through 0", Hint(0, 1, 0), Recorded: false);
            }
        }
    }

    static double[] Inward(int m, double direction)
    {
        var h = new double[m + 1];
        h[0] = direction;
        return h;
    }

    PairBranchProblem With(ManifoldChart chart) => new(Base, Parameter, chart, Label, EllSign, Second);

    /// <summary>
    /// Where a free label has sunk so far below the double range that it no longer moves its own equation (ℓ·x^n below
    /// e^−40), the two equations fix α alone and ℓ only through a difference below round-off: the corrector cannot work
    /// there, and the piece with ℓ ≈ 0 takes over (α from the label equation, ℓ from the memory equation afterwards).
    /// </summary>
    public EventOutcome.Switch? Recoordinate(ReadOnlySpan<double> u, double p, ReadOnlySpan<double> tangent)
    {
        if (Label == PairLabelMode.Linear)
        {
            // A label that sinks towards 0 beside terms it cannot resolve: go on with its log as the coordinate.
            if (u[1] == 0) return null;
            var logChart = new PairBranchProblem(Base, Parameter, Chart, PairLabelMode.Free, Math.Sign(u[1]), Second);
            return new EventOutcome.Switch(logChart, [u[0], FromLogEll(Math.Log(Math.Abs(u[1])))], "change of label coordinate", null, Recorded: false);
        }
        if (Label != PairLabelMode.Free) return null;
        var model = ModelAt(p);
        if (model is null) return null;
        var (a, b) = Alphas(u[0]);
        if (LogEll(u[1]) + LogPowerMax(model, a.ToDouble(), b.ToDouble()) > VanishingDepth) return null;
        var next = new PairBranchProblem(Base, Parameter, Chart, PairLabelMode.Vanishing, EllSign, Second);
        return new EventOutcome.Switch(next, [u[0]], "the label sinks below the double range", [tangent[0], tangent[2]], Recorded: false);
    }

    /// <summary>ℓ·x^n below e^this leaves the label's error terms unchanged in double precision.</summary>
    const double VanishingDepth = -40;
    /// <summary>A vanished label comes back as a coordinate only once ℓ·x^n is this many e-folds above the depth (no ping-pong).</summary>
    const double VanishingHysteresis = 10;

    /// <summary>log max(x_A^n, x_B^n) at (α_A, α_B).</summary>
    static double LogPowerMax(PairModel model, double a, double b)
    {
        var g = model.Gram;
        double hA = a * g.AA + b * g.AB, hB = a * g.AB + b * g.BB, logT = Math.Log(model.EffectiveTemperature);
        double la = hA > 0 ? model.Exponent * (Math.Log(hA) - logT) : double.NegativeInfinity;
        double lb = hB > 0 ? model.Exponent * (Math.Log(hB) - logT) : double.NegativeInfinity;
        return Math.Max(la, lb);
    }

    /// <summary>
    /// The label that solves the memory equation when ℓ is negligible elsewhere: ℓ = −S/P with P the free part per unit ℓ
    /// and S the saturated part, as a sign and log (null where P or S vanishes).
    /// </summary>
    (double Sign, double Log)? VanishingEll(PairModel model, double y)
    {
        var (a, b) = Alphas(y);
        var t = PairTerms.At(model, a, b, 0.0);
        var perEll = t.AlphaB * t.FreeUnitA - t.AlphaA * t.FreeUnitB;
        var saturated = t.AlphaB * t.SaturatedA - t.AlphaA * t.SaturatedB;
        if (perEll.IsZero || saturated.IsZero) return null;
        // S is a difference of two terms; where they cancel to round-off, ℓ is not determined at all (any tiny ℓ balances it).
        var size = ScaledDual.Abs(t.AlphaB * t.SaturatedA) + ScaledDual.Abs(t.AlphaA * t.SaturatedB);
        if (saturated.LogAbs - size.LogAbs < Math.Log(1e-12)) return null;
        return (-Math.Sign(saturated.Value) * Math.Sign(perEll.Value), saturated.LogAbs - perEll.LogAbs);
    }

    /// <summary>The fixed point a state names: α_A, α_B, ℓ (0 below the double range), log10|ℓ|, and whether ℓ is clipped.</summary>
    public (double AlphaA, double AlphaB, double Ell, double EllLog10, bool Saturated) Describe(ReadOnlySpan<double> u, double p)
    {
        var (sa, sb) = Alphas(u[0]);
        double a = sa.ToDouble(), b = sb.ToDouble();
        if (Saturated) return (a, b, EllSign, 0, true);
        if (Label == PairLabelMode.Linear) return (a, b, u[1], Math.Log10(Math.Abs(u[1])), false);
        if (Label == PairLabelMode.Vanishing)
        {
            var model = ModelAt(p);
            var v = model is null ? null : VanishingEll(model, u[0]);
            return v is { } e ? (a, b, e.Sign * Math.Exp(e.Log), e.Log / Math.Log(10), false) : (a, b, 0, double.NegativeInfinity, false);
        }
        double log = LogEll(u[1]);
        return (a, b, EllSign * Math.Exp(log), log / Math.Log(10), false);
    }

    /// <summary>
    /// Whether a solution of this piece is a fixed point of the dynamics: the renormalization acts, and the label's
    /// condition holds (held at its clip while its flow pushes outward; inside (−1, 1) while free).
    /// </summary>
    public bool Holds(ReadOnlySpan<double> u, double p)
    {
        var g = new double[EventNames.Count];
        Events(u, p, g);
        if (!(g[2] >= 0)) return false;
        return Label switch
        {
            PairLabelMode.Saturated => g[5] >= -1e-9,
            PairLabelMode.Free => g[5] >= -1e-9,
            PairLabelMode.Linear => g[5] >= -1e-9,
            _ => true,
        };
    }

    /// <summary>The piece and state of a fixed point found by the direct solver (a coefficient that underflowed starts at the smallest double).</summary>
    public static (PairBranchProblem Problem, double[] State) For(PairModel model, PairParameter parameter, FixedPoint point, double p)
    {
        var at = parameter.At(model, p);
        bool vertex = Math.Abs(point.AlphaA) > 0.5;
        double side = point.AlphaA < 0 || double.IsNegative(point.AlphaA) ? -1 : 1;
        var chart = new ManifoldChart(point.Branch, vertex, side);
        double r = vertex ? Math.Abs(point.AlphaB) : Math.Abs(point.AlphaA);
        double sign = point.Saturated ? Math.Sign(point.Ell) : point.Ell != 0 ? Math.Sign(point.Ell) : double.IsNegative(point.Ell) ? -1 : 1;
        double logEll = point.Saturated ? 0 : point.EllLog10 is { } l10 ? l10 * Math.Log(10) : Math.Log(Math.Abs(point.Ell));
        // ℓ itself is the coordinate wherever the label's scale allows (a symmetric pair's mixture stays at ℓ = 0 exactly);
        // its log where the scale is below 1e-9, and neither where ℓ·x^n has sunk below double resolution.
        double scale = point.Saturated ? 0 : LogLabelScale(PairTerms.At(at, point.AlphaA, point.AlphaB, 0.0));
        var mode = point.Saturated ? PairLabelMode.Saturated
            : (point.Ell != 0 || point.EllLog10 is null) && scale > LinearFloor + LinearHysteresis / 2 ? PairLabelMode.Linear
            : point.Ell == 0 && point.EllLog10 is null ? PairLabelMode.Linear
            : logEll + LogPowerMax(at, point.AlphaA, point.AlphaB) < VanishingDepth ? PairLabelMode.Vanishing : PairLabelMode.Free;
        double y = r > 0 ? FromRadius(r) : UnderflowGuess(at, point, vertex);
        double[] state = mode switch { PairLabelMode.Free => [y, FromLogEll(logEll)], PairLabelMode.Linear => [y, point.Ell], _ => [y] };
        var problem = new PairBranchProblem(model, parameter, chart, mode, sign);
        if (r == 0)
        {
            // The coefficient underflowed to a signed zero, whose sign need not be the root's: the root lies on whichever
            // side of 0 its terms balance, i.e. where the equations nearly hold at the guess. Terms of both signs are not
            // enough: at G = (495.3, 536.5, 742.5), G_BB = 620.4, both sides had them, and only α_B < 0 had a root
            // (residual 2e-5 at the guess, against 1.97 on the side the zero's sign named, which never balances).
            var other = vertex
                ? new ManifoldChart(chart.Branch == ManifoldBranch.Upper ? ManifoldBranch.Lower : ManifoldBranch.Upper, true, side)
                : new ManifoldChart(chart.Branch, false, -side);
            var alternative = new PairBranchProblem(model, parameter, other, mode, sign);
            bool here = problem.CanBalance(at, y), there = alternative.CanBalance(at, y);
            if (!here || there && alternative.ResidualAt(state, p) < problem.ResidualAt(state, p)) problem = alternative;
        }
        return (problem, state);
    }

    /// <summary>max|F| at (u, p), +∞ where the piece is undefined there.</summary>
    double ResidualAt(double[] u, double p)
    {
        var f = new double[Dimension];
        var jacobian = new double[Dimension, Dimension + 1];
        return Evaluate(u, p, f, jacobian) && f.All(double.IsFinite) ? f.Max(Math.Abs) : double.PositiveInfinity;
    }

    /// <summary>Whether the memory equation's terms have both signs at y (a root is possible in this piece).</summary>
    bool CanBalance(PairModel model, double y)
    {
        var (a, b) = Alphas(y);
        var terms = PairTerms.At(model, a, b, Label == PairLabelMode.Saturated ? EllSign : Label is PairLabelMode.Vanishing or PairLabelMode.Linear ? 0.0 : EllInput.FromLog(EllSign, 0.0));
        return Sides(terms, MemoryForm.Signs) is not null;
    }

    /// <summary>
    /// y for a coefficient below the double range (the direct solver reports it as 0): the memory equation with the other
    /// coefficient at ±1 gives |small| = |∇_small / ∇_large| in log form.
    /// </summary>
    static double UnderflowGuess(PairModel model, FixedPoint point, bool vertex)
    {
        EllInput ell = point.Saturated ? Math.Sign(point.Ell)
            : EllInput.FromLog(point.Ell != 0 ? Math.Sign(point.Ell) : double.IsNegative(point.Ell) ? -1 : 1, (point.EllLog10 ?? Math.Log10(Math.Abs(point.Ell))) * Math.Log(10));
        var t = PairTerms.At(model, point.AlphaA, point.AlphaB, ell);
        double log = vertex ? t.GradB.LogAbs - t.GradA.LogAbs : t.GradA.LogAbs - t.GradB.LogAbs;
        return double.IsFinite(log) ? Math.Asinh(Math.Min(log, Math.Log(double.Epsilon)) / LogScale) : FromRadius(double.Epsilon);
    }

    public bool Equals(PairBranchProblem? other) => other is not null && Base.Equals(other.Base) && Parameter.Equals(other.Parameter)
        && Chart.Equals(other.Chart) && Label == other.Label && EllSign == other.EllSign && Equals(Second, other.Second);
    public override bool Equals(object? obj) => obj is PairBranchProblem p && Equals(p);
    public override int GetHashCode() => HashCode.Combine(Parameter, Chart, Label, EllSign);

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Chart.Branch.ToString().ToLowerInvariant()} branch, {(Chart.NearVertex ? $"vertex chart (α_A ≈ {Chart.Side:+0;-0})" : $"middle chart (α_A {(Chart.Side > 0 ? "≥" : "≤")} 0)")}, {Label switch { PairLabelMode.Saturated => $"ℓ clipped at {EllSign:+0;-0}", PairLabelMode.Vanishing => "ℓ below the double range", PairLabelMode.Linear => "free ℓ (linear coordinate)", _ => $"free ℓ {(EllSign > 0 ? "> 0" : "< 0")}" }}");
}
