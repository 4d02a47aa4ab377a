namespace Bifurcations.Model;

/// <summary>
/// For a score c = tanh(u) and a target t = ±1, the two quantities the cost and its gradient need,
/// computed without cancellation: c − t and 1 − c². Near saturation the literal 1 − tanh(u) loses all
/// its digits (SPEC §9); 1 − tanh u = 2/(1 + e^{2u}) and 1 + tanh u = 2/(1 + e^{−2u}) keep them, and
/// overflow of the exponential gives an exact 0, never NaN.
/// </summary>
public readonly record struct TanhError(double Difference, double OneMinusSquare)
{
    public static TanhError Of(double u, double target)
    {
        double oneMinus = 2.0 / (1.0 + Math.Exp(2.0 * u)); // 1 − tanh u
        double onePlus = 2.0 / (1.0 + Math.Exp(-2.0 * u));  // 1 + tanh u
        double diff = target == 1.0 ? -oneMinus
                    : target == -1.0 ? onePlus
                    : Math.Tanh(u) - target;
        return new TanhError(diff, oneMinus * onePlus);
    }
}
