namespace Bifurcations.Reduced;

/// <summary>
/// The three Gram entries of two digits A and B: G_AA = ⟨A|A⟩, G_AB = ⟨A|B⟩, G_BB = ⟨B|B⟩. Validated as a
/// Gram matrix must be: positive diagonal, positive semidefinite (G_AB² ≤ G_AA·G_BB).
/// </summary>
public sealed record GramPair
{
    /// <summary>G_AA = ⟨A|A⟩.</summary>
    public double AA { get; }
    /// <summary>G_AB = ⟨A|B⟩.</summary>
    public double AB { get; }
    /// <summary>G_BB = ⟨B|B⟩.</summary>
    public double BB { get; }

    /// <summary>The three entries, checked: finite, positive diagonal, positive semidefinite.</summary>
    public GramPair(double aa, double ab, double bb)
    {
        if (!double.IsFinite(aa) || !double.IsFinite(ab) || !double.IsFinite(bb))
            throw new InvalidParameterException($"Gram entries must be finite numbers (got {aa}, {ab}, {bb})");
        if (aa <= 0) throw new InvalidParameterException($"Gram entry G_AA = {aa} is invalid: a squared norm must be > 0");
        if (bb <= 0) throw new InvalidParameterException($"Gram entry G_BB = {bb} is invalid: a squared norm must be > 0");
        if (ab * ab > aa * bb * (1 + 1e-12))
            throw new InvalidParameterException($"Gram matrix ({aa}, {ab}, {bb}) is not positive semidefinite: G_AB² = {ab * ab} > G_AA·G_BB = {aa * bb}");
        (AA, AB, BB) = (aa, ab, bb);
    }

    /// <summary>Two digits of equal squared norm, G_BB = G_AA: the idealization of two samples of one class.</summary>
    public static GramPair Symmetric(double aa, double ab) => new(aa, ab, aa);

    /// <summary>The entries as a 2×2 row-major matrix.</summary>
    public double[] Matrix => [AA, AB, AB, BB];

    /// <summary>G_AA, G_AB, G_BB.</summary>
    public double[] ToArray() => [AA, AB, BB];
}
