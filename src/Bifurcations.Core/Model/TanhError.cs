namespace Bifurcations.Model;

/// <summary>
/// For a score c = tanh(u) and a target t = ±1, the two quantities the cost and its gradient need,
/// computed without cancellation: c − t and 1 − c². Near saturation the literal 1 − tanh(u) loses all
/// its digits (docs/model.md, known answers); 1 − tanh u = 2/(1 + e^{2u}) and 1 + tanh u = 2/(1 + e^{−2u}) keep them, and
/// overflow of the exponential gives an exact 0, never NaN.
/// </summary>
public readonly record struct TanhError(double Difference, double OneMinusSquare)
{
    /// <summary>c − t and 1 − c² for c = tanh(<paramref name="u"/>) and the target ±1.</summary>
    public static TanhError Of(double u, double target)
    {
        double oneMinus = 2.0 / (1.0 + Math.Exp(2.0 * u)); // 1 − tanh u
        double onePlus = 2.0 / (1.0 + Math.Exp(-2.0 * u));  // 1 + tanh u
        double diff = target == 1.0 ? -oneMinus
                    : target == -1.0 ? onePlus
                    : Math.Tanh(u) - target;
        return new TanhError(diff, oneMinus * onePlus);
    }

    /// <summary>
    /// The same two quantities from a single exponential: for u ≥ 0, e = e^{−2u} ≤ 1 gives
    /// 1 + tanh u = 2/(1 + e) and 1 − tanh u = 2e/(1 + e), both without cancellation or overflow
    /// (mirror image for u &lt; 0). Agrees with <see cref="Of"/> to a few ulp at half its cost.
    /// </summary>
    public static TanhError Fast(double u, double target)
    {
        double e = Math.Exp(-2.0 * Math.Abs(u));
        double big = 2.0 / (1.0 + e), small = big * e;
        double oneMinus = u >= 0 ? small : big, onePlus = u >= 0 ? big : small;
        double diff = target == 1.0 ? -oneMinus
                    : target == -1.0 ? onePlus
                    : Math.Tanh(u) - target;
        return new TanhError(diff, oneMinus * onePlus);
    }
}
