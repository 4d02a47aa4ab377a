namespace Bifurcations.Model;

/// <summary>The rectified polynomial F_n(x) = x^n for x &gt; 0, 0 otherwise, for real n ≥ 1 (docs/model.md).</summary>
public static class RectifiedPolynomial
{
    /// <summary>F_n(x) = x^n for x &gt; 0, 0 otherwise.</summary>
    public static double F(double x, double n) => x > 0 ? Math.Pow(x, n) : 0.0;

    /// <summary>F_n'(x) = n·x^(n−1) for x &gt; 0, 0 otherwise (n = 1 gives the step function).</summary>
    public static double Derivative(double x, double n) => x > 0 ? n * Math.Pow(x, n - 1) : 0.0;

    /// <summary>Sign-preserving power sign(a)·|a|^p, the "odd" power used for non-integer exponents.</summary>
    public static double SignedPower(double a, double p) =>
        a > 0 ? Math.Pow(a, p) : a < 0 ? -Math.Pow(-a, p) : 0.0;
}
