namespace Bifurcations.Reduced;

public enum Stability { Stable, Saddle, Unstable }

/// <summary>
/// A fixed point of the reduced (α, ℓ) system. <see cref="Eigenvalues"/> are the real parts of the
/// Jacobian's eigenvalues (imaginary parts in <see cref="EigenvaluesImaginary"/>). A point whose label is
/// held at ℓ = ±1 by clipping is <see cref="Saturated"/>: there ℓ cannot move, and the one eigenvalue
/// reported is ∂α̇/∂α. <see cref="Residual"/> is max |f| of the 2-D field at the point.
/// </summary>
public sealed record FixedPoint(double AlphaA, double AlphaB, double Ell, Stability Stability, double[] Eigenvalues,
    double[] EigenvaluesImaginary, bool Saturated, ManifoldBranch Branch, double Residual);
