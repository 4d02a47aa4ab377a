using Bifurcations.Linearization;
namespace Bifurcations.Reduced;

/// <summary>How well a fixed point is resolved in double precision.</summary>
public enum FixedPointStatus
{
    /// <summary>Both equations hold to their scaled tolerance at the reported doubles.</summary>
    Converged,
    /// <summary>
    /// The point is resolved as far as doubles allow: its ℓ lies below the smallest double (reported as 0, with
    /// <see cref="FixedPoint.EllLog10"/>), or the field changes sign between two adjacent doubles of α faster than
    /// its tolerance can be met. The position is exact to the last bit; the residual at that double is not small.
    /// </summary>
    DoubleFloor,
}

/// <summary>
/// A fixed point of the reduced (α, ℓ) system. <see cref="Spectrum"/> holds the Jacobian's eigenvalues by
/// increasing real part; <see cref="Eigenvalues"/> their real parts as doubles (±∞ where one lies beyond the
/// double range: its sign and magnitude are then in <see cref="Eigenvalue.RealPart"/> and
/// <see cref="Eigenvalue.Log10Magnitude"/>). A point whose label is held at ℓ = ±1 by clipping is
/// <see cref="Saturated"/>: ℓ cannot move there, and its one eigenvalue is ∂α̇/∂α. <see cref="Residual"/> is the
/// larger of the two scaled residuals (each equation over the size of its own terms, docs/reduced-model.md);
/// <see cref="EllLog10"/> is log10|ℓ| even where ℓ underflows (null for ℓ = 0 exactly).
/// </summary>
public sealed record FixedPoint(double AlphaA, double AlphaB, double Ell, Stability Stability, Eigenvalue[] Spectrum,
    bool Saturated, ManifoldBranch Branch, double Residual, FixedPointStatus Status = FixedPointStatus.Converged, double? EllLog10 = null)
{
    /// <summary>The eigenvalues' real parts.</summary>
    public double[] Eigenvalues => Spectrum.Select(e => e.Real).ToArray();
    /// <summary>The eigenvalues' imaginary parts.</summary>
    public double[] EigenvaluesImaginary => Spectrum.Select(e => e.Imaginary).ToArray();

    /// <summary>The point's contribution to the index sum: +1 for a node or focus, −1 for a saddle.</summary>
    public int Index => Stability == Stability.Saddle ? -1 : 1;
}
