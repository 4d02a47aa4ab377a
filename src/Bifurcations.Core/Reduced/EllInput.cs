namespace Bifurcations.Reduced;

/// <summary>
/// The free label ℓ as the field's terms need it: either a plain (dual) number, or a sign and log|ℓ| for
/// labels below the smallest double (the mixed saddle's ℓ at low temperature is e^{−4m·x^n}, e.g.
/// 10^{−400}). In the log form derivatives are taken with respect to log|ℓ|.
/// </summary>
internal readonly struct EllInput
{
    readonly Dual _plain;
    readonly Dual _log;

    /// <summary>+1, −1 or 0.</summary>
    public double Sign { get; }
    public bool IsLog { get; }

    EllInput(Dual plain, Dual log, double sign, bool isLog) => (_plain, _log, Sign, IsLog) = (plain, log, sign, isLog);

    public static EllInput Plain(Dual ell) => new(ell, default, Math.Sign(ell.Value), false);

    /// <summary>ℓ = sign·e^{log}.</summary>
    public static EllInput FromLog(double sign, Dual log) => new(default, log, Math.Sign(sign), true);

    public static implicit operator EllInput(double ell) => Plain(ell);

    /// <summary>ℓ itself, with its derivative, on a shared log scale.</summary>
    public ScaledDual Scaled => IsLog ? ScaledDual.Exp(_log, Sign) : ScaledDual.From(_plain);

    /// <summary>ℓ·e^{logX}, the label's argument u = ℓ·x^n (it may underflow to 0: then tanh u = u = 0 to double precision).</summary>
    public Dual TimesExp(Dual logX) => IsLog ? Sign * Dual.Exp(_log + logX) : _plain * Dual.Exp(logX);

    /// <summary>ℓ as a double (0 below the double range).</summary>
    public double Value => IsLog ? Sign * Math.Exp(_log.Value) : _plain.Value;

    /// <summary>log|ℓ| (−∞ for ℓ = 0).</summary>
    public double LogAbs => IsLog ? _log.Value : Math.Log(Math.Abs(_plain.Value));
}
