using Bifurcations.Data;
using Bifurcations.Testing;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using MathNet.Numerics.LinearAlgebra;

namespace Bifurcations.Tests.Kit;

/// <summary>The kit's generators draw valid, in-range inputs, and their shrinkers never leave the range.</summary>
public class GeneratorTests
{
    static double SmallestEigenvalue(double[] g, int p) =>
        Matrix<double>.Build.Dense(p, p, (i, j) => g[i * p + j]).Evd(Symmetricity.Symmetric).EigenValues.Min(z => z.Real);

    static bool Valid(GramCase x, int minP, int maxP, double d0, double d1, double c0, double c1)
    {
        var g = x.Matrix;
        int p = x.Count;
        bool inRange = p >= minP && p <= maxP && x.Diagonals.All(d => d >= d0 && d <= d1);
        for (int i = 0; i < p; i++)
            for (int j = 0; j < p; j++)
            {
                if (g[i * p + j] != g[j * p + i]) return false;
                double r = g[i * p + j] / Math.Sqrt(g[i * p + i] * g[j * p + j]);
                if (i != j && (r < c0 - 1e-12 || r > c1 + 1e-12)) return false;
            }
        return inRange && SmallestEigenvalue(g, p) >= -1e-9 * x.Diagonals.Max();
    }

    [Property(MaxTest = 200)]
    public Property GramCasesArePositiveSemidefiniteInRangeAndShrinkInRange() =>
        Prop.ForAll(Arb.From(Gen.Choose(0, 3)), k =>
        {
            // Four settings of the ranges, including narrow and strongly correlated ones.
            var (minP, maxP, d0, d1, c0, c1) = new[] { (2, 6, 300.0, 784.0, 0.1, 0.97), (2, 2, 700.0, 710.0, 0.9, 0.96), (3, 8, 300.0, 400.0, 0.0, 0.3), (1, 3, 500.0, 784.0, 0.5, 0.5) }[k];
            var arb = GramCase.Arbitrary(minP, maxP, d0, d1, c0, c1);
            var cases = arb.Generator.Sample(10, 20);
            return cases.All(x => Valid(x, minP, maxP, d0, d1, c0, c1) && arb.Shrinker(x).All(s => Valid(s, minP, maxP, d0, d1, c0, c1)));
        });

    [Fact]
    public void AGramCaseShrinksToFewerSamplesAndRounderNumbers()
    {
        var arb = GramCase.Arbitrary();
        var x = new GramCase([612.345, 455.5, 780.01], [0.4321, 0.777, 0.2]);
        var shrunk = arb.Shrinker(x).ToArray();
        Assert.Contains(shrunk, s => s.Count == 2);
        Assert.Contains(shrunk, s => s.Diagonals[0] == 600);
        Assert.Contains(shrunk, s => s.Shares[0] == 0.4);
        // A case already at its simplest has nothing left to shrink to.
        Assert.Empty(arb.Shrinker(new GramCase([500, 400], [0.5, 0.3])));
        Assert.Throws<ArgumentException>(() => GramCase.Arbitrary(minCorrelation: 0.5, maxCorrelation: 1));
    }

    [Fact]
    public void DigitGramCasesAreTheGramMatricesOfRealDigitsOfEachClass()
    {
        var arb = DigitGramCase.Arbitrary([1, 7], 1, 3);
        foreach (var x in arb.Generator.Sample(10, 10))
        {
            Assert.Contains(1, x.Classes);
            Assert.Contains(7, x.Classes);
            var set = x.Samples();
            var expected = set.Gram();
            var g = x.Matrix;
            for (int i = 0; i < g.Length; i++) Assert.Equal(expected[i], g[i], 1e-9 * Math.Abs(expected[i]) + 1e-9);
            Assert.All(arb.Shrinker(x), s => Assert.True(s.Classes.Contains(1) && s.Classes.Contains(7), $"{s} lost a class"));
        }
        // At least two distinct digits of each class, also after shrinking.
        var two = DigitGramCase.Arbitrary([1, 7], 2, 4);
        foreach (var x in two.Generator.Sample(10, 30))
        {
            Assert.Equal(x.Indices.Length, x.Indices.Distinct().Count());
            foreach (var y in two.Shrinker(x).Prepend(x))
                Assert.All(new[] { 1, 7 }, c => Assert.True(y.Classes.Count(k => k == c) >= 2, $"{y} has fewer than 2 digits of class {c}"));
        }
    }

    [Fact]
    public void ParametersAndStatesStayInTheirRangesAndShrinkToRoundValues()
    {
        var parameters = ParameterCase.Arbitrary();
        foreach (var c in parameters.Generator.Sample(10, 200))
        {
            Assert.InRange(c.Exponent, 1.5, 80);
            Assert.InRange(c.ReducedTemperature, 0.55, 1.25);
            Assert.All(parameters.Shrinker(c), s => { Assert.InRange(s.Exponent, 1.5, 80); Assert.InRange(s.ReducedTemperature, 0.55, 1.25); });
        }
        Assert.Equal(new ParameterCase(30, 0.83), parameters.Shrinker(new ParameterCase(30.2, 0.83)).Single());
        Assert.All(parameters.Generator.Sample(10, 50), c => Assert.Equal(c.Exponent, c.Parameters.CostExponent)); // m = n unless drawn
        // A cost exponent drawn on its own stays in its range, also when shrunk, and prints.
        var withCost = ParameterCase.Arbitrary(minCostExponent: 1, maxCostExponent: 3);
        foreach (var c in withCost.Generator.Sample(10, 200))
        {
            Assert.InRange(c.CostExponent!.Value, 1, 3);
            Assert.Equal(c.CostExponent, c.Parameters.CostExponent);
            Assert.All(withCost.Shrinker(c), s => Assert.InRange(s.CostExponent!.Value, 1, 3));
        }
        Assert.Contains(new ParameterCase(30, 0.83, 2), withCost.Shrinker(new ParameterCase(30, 0.83, 2.4)));
        Assert.Equal("ParameterCase(n 30, T_r 0.83, m 2)", new ParameterCase(30, 0.83, 2).ToString());
        Assert.Throws<ArgumentException>(() => ParameterCase.Arbitrary(minCostExponent: 2));
        var states = PairStateCase.Arbitrary().Generator.Sample(10, 400);
        Assert.All(states, s => { Assert.InRange(s.Alpha, -1 + 1e-9, 1 - 1e-9); Assert.InRange(s.Ell, -1, 1); });
        Assert.Contains(states, s => s.Branch == Bifurcations.Reduced.ManifoldBranch.Lower);
        Assert.Contains(states, s => s.Branch == Bifurcations.Reduced.ManifoldBranch.Upper);
    }
}
