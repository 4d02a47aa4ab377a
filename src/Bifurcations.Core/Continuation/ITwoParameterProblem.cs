namespace Bifurcations.Continuation;

/// <summary>
/// A continuation problem that depends on a second parameter q as well: the same piece at another q, for following a
/// special point (a fold) in two parameters with <see cref="FoldProblem"/>.
/// </summary>
public interface ITwoParameterProblem : IContinuationProblem
{
    /// <summary>The name of the second parameter (the one a fold curve is followed in).</summary>
    string SecondParameterName { get; }

    /// <summary>The current value of q.</summary>
    double SecondParameter { get; }

    /// <summary>The change of q that weighs as much as a unit change of the state.</summary>
    double SecondParameterScale { get; }

    /// <summary>The same piece at q; null outside q's domain.</summary>
    ITwoParameterProblem? WithSecond(double q);

    /// <summary>What identifies the piece whatever q is (for recognising a closed curve).</summary>
    object PieceKey { get; }
}
