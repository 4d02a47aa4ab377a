using FsCheck;
using FsCheck.Fluent;

namespace Bifurcations.Testing;

/// <summary>How a check came out: it holds, it is violated, or it cannot decide at this input (and says why).</summary>
public enum Verdict
{
    /// <summary>The invariant holds at this input.</summary>
    Holds,
    /// <summary>The invariant is violated: <see cref="CheckResult.Message"/> says where and by how much.</summary>
    Violated,
    /// <summary>The input is outside what the check can judge (a kink between the difference points, a residual too large to call a point fixed); a property discards it.</summary>
    Inconclusive,
}

/// <summary>The outcome of one invariant check at one input, with a message a failing test prints.</summary>
/// <param name="Check">The check's name.</param>
/// <param name="Verdict">Holds, violated or inconclusive.</param>
/// <param name="Message">Where and by how much, or why the check could not judge.</param>
public sealed record CheckResult(string Check, Verdict Verdict, string Message)
{
    /// <summary>
    /// True unless violated: an inconclusive input is not a failure. To assert that a check actually held, test
    /// <see cref="Verdict"/> == <see cref="Verdict.Holds"/>; this is for "nothing is wrong here".
    /// </summary>
    public bool NotViolated => Verdict != Verdict.Violated;

    /// <summary>Throws <see cref="InvariantViolationException"/> when violated: for tests in any framework.</summary>
    public CheckResult ThrowIfViolated() => Verdict == Verdict.Violated ? throw new InvariantViolationException(this) : this;

    /// <summary>An FsCheck property: true when it holds, false (labelled with the message) when violated, discarded when inconclusive.</summary>
    public Property ToProperty() => Verdict == Verdict.Inconclusive
        ? Prop.When(true, false)
        : Prop.Label(Verdict == Verdict.Holds, $"{Check}: {Message}");

    /// <summary>The check's name, verdict and message.</summary>
    public override string ToString() => $"{Check}: {Verdict.ToString().ToLowerInvariant()}. {Message}";

    internal static CheckResult Of(string check, bool holds, string message) => new(check, holds ? Verdict.Holds : Verdict.Violated, message);
    internal static CheckResult Unsure(string check, string why) => new(check, Verdict.Inconclusive, why);
}

/// <summary>An invariant that does not hold, with the check's message.</summary>
public sealed class InvariantViolationException(CheckResult result) : Exception(result.ToString())
{
    /// <summary>The check that failed.</summary>
    public CheckResult Result { get; } = result;
}
