namespace Bifurcations.Experiments.Validation;

/// <summary>One prediction checked against a computation or a simulation.</summary>
/// <param name="Name">What is checked.</param>
/// <param name="Expected">The analytic or known value (as text: numbers with their meaning).</param>
/// <param name="Measured">What the computation or simulation gave.</param>
/// <param name="Tolerance">The criterion.</param>
/// <param name="Pass">Whether it holds.</param>
/// <param name="Note">Why it may not, or how to read it.</param>
/// <param name="Figure">A figure that shows it, if any.</param>
public sealed record Check(string Name, string Expected, string Measured, string Tolerance, bool Pass, string Note = "", string? Figure = null);
