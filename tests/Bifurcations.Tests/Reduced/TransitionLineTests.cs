using Bifurcations.Reduced;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Bifurcations.Tests.Reduced;

public class TransitionLineTests
{
    [Property(MaxTest = 200)]
    public Property ExponentAtInvertsTheClosedForm() => Prop.ForAll(
        Gen.Choose(300, 784).SelectMany(gaa => Gen.Choose(-200, 700).Select(gab => (Gaa: (double)gaa, Gab: Math.Min(gab, gaa - 1.0))))
            .SelectMany(g => Gen.Choose(20, 590).Select(n10 => (g.Gaa, g.Gab, N: n10 / 10.0))).ToArbitrary(), c =>
        {
            if (c.Gaa + c.Gab <= 0) return;
            // T_c decreases with n: the n where T_c(n) = T_c(n0) is n0 again, found inside [1, 60] and nowhere outside it.
            double t = TransitionLine.Temperature(c.Gaa, c.Gab, c.N);
            var n = TransitionLine.ExponentAt(c.Gaa, c.Gab, t, 1, 60);
            Assert.NotNull(n);
            Assert.Equal(c.N, n!.Value, 1e-6 * c.N);
            Assert.Null(TransitionLine.ExponentAt(c.Gaa, c.Gab, t, c.N + 1, c.N + 20));
        });

    [Fact]
    public void AOnePointRangeIsAnAnswerNotAnError()
    {
        // A phase sweep over a single n asks for the crossing inside [n, n]: null unless T_c(n) is T there.
        Assert.Null(TransitionLine.ExponentAt(753, 494, 700, 12, 12));
        double t = TransitionLine.Temperature(753, 494, 12);
        Assert.Equal(12, TransitionLine.ExponentAt(753, 494, t, 12, 12));
    }

    [Theory]
    [InlineData(double.NaN, 1, 60, "temperature NaN")]
    [InlineData(-5, 1, 60, "temperature -5")]
    [InlineData(700, 30, 2, "range [30, 2]")]
    [InlineData(700, 0, 2, "range [0, 2]")]
    public void ExponentAtRefusesBadInput(double t, double from, double to, string named) =>
        Assert.Contains(named, Assert.Throws<InvalidParameterException>(() => TransitionLine.ExponentAt(753, 494, t, from, to)).Message);

    [Fact]
    public void ClosedFormAndGenericReductionAgreeOnFreshCases()
    {
        // The validator draws its 200 cases with seed 12345; other seeds must agree as well.
        foreach (int seed in new[] { 1, 2, 3 })
        {
            var c = ReductionAgreement.ClosedFormAgainstGeneric(60, seed);
            Assert.True(c.LargestDifference < 1e-9, $"seed {seed}: {c}");
            Assert.True(c.Compared >= 30, $"seed {seed}: only {c.Compared} of 60 cases compared");
        }
        Assert.Throws<InvalidParameterException>(() => ReductionAgreement.ClosedFormAgainstGeneric(0, 1));
    }
}
