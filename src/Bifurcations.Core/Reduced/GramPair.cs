namespace Bifurcations.Reduced;

/// <summary>
/// The three Gram entries of two digits A and B: G_AA = ⟨A|A⟩, G_AB = ⟨A|B⟩, G_BB = ⟨B|B⟩. Validated as a
/// Gram matrix must be: positive diagonal, positive semidefinite (G_AB² ≤ G_AA·G_BB).
/// </summary>
public sealed record GramPair
{
    public double AA { get; }
    public double AB { get; }
    public double BB { get; }

    public GramPair(double aa, double ab, double bb)
    {
        if (!double.IsFinite(aa) || !double.IsFinite(ab) || !double.IsFinite(bb))
            throw new UsageException($"Gram entries must be finite numbers (got {aa}, {ab}, {bb})");
        if (aa <= 0) throw new UsageException($"Gram entry G_AA = {aa} is invalid: a squared norm must be > 0");
        if (bb <= 0) throw new UsageException($"Gram entry G_BB = {bb} is invalid: a squared norm must be > 0");
        if (ab * ab > aa * bb * (1 + 1e-12))
            throw new UsageException($"Gram matrix ({aa}, {ab}, {bb}) is not positive semidefinite: G_AB² = {ab * ab} > G_AA·G_BB = {aa * bb}");
        (AA, AB, BB) = (aa, ab, bb);
    }

    /// <summary>Parses "753,494,719" (or two entries "753,494": G_BB = G_AA, the intra-digit idealization).</summary>
    public static GramPair Parse(string text)
    {
        var parts = text.Split(',', StringSplitOptions.TrimEntries);
        var values = new double[parts.Length];
        for (int i = 0; i < parts.Length; i++)
        {
            if (parts[i].Length == 0) throw new UsageException($"--gram '{text}': entry {i + 1} is empty");
            if (!double.TryParse(parts[i], System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out values[i]))
                throw new UsageException($"--gram: '{parts[i]}' is not a number");
        }
        return values.Length switch
        {
            3 => new GramPair(values[0], values[1], values[2]),
            2 => new GramPair(values[0], values[1], values[0]),
            _ => throw new UsageException($"--gram '{text}' must hold 3 entries G_AA,G_AB,G_BB (or 2: G_AA,G_AB)")
        };
    }

    /// <summary>The entries as a 2×2 row-major matrix.</summary>
    public double[] Matrix => [AA, AB, AB, BB];

    public double[] ToArray() => [AA, AB, BB];
}
