using FsCheck;
using Microsoft.FSharp.Core;

namespace Bifurcations.Testing;

/// <summary>The outcome of a property run: whether it held, and FsCheck's report (with the shrunk counterexample when it did not).</summary>
public sealed record PropertyOutcome(bool Passed, string Report);

/// <summary>
/// Runs a property outside a test framework (a notebook, an example, a script) with a fixed seed, so the same cases
/// come back every run, and returns FsCheck's report instead of throwing.
/// </summary>
public static class PropertyRun
{
    /// <summary>Checks <paramref name="property"/> on <paramref name="tests"/> cases drawn from <paramref name="seed"/>.</summary>
    public static PropertyOutcome Check(Property property, int tests = 100, ulong seed = 1)
    {
        if (tests < 1) throw new ArgumentException($"tests = {tests} is invalid: at least 1");
        var config = Config.QuickThrowOnFailure.WithMaxTest(tests).WithQuietOnSuccess(true)
            .WithReplay(FSharpOption<Replay>.Some(new Replay(new Rnd(seed), FSharpOption<int>.None)));
        try
        {
            FsCheck.Check.One(config, property);
            return new PropertyOutcome(true, $"Ok, passed {tests} tests (seed {seed}).");
        }
#pragma warning disable CA1031 // FsCheck reports a falsified property as a plain exception whose message is the report.
        catch (Exception e)
#pragma warning restore CA1031
        {
            return new PropertyOutcome(false, e.Message);
        }
    }
}
