using Bifurcations.Linearization;
namespace Bifurcations.Reduced;

/// <summary>Where a label state sits: a root of the label equation inside (−1, 1), or held at ℓ = ±1 by clipping.</summary>
internal enum LabelStateKind { Free, Top, Bottom }

/// <summary>An equilibrium of the label dynamics at fixed α: ℓ, how it is held, and whether the label flows into it.</summary>
internal readonly record struct LabelState(double Ell, LabelStateKind Kind, bool Attracting)
{
    public bool Saturated => Kind != LabelStateKind.Free;
}

/// <summary>
/// All equilibria of the label dynamics ℓ̇ ∝ ∇_ℓ at a fixed α: the roots of ∇_ℓ in (−1, 1) and the ends
/// ℓ = ±1 where the flow pushes outward. They alternate attracting / repelling from ℓ = −1 to 1, the first
/// and last attracting, and there may be 1, 3 or 5 of them: ∇_ℓ is not monotone in ℓ, because a label
/// pushed far from its target saturates tanh and its error stops pulling (at low T_r the label is
/// balanced at ℓ ≈ −1.6e-3 while ℓ = +1 also holds, with a repelling root between).
/// <para>
/// Roots are found on the balance φ(ℓ) = log T_A − log T_B = L(ℓX_A) − L(−ℓX_B) + n log(x_A/x_B), with
/// X = x^n and L(u) = log[(1 − tanh u)^{2m}(1 + tanh u)]: it is smooth and well scaled at every
/// temperature, whereas ∇_ℓ itself ranges over thousands of decades. L bends only where |u| ~ 1, so φ is
/// monotone outside |ℓ| ∈ [1/(16·X_max), 16/X_min]; that range is sampled at ratios of 2 and each sign change
/// is solved by Brent to the last bit (docs/reduced-model.md, "Label states").
/// </para>
/// </summary>
internal static class LabelStates
{
    public static LabelState[] At(PairModel model, double alpha, ManifoldBranch branch) => At(model, alpha, PairModel.AlphaB(alpha, branch));

    /// <summary>The label states of the memory α_A·A + α_B·B.</summary>
    public static LabelState[] At(PairModel model, double alpha, double alphaB)
    {
        var g = model.Gram;
        double t = model.EffectiveTemperature, n = model.Exponent, m = model.CostExponent;
        double hA = alpha * g.AA + alphaB * g.AB, hB = alpha * g.AB + alphaB * g.BB;
        bool onA = hA > 0, onB = hB > 0;
        if (!onA && !onB) return [];                                       // no digit above threshold: no label dynamics
        if (model.Case == PairCase.Intra || !onB) return [new(1, LabelStateKind.Top, true)];   // ∇_ℓ > 0 for every ℓ
        if (!onA) return [new(-1, LabelStateKind.Bottom, true)];                                // ∇_ℓ < 0 for every ℓ

        // In logs: h/T may underflow at extreme temperatures, and the offset n·log(h_A/h_B) does not need T at all.
        double logT = Math.Log(t), logHA = Math.Log(hA), logHB = Math.Log(hB);
        double logPowerA = n * (logHA - logT), logPowerB = n * (logHB - logT);
        if (Math.Max(logPowerA, logPowerB) > PairTerms.MaxLogPower) PairTerms.EnsureRepresentable(model);
        double xA = Math.Exp(logPowerA), xB = Math.Exp(logPowerB), offset = n * (logHA - logHB);
        double Phi(double ell) => LogError(ell * xA, m) - LogError(-ell * xB, m) + offset;

        var grid = Grid(Math.Max(xA, xB), Math.Min(xA, xB));
        var values = new double[grid.Length];
        for (int i = 0; i < grid.Length; i++) values[i] = Phi(grid[i]);

        var states = new List<LabelState>();
        if (values[0] < 0) states.Add(new(-1, LabelStateKind.Bottom, true));
        for (int i = 0; i < grid.Length; i++)
        {
            if (values[i] == 0)
            {
                // A root on a grid point: attracting if φ falls through it.
                double before = i > 0 ? values[i - 1] : 1, after = i + 1 < grid.Length ? values[i + 1] : -1;
                if (before != 0) states.Add(new(grid[i], LabelStateKind.Free, before > 0 || after < 0));
                continue;
            }
            if (i + 1 < grid.Length && values[i + 1] != 0 && Math.Sign(values[i]) == -Math.Sign(values[i + 1]))
            {
                double root = BracketedRoot.Solve(Phi, grid[i], grid[i + 1]);
                states.Add(new(root, LabelStateKind.Free, values[i] > 0));
            }
        }
        if (values[^1] > 0) states.Add(new(1, LabelStateKind.Top, true));
        return [.. states];
    }

    /// <summary>L(u) = log[(1 − tanh u)^{2m}(1 + tanh u)] = (2m + 1)(log 2 − softplus(2u)) + 2u.</summary>
    internal static double LogError(double u, double m)
    {
        double z = 2 * u;
        double softplus = Math.Max(z, 0) + LogNumber.Log1P(Math.Exp(-Math.Abs(z)));
        return (2 * m + 1) * (0.6931471805599453 - softplus) + z;
    }

    /// <summary>
    /// −1, the negative and positive log-spaced points (ratio 2) over [1/(16·X_max), 16/X_min] clipped to 1,
    /// 0, and 1: φ is monotone between consecutive points except near a fold of the label nullcline.
    /// </summary>
    static double[] Grid(double xMax, double xMin)
    {
        double lo = xMax > 0 ? Math.Min(1, 1 / (16 * xMax)) : 1;
        double hi = xMin > 0 ? Math.Min(1, 16 / xMin) : 1;
        var positive = new List<double>();
        for (double l = lo; l < hi; l *= 2) positive.Add(l);
        positive.Add(hi);
        if (hi < 1) positive.Add(1);
        var grid = new double[2 * positive.Count + 1];
        for (int i = 0; i < positive.Count; i++)
        {
            grid[positive.Count - 1 - i] = -positive[i];
            grid[positive.Count + 1 + i] = positive[i];
        }
        grid[positive.Count] = 0;
        return grid;
    }
}
