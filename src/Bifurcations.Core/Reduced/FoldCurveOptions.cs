namespace Bifurcations.Reduced;

/// <summary>How <see cref="FoldCurves"/> seeds and follows fold curves.</summary>
public sealed record FoldCurveOptions
{
    /// <summary>Values of q (its bounds among them), and values of p inside its range (p's bounds are seeded besides), at which the other parameter is continued to seed folds (2–1000).</summary>
    public int Seeds { get; init; } = 5;
    /// <summary>The continuation of the seeding diagrams and of the curves themselves.</summary>
    public PairContinuationOptions Continuation { get; init; } = new();

    /// <summary>This, or an error naming the first value out of range.</summary>
    public FoldCurveOptions Validated()
    {
        if (Seeds is < 2 or > 1000) throw new InvalidParameterException($"fold-curve seed count {Seeds} must be between 2 and 1000");
        Continuation.Validated();
        return this;
    }
}
