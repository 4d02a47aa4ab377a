namespace Bifurcations.Linearization;

/// <summary>The stability of a fixed point of a flow (the reduced (α, ℓ) system, the three-category system, a continued branch).</summary>
public enum Stability
{
    /// <summary>Every eigenvalue has a negative real part (a node or a focus): the memories settle here.</summary>
    Stable,
    /// <summary>Eigenvalues of both signs: the memories pass by and leave along the unstable direction.</summary>
    Saddle,
    /// <summary>Every eigenvalue has a positive real part.</summary>
    Unstable,
}
