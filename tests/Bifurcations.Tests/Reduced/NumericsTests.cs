using System.Text.Json;
using Bifurcations.Cli;
using Bifurcations.Cli.Commands;
using Bifurcations.Cli.Common;
using Bifurcations.Linearization;
using Bifurcations.Model;
using Bifurcations.Reduced;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using MathNet.Numerics.LinearAlgebra;

namespace Bifurcations.Tests;

/// <summary>The numerical building blocks of the fixed-point solver, each against an independent computation.</summary>
public class NumericsTests
{
    [Property(MaxTest = 500)]
    public Property ClosedFormEigenvaluesMatchMathNet() => Prop.ForAll(
        Gen.Choose(-1000, 1000).Select(i => i / 100.0).ArrayOf(4).ToArbitrary(), e =>
        {
            var j = new[,] { { e[0], e[1] }, { e[2], e[3] } };
            var ours = Eigen2.Of(j).Values.OrderBy(v => v.Real).ThenBy(v => v.Imaginary).ToArray();
            var theirs = Matrix<double>.Build.DenseOfArray(j).Evd().EigenValues.OrderBy(z => z.Real).ThenBy(z => z.Imaginary).ToArray();
            double scale = 1 + e.Max(Math.Abs);
            for (int k = 0; k < 2; k++)
            {
                Assert.Equal(theirs[k].Real, ours[k].Real, 1e-9 * scale);
                Assert.Equal(theirs[k].Imaginary, ours[k].Imaginary, 1e-6 * scale);
            }
        });

    [Fact]
    public void StiffSlowEigenvalueSurvivesWhereQrLosesIt()
    {
        // J = [[a, b], [c, d]] with d = −1e20 and a slow eigenvalue a − bc/d = −400 exactly. Forming det J costs
        // ε·|ad|/|det| ≈ 2.5e-7 relative, i.e. ~1e-4 on λ2: the closed form keeps it; QR iteration's error is ε·‖J‖ ≈ 1e4.
        double a = 1e12 - 400, b = 1, c = -1e32, d = -1e20;
        var j = new[,] { { a, b }, { c, d } };
        var values = Eigen2.Of(j).Values;
        Assert.Equal(-400, values.Max(v => v.Real), 0.05);
        Assert.Equal(d + a + 400, values.Min(v => v.Real), 1e7); // the trace minus the slow one
        double qr = Matrix<double>.Build.DenseOfArray(j).Evd().EigenValues.Max(z => z.Real);
        Assert.True(Math.Abs(qr + 400) > 1, $"Math.NET's slow eigenvalue {qr} is accurate here; the closed form is not needed");
    }

    [Fact]
    public void LogArithmeticMatchesDoublesAndGoesBeyondThem()
    {
        var x = LogNumber.FromDouble(-3.5);
        var y = LogNumber.FromDouble(1.25);
        Assert.Equal(-3.5 + 1.25, (x + y).ToDouble(), 1e-14);
        Assert.Equal(-3.5 * 1.25, (x * y).ToDouble(), 1e-14);
        Assert.Equal(-3.5 / 1.25, (x / y).ToDouble(), 1e-14);
        Assert.True((x - x).IsZero);
        // 10^400 · 10^400 / 10^700 = 10^100, never representable on the way.
        var big = new LogNumber(1, 400 * Math.Log(10));
        Assert.Equal(100, (big * big / new LogNumber(1, 700 * Math.Log(10))).Log10, 1e-9);
        var spectrum = Eigen2.Of(new LogNumber(-1, 3000), new LogNumber(1, 2000), new LogNumber(1, 2000), new LogNumber(-1, 1));
        Assert.All(spectrum.Values, v => Assert.True(v.Overflows && v.RealPart.Sign != 0));
    }

    [Property(MaxTest = 300)]
    public Property LogFormTermsMatchTheDualField() => Prop.ForAll(PairCaseData.Arbitrary(), c =>
    {
        // Two implementations of the same field: PairField (dual numbers, each pair rescaled by its largest term) and
        // PairTerms (every term on its own log scale). Where doubles suffice they must agree.
        var model = c.Model;
        foreach (int along in new[] { 0, 1 })
        {
            Dual alpha = along == 0 ? Dual.Variable(c.Alpha) : c.Alpha, ell = along == 1 ? Dual.Variable(c.Ell) : c.Ell;
            var h = PairField.MemoryNullcline(model, alpha, ell, c.Branch);
            var t = PairTerms.OnManifold(model, alpha, EllInput.Plain(ell), c.Branch);
            var hs = t.MemoryFunction;
            Assert.True(Math.Abs(h.Value - hs.ToDouble()) <= 1e-12, $"{c}: h {h.Value:R} vs {hs.ToDouble():R}");
            if (c.Alpha != 0 && c.Ell != 0 && double.IsFinite(hs.DerivativeToDouble()))
                Assert.True(Math.Abs(h.Derivative - hs.DerivativeToDouble()) <= 1e-7 * Math.Max(1, Math.Abs(h.Derivative)), $"{c}: h' {h.Derivative:R} vs {hs.DerivativeToDouble():R}");
            var g = PairField.LabelNullcline(model, alpha, ell, c.Branch);
            Assert.True(Math.Abs(g.Value - t.LabelVelocity.ToDouble()) <= 1e-12, $"{c}: ℓ̇ {g.Value:R} vs {t.LabelVelocity.ToDouble():R}");
        }
    });

    [Fact]
    public void BracketedRootReachesTheLastBitEvenForASteppedFunction()
    {
        // A step between two adjacent doubles: Brent alone reports failure there.
        double edge = 0.4946574052091455;
        double r = BracketedRoot.Solve(x => x < edge ? -0.5 : 0.5, 0, 1);
        Assert.True(r == edge || r == Math.BitDecrement(edge), $"{r:R}");
        Assert.Equal(Math.Sqrt(2), BracketedRoot.Solve(x => x * x - 2, 0, 2), 1e-15);
    }

    [Fact]
    public void FixedPointsJsonHoldsOnlyFiniteNumbersAndTheVerdict()
    {
        var (code, stdout, _) = CliTests.Run("fixed-points", "--temp", "550", "--n", "30", "--json");
        Assert.Equal(0, code);
        Assert.DoesNotContain("Infinity", stdout);
        Assert.DoesNotContain("NaN", stdout);
        using var doc = JsonDocument.Parse(stdout);
        var verdict = doc.RootElement.GetProperty("completeness");
        Assert.True(verdict.GetProperty("complete").GetBoolean());
        Assert.Equal(1, verdict.GetProperty("indexSum").GetInt32());
        var saddle = doc.RootElement.GetProperty("fixedPoints").EnumerateArray().Single(p => p.GetProperty("stability").GetString() == "saddle");
        Assert.Equal("double-floor", saddle.GetProperty("status").GetString());
        Assert.Equal(-1, saddle.GetProperty("ellSign").GetInt32());
        Assert.True(saddle.GetProperty("ellLog10").GetDouble() < -2000);
        Assert.All(saddle.GetProperty("eigenvalues").EnumerateArray(), e => Assert.Equal(JsonValueKind.Null, e.ValueKind));
        Assert.Equal([-1, 1], saddle.GetProperty("eigenvalueSigns").EnumerateArray().Select(e => e.GetInt32()).OrderBy(x => x));
    }

    [Fact]
    public void FailedVerdictWarnsAndStrictExitsWithOne()
    {
        var incomplete = new Completeness(2, 0, 0, ["upper branch: something unsettled"]);
        foreach (bool strict in new[] { false, true })
        {
            var (o, e) = (new StringWriter(), new StringWriter());
            int code = ReducedCommands.Verdict(new CliContext(o, e), incomplete, strict);
            Assert.Equal(strict ? 1 : 0, code);
            Assert.StartsWith("warning: fixed points INCOMPLETE: index sum 2", e.ToString());
            Assert.Contains("something unsettled", e.ToString());
        }
        var complete = new Completeness(2, 1, 0, []);
        var (o2, e2) = (new StringWriter(), new StringWriter());
        Assert.Equal(0, ReducedCommands.Verdict(new CliContext(o2, e2), complete, true));
        Assert.Equal("", e2.ToString());
    }

    [Fact]
    public void FlowWarnsWhereTheExplicitSchemeStallsOrChatters()
    {
        var (code, _, err) = CliTests.Run("flow", "--temp", "600", "--n", "30", "--alpha", "0.3", "--ell", "0.5");
        Assert.Equal(0, code);
        Assert.Contains("not a fixed point", err);
        (code, _, err) = CliTests.Run("flow", "--temp", "600", "--n", "30", "--alpha", "0.3", "--ell", "0.5", "--euler", "--steps", "2000");
        Assert.Contains("chatters", err);
        var (code2, stdout, err2) = CliTests.Run("flow", "--temp", "600", "--n", "30", "--alpha", "0.3", "--ell", "0.5", "--slow");
        Assert.Equal(0, code2);
        Assert.Equal("", err2);
        Assert.Contains("alpha = 0.202924", stdout);
    }
}
