using FsCheck;
using Microsoft.FSharp.Collections;
using Microsoft.FSharp.Core;

namespace Bifurcations.Testing;

/// <summary>The outcome of a property run: whether it held, and FsCheck's report (with the shrunk counterexample when it did not).</summary>
/// <param name="Passed">Whether every case held (inconclusive cases discarded).</param>
/// <param name="Report">FsCheck's report: the cases run and discarded, or the original and shrunk counterexample.</param>
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
        var config = Config.Quick.WithMaxTest(tests)
            .WithReplay(FSharpOption<Replay>.Some(new Replay(new Rnd(seed), FSharpOption<int>.None)));
        var runner = new Recorder();
        FsCheck.Check.One(config.WithRunner(runner), property);
        // FsCheck's own line does not count the discarded (inconclusive) cases: every case drawn reaches the runner.
        int discarded = runner.Drawn - tests;
        return new PropertyOutcome(runner.Passed, runner.Passed
            ? $"Ok, passed {tests} tests ({discarded} more discarded as inconclusive), seed {seed}."
            : runner.Message);
    }

    /// <summary>Keeps FsCheck's closing report and counts the cases drawn.</summary>
    sealed class Recorder : IRunner
    {
        public string Message { get; private set; } = "";
        public bool Passed { get; private set; }
        public int Drawn { get; private set; }
        public void OnStartFixture(Type t) { }
        public void OnArguments(int ntest, FSharpList<object> args, FSharpFunc<int, FSharpFunc<FSharpList<object>, string>> every) => Drawn++;
        public void OnShrink(FSharpList<object> args, FSharpFunc<FSharpList<object>, string> everyShrink) { }
        public void OnFinished(string name, TestResult testResult) =>
            (Message, Passed) = (Runner.onFinishedToString(name, testResult), testResult.IsPassed);
    }
}
