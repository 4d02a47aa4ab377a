using Bifurcations.Model;

namespace Bifurcations.Reduced;

/// <summary>One row of the transition-line comparison: T_c(n) three ways.</summary>
/// <param name="N">The exponent n.</param>
/// <param name="ClosedForm">The closed form of docs/transition-line.md.</param>
/// <param name="Criterion">The criterion the formula encodes, solved by root-finding on the cost (must equal the closed form).</param>
/// <param name="EqualCost">The exact equal-cost line: full cost of the mixture = full cost of a memory equal to one sample.</param>
public sealed record TransitionRow(double N, double ClosedForm, double Criterion, double? EqualCost)
{
    /// <summary>(equal-cost line − closed form) / closed form, where the equal-cost line exists.</summary>
    public double? RelativeGap => EqualCost is { } e ? (e - ClosedForm) / ClosedForm : null;
}

/// <summary>
/// The feature-to-prototype transition line (docs/transition-line.md, paper Fig. 6). A single memory trained on two
/// samples A, A′ either mixes them (M = (A + A′)/2, a "feature") or becomes one of them (a
/// "prototype"). The line is where the two cost the same. Its closed form,
/// T_c(n) = (G_AA + G_AA′) / (2 · atanh(1 − (1/2)^(1/(2n)))^(1/n)),
/// encodes an idealized cost: only the true-class score counts; the mixture has overlap
/// x_m = (G_AA + G_AA′)/(2T) with both samples (taking ⟨A′|A′⟩ = ⟨A|A⟩), so it costs 2(1 − tanh(x_m^n))^(2n);
/// the single digit recognizes its own sample perfectly and the other not at all, which costs exactly 1.
/// See docs/transition-line.md.
/// </summary>
public static class TransitionLine
{
    /// <summary>The closed form T_c(n) = (G_AA + G_AB) / (2 atanh(1 − 2^(−1/(2n)))^(1/n)).</summary>
    public static double Temperature(double gaa, double gab, double n)
    {
        if (!(n > 0)) throw new InvalidParameterException($"exponent n = {n} is invalid: n must be > 0");
        double x = Math.Atanh(1 - Math.Pow(0.5, 1 / (2 * n)));
        return (gaa + gab) / (2 * Math.Pow(x, 1 / n));
    }

    /// <summary>
    /// The inverse of the closed form: the n in [<paramref name="from"/>, <paramref name="to"/>] where T_c(n) equals
    /// <paramref name="temperature"/>, or null when T_c does not cross it there (T_c decreases with n).
    /// </summary>
    public static double? ExponentAt(double gaa, double gab, double temperature, double from, double to)
    {
        if (!(temperature > 0) || !double.IsFinite(temperature)) throw new InvalidParameterException($"temperature {temperature} is invalid: it must be finite and > 0");
        if (!(from > 0 && to >= from) || !double.IsFinite(to)) throw new InvalidParameterException($"the n range [{from}, {to}] is reversed or not above 0");
        double Excess(double n) => Temperature(gaa, gab, n) - temperature;
        if (Math.Sign(Excess(from)) * Math.Sign(Excess(to)) > 0) return null;
        if (to == from) return from; // a one-point range (a phase sweep of one n) where T_c(n) = T exactly
        return BracketedRoot.Solve(Excess, from, to);
    }

    /// <summary>(n, T_c/784) for n from <paramref name="from"/> to <paramref name="to"/>.</summary>
    public static IReadOnlyList<(double N, double ReducedTemperature)> Reduced(GramPair g, double from, double to, int points = 200) =>
        Enumerable.Range(0, points).Select(i => from + (to - from) * i / (points - 1))
            .Select(n => (n, Temperature(g.AA, g.AB, n) / NetworkParameters.PixelCount)).ToArray();

    /// <summary>
    /// Criterion (a) by root-finding, no closed form: the idealized cost of the mixture,
    /// 2·(1 − tanh(x_m^n))^(2n) with (1 − tanh) formed as 2/(1 + e^{2u}), equals the single digit's 1.
    /// </summary>
    public static double Criterion(double gaa, double gab, double n)
    {
        double Excess(double t)
        {
            double u = Math.Pow((gaa + gab) / (2 * t), n);
            double oneMinus = 2 / (1 + Math.Exp(2 * u));
            return Math.Log(2) + 2 * n * Math.Log(oneMinus); // log of the mixture's cost; 0 at equality
        }
        var (lo, hi) = Bracket(Excess, (gaa + gab) / 2);
        return BracketedRoot.Solve(Excess, lo, hi);
    }

    /// <summary>
    /// Line (b): the temperature where the full cost (docs/model.md) of the mixture (α = ½, ½) equals that of a
    /// memory equal to sample A, for one memory with labels +1 on the class and −1 elsewhere (intra), or
    /// labels ±1 on the two classes (inter); null where the two costs do not cross in T ∈ [50, 20000].
    /// </summary>
    public static double? EqualCost(GramPair g, double n, PairCase pairCase = PairCase.Intra)
    {
        var labels = Enumerable.Repeat(-1.0, NetworkState.Classes).ToArray();
        labels[1] = 1;
        int classB = pairCase == PairCase.Intra ? 1 : 4;
        double Difference(double t)
        {
            var system = new SpanSystem(g.Matrix, [1, classB], new NetworkParameters(Math.Max(1, n), t));
            double mix = system.Cost([SpanMemory.Of([0.5, 0.5], labels)]);
            double single = system.Cost([SpanMemory.Of([1, 0], labels)]);
            return mix - single;
        }
        // Scan T downward on a log grid for the highest crossing (at low T both costs vanish to 0 and their
        // difference carries no sign), then solve it (Brent, to the last bit).
        // At very high T both costs also saturate (every score ≈ 0) and the difference is exactly 0 there too.
        double hi = 20000, fhi = Difference(hi);
        bool seen = fhi != 0;
        for (int k = 1; k <= 600; k++)
        {
            double t = hi * Math.Pow(50 / 20000.0, 1.0 / 600), ft = Difference(t);
            if (ft != 0 && fhi != 0 && Math.Sign(ft) != Math.Sign(fhi))
                return BracketedRoot.Solve(Difference, t, hi);
            if (ft == 0 && seen) break;
            seen |= ft != 0;
            hi = t; fhi = ft;
        }
        return null;
    }

    /// <summary>The three lines at each n.</summary>
    public static IReadOnlyList<TransitionRow> Compare(GramPair g, IEnumerable<double> ns, PairCase pairCase = PairCase.Intra) =>
        ns.Select(n => new TransitionRow(n, Temperature(g.AA, g.AB, n), Criterion(g.AA, g.AB, n), EqualCost(g, n, pairCase))).ToArray();

    static (double Lo, double Hi) Bracket(Func<double, double> f, double scale)
    {
        double lo = scale * 0.01, hi = scale * 100;
        if (f(lo) * f(hi) > 0) throw new NumericalException($"transition criterion: no sign change between T = {lo} and {hi}");
        return (lo, hi);
    }
}
