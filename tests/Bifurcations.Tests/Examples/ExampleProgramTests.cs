using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Bifurcations.Experiments.Validation;

namespace Bifurcations.Tests.Examples;

/// <summary>
/// Every program in examples/ runs as a user runs it (its own build output, a process of its own) and prints the answers
/// it promises: the paper's values where it computes them. The solution builds the examples beside the tests.
/// </summary>
public class ExampleProgramTests
{
    static string Run(string name, params string[] args)
    {
        // The examples are built in the configuration the tests were built in (bin/Release or bin/Debug).
        string configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Debug{Path.DirectorySeparatorChar}") ? "Debug" : "Release";
        var dll = Path.Combine(ReadmeTests.Root(), "examples", name, "bin", configuration, "net10.0", name + ".dll");
        Assert.True(File.Exists(dll), $"{dll} is not built (dotnet build Bifurcations.sln -c {configuration})");
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Path.GetTempPath() };
        info.ArgumentList.Add(dll);
        foreach (var a in args) info.ArgumentList.Add(a);
        using var p = Process.Start(info)!;
        var stderr = p.StandardError.ReadToEndAsync();
        var stdout = p.StandardOutput.ReadToEnd();
        Assert.True(p.WaitForExit(120_000), $"{name} did not finish within 2 minutes");
        Assert.True(p.ExitCode == 0, $"{name} exited with {p.ExitCode}: {stderr.Result}");
        return stdout;
    }

    static double Number(string text, string pattern) =>
        double.Parse(Regex.Match(text, pattern).Groups[1].Value, CultureInfo.InvariantCulture);

    [Fact]
    public void FixedPointsPrintsThePapersThreePointsAtN15()
    {
        var text = Run("FixedPoints");
        foreach (var (alpha, ell, stability) in PaperValues.FixedPointsAtN15)
            Assert.Matches(FormattableString.Invariant($@"α = {alpha:F4}, ℓ = +{(ell == 0 ? "-?" : "")}{ell:F4}\s+{stability}"), text);
    }

    [Fact]
    public void PropertyTestYourModelPassesTheVariantAndShrinksTheBrokenOnesCounterexample()
    {
        var text = Run("PropertyTestYourModel");
        Assert.Contains("variant with m = 2 against the network: holds", text);
        Assert.Contains("Ok, passed 100 tests", text);
        Assert.Contains("variant with m = 2: holds", text);
        Assert.Contains("Ok, passed 200 tests", text);
        Assert.Contains("wrong factor 1.02 on dα/dt: caught", text);
        // The shrunk case is small and readable: round diagonals and shares, whole n, α and ℓ in tenths.
        var shrunk = text[text.IndexOf("Shrunk:", StringComparison.Ordinal)..];
        Assert.Matches(@"GramCase\(diagonals \[\d00, \d00\], shares \[0\.\d\d?, 0\.\d\d?\]\)", shrunk);
        Assert.Matches(@"ParameterCase\(n \d+, T_r \d\.\d\d?\)", shrunk);
        Assert.Matches(@"PairStateCase\(α -?\d(\.\d)?, ℓ -?\d(\.\d)?, Upper\)", shrunk);
    }

    [Fact]
    public void ContinuationFindsBothFoldsOfFigure5A()
    {
        var text = Run("Continuation");
        var folds = Regex.Matches(text, @"fold in n at ([0-9.]+)").Select(m => double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal(2, folds.Length);
        for (int i = 0; i < 2; i++) Assert.InRange(folds[i], PaperValues.FoldIntervals[i].From, PaperValues.FoldIntervals[i].To);
    }

    [Fact]
    public void TransitionLinePrintsTheKnownTemperatures()
    {
        var text = Run("TransitionLine");
        foreach (var (n, t) in PaperValues.TransitionTemperatures)
            Assert.Equal(t, Number(text, FormattableString.Invariant($@"(?m)^\s+{n}\s+([0-9.]+)")), 0.01);
    }

    [Fact]
    public void DigitsAndGramRecoversTheMemorysCoefficients()
    {
        var text = Run("DigitsAndGram");
        Assert.Contains("alpha = (0.800000, 0.200000)", text);
        Assert.True(Number(text, @"reconstruction error ([0-9.Ee+-]+)") < 1e-9);
    }

    [Fact]
    public void TrainNetworkLearnsEveryClass()
    {
        var text = Run("TrainNetwork");
        Assert.Equal(10, Regex.Count(text, @"class \d: learned at epoch \d+"));
        Assert.True(Number(text, @"correct at the end: (\d+)/200") >= 180, text);
    }

    [Fact]
    public void SplitPredictionPredictsAndObserves()
    {
        // A shorter training run: long enough for the first split (epoch 900 here), which both models must score.
        var text = Run("SplitPrediction", "1500");
        Assert.Contains("level 1: {1} | {4,7}, sides", text);
        Assert.Contains("level 2: {4} | {7}, sides", text);
        Assert.Matches(@"(?m)^  level 1: \{1\} \| \{4,7\} at epoch \d+$", text);
        Assert.Matches(@"(?m)^exact groups: \d+ % of memories end in their simulated class$", text);
        Assert.Matches(@"(?m)^  level 1: observed \{1\} \| \{4,7\} at epoch \d+, predicted \{1\} \| \{4,7\}", text);
    }
}
