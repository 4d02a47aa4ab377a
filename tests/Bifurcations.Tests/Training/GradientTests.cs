using Bifurcations.Model;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using MathNet.Numerics.Differentiation;

namespace Bifurcations.Tests;

public class GradientTests
{
    static readonly double[] Exponents = [1.5, 2, 3, 7.5, 30];

    public static Arbitrary<NetworkCase> Cases() =>
        (from n in Gen.Elements(Exponents)
         from k in Gen.Choose(1, 3)
         from p in Gen.Choose(1, 4)
         from dim in Gen.Choose(3, 8)
         from seed in Gen.Choose(0, 1_000_000)
         select new NetworkCase(n, k, p, dim, seed)).ToArbitrary();

    /// <summary>
    /// Math.NET's 5-point central stencil with an absolute step chosen by the caller. Steps are set so
    /// each perturbation moves the activations u by about 1e-4: truncation (∝ Δu⁴ (2m)⁴) and round-off
    /// (∝ eps/Δu) then both stay far below the 1e-7 tolerance, for n = 1.5 as for n = 30.
    /// </summary>
    static double Derivative(Func<double, double> f, double at, double step) =>
        step == 0 ? 0 : new NumericalDerivative(5, 2) { StepType = StepType.Absolute, StepSize = step }.EvaluateDerivative(f, at, 1);

    /// <summary>
    /// The step for each label and memory entry: the perturbation moves every u_d by at most 1e-4 and,
    /// for memories, every overlap x by at most 1e-4 of the smallest |x| (so it never reaches the kink).
    /// </summary>
    static (double[] Labels, double[] Memories) Steps(NetworkState s, NetworkParameters p, Bifurcations.Data.TrainingSet set)
    {
        var lab = new double[s.Labels.Length];
        var mem = new double[s.Memories.Length];
        var kink = new double[s.Memories.Length];
        for (int mu = 0; mu < s.MemoryCount; mu++)
            for (int i = 0; i < set.Count; i++)
            {
                double x = 0;
                for (int j = 0; j < s.Dimension; j++) x += s.Memory(mu)[j] * set.Sample(i)[j];
                x /= p.Temperature;
                double f = RectifiedPolynomial.F(x, p.Exponent), df = RectifiedPolynomial.Derivative(x, p.Exponent);
                double maxL = 0;
                for (int d = 0; d < 10; d++) { lab[mu * 10 + d] = Math.Max(lab[mu * 10 + d], f); maxL = Math.Max(maxL, Math.Abs(s.Label(mu)[d])); }
                for (int j = 0; j < s.Dimension; j++)
                {
                    double dx = Math.Abs(set.Sample(i)[j]) / p.Temperature; // ∂x/∂M_j
                    mem[mu * s.Dimension + j] = Math.Max(mem[mu * s.Dimension + j], maxL * df * dx);
                    kink[mu * s.Dimension + j] = Math.Max(kink[mu * s.Dimension + j], dx / Math.Abs(x));
                }
            }
        static double Step(double perUnit) => perUnit > 0 ? 1e-4 / perUnit : double.PositiveInfinity;
        return (lab.Select(Step).ToArray(), mem.Select((m, k) => Math.Min(Step(m), Step(kink[k]))).ToArray());
    }

    /// <summary>
    /// The finite difference at the chosen step must agree to 1e-7 of the gradient's scale. (It used to be taken at h,
    /// h/8 and 8h with the best kept, at 1e-6: the misses it covered were the naive expm1's round-off, now gone; 5 000
    /// cases agree to 1e-8 with the single step.)
    /// </summary>
    static void AssertClose(double[] analytic, Func<int, double, double> numeric, string what)
    {
        double scale = analytic.Max(Math.Abs);
        Assert.True(scale > 0, $"{what}: gradient vanished, the case tests nothing");
        for (int i = 0; i < analytic.Length; i++)
        {
            int entry = i;
            double fd = numeric(entry, 1.0);
            Assert.True(Math.Abs(fd - analytic[i]) <= 1e-7 * scale,
                $"{what}[{i}]: analytic {analytic[i]:R}, finite difference {fd:R}, scale {scale:R}");
        }
    }

    [Property(MaxTest = 1000)]
    public Property MemoryAndLabelGradientsMatchFiniteDifferences() => Prop.ForAll(Cases(), c =>
    {
        var (state, p, set) = c.Build();
        var g = DenseNetwork.Gradient(state, p, set);

        // The cost's change, term by term and in log space: ΔC = Σ term₀·expm1(2m·Δlog|c − t|). Differencing
        // the total would bury a small derivative under saturated 1e18 terms, and differencing terms near 1
        // (unsaturated c ≈ 0) would bury it under their ulp; log1p(∓tanh u) resolves every change of c.
        // expm1 must be accurate for tiny arguments: .NET's double.ExpM1 is exp(x) − 1 as written (5 % off at
        // x = 1e-15), which once made the finite difference, not the gradient, miss by 1e-5 at n = 30.
        var (baseTerms, baseLogs) = CostTerms(state, p, set);
        double CostChange(double[] array, int i, double v)
        {
            var s = state.Clone();
            (ReferenceEquals(array, state.Memories) ? s.Memories : s.Labels)[i] = v;
            var (_, logs) = CostTerms(s, p, set);
            double change = 0;
            for (int t = 0; t < logs.Length; t++) change += baseTerms[t] * MathNet.Numerics.SpecialFunctions.Expm1(2 * p.CostExponent * (logs[t] - baseLogs[t]));
            return change;
        }
        var (labelSteps, memorySteps) = Steps(state, p, set);
        Func<int, double, double> Numeric(double[] array, double[] steps) =>
            (i, factor) => Derivative(v => CostChange(array, i, v), array[i], double.IsInfinity(steps[i]) ? 0 : factor * steps[i]);

        // The labels' gradient never vanishes for these cases; the memories' can only if all overlaps
        // are inactive, which the case builder prevents.
        AssertClose(g.Labels, Numeric(state.Labels, labelSteps), $"{c} dC/dl");
        AssertClose(g.Memories, Numeric(state.Memories, memorySteps), $"{c} dC/dM");
    });

    /// <summary>The P×10 terms |c_d − t_d|^{2m} of the cost, and log|c_d − t_d| computed without cancellation.</summary>
    static (double[] Terms, double[] Logs) CostTerms(NetworkState s, NetworkParameters p, Bifurcations.Data.TrainingSet set)
    {
        var terms = new double[set.Count * 10];
        var logs = new double[set.Count * 10];
        for (int i = 0; i < set.Count; i++)
        {
            var u = DenseNetwork.Activations(s, p, set.Sample(i));
            for (int d = 0; d < 10; d++)
            {
                double t = DenseNetwork.Target(set.Labels[i], d);
                double diff = Math.Abs(TanhError.Of(u[d], t).Difference);
                terms[i * 10 + d] = Math.Pow(diff, 2 * p.CostExponent);
                logs[i * 10 + d] = diff < 0.5 ? Math.Log(diff) : LogOnePlus(t == 1 ? -Math.Tanh(u[d]) : Math.Tanh(u[d]));
            }
        }
        return (terms, logs);
    }

    static double LogOnePlus(double x) => MathNet.Numerics.SpecialFunctions.Log1p(x);

    [Fact]
    public void TheFiniteDifferenceResolvesTheCaseThatOnceFailed()
    {
        // n = 30, K = 1, P = 3, N = 3: only one sample is active, so the gradient's entries are exactly proportional to
        // its pixels (an independent check of the analytic side), and the finite difference must now agree to 1e-9.
        var c = new NetworkCase(30, 1, 3, 3, 877461);
        var (state, p, set) = c.Build();
        var g = DenseNetwork.Gradient(state, p, set);
        Assert.Equal(set.Sample(0)[0] / set.Sample(0)[1], g.Memories[0] / g.Memories[1], 1e-10);
        var (baseTerms, baseLogs) = CostTerms(state, p, set);
        double Change(double v)
        {
            var s = state.Clone();
            s.Memories[0] = v;
            var (_, logs) = CostTerms(s, p, set);
            double change = 0;
            for (int t = 0; t < logs.Length; t++) change += baseTerms[t] * MathNet.Numerics.SpecialFunctions.Expm1(2 * p.CostExponent * (logs[t] - baseLogs[t]));
            return change;
        }
        double fd = Derivative(Change, state.Memories[0], Steps(state, p, set).Memories[0]);
        Assert.True(Math.Abs(fd - g.Memories[0]) <= 1e-9 * Math.Abs(g.Memories[0]), $"analytic {g.Memories[0]:R}, finite difference {fd:R}");
    }

    [Fact]
    public void CostIsTheSumOfItsTerms()
    {
        var (state, p, set) = new NetworkCase(3, 2, 3, 5, 7).Build();
        Assert.Equal(DenseNetwork.Cost(state, p, set), CostTerms(state, p, set).Terms.Sum(), 12);
    }

    [Fact]
    public void SaturatedScoresGiveZeroNotNaN()
    {
        var t = TanhError.Of(1e4, 1);
        Assert.True(t.Difference <= 0 && t.Difference > -1e-300);
        Assert.Equal(0.0, t.OneMinusSquare);
        var u = TanhError.Of(-1e4, -1);
        Assert.Equal(0.0, u.OneMinusSquare);
        Assert.Equal(-2.0, TanhError.Of(-1e4, 1).Difference);
        // Far from saturation the precise forms agree with the literal ones.
        Assert.Equal(Math.Tanh(0.3) - 1, TanhError.Of(0.3, 1).Difference, 15);
        Assert.Equal(1 - Math.Tanh(0.3) * Math.Tanh(0.3), TanhError.Of(0.3, -1).OneMinusSquare, 15);
    }

    [Fact]
    public void RectifiedPolynomialIsZeroBelowTheKink()
    {
        Assert.Equal(0.0, RectifiedPolynomial.F(-0.5, 3));
        Assert.Equal(0.125, RectifiedPolynomial.F(0.5, 3));
        Assert.Equal(Math.Pow(2, 7.5), RectifiedPolynomial.F(2, 7.5));
        Assert.Equal(1.0, RectifiedPolynomial.Derivative(0.3, 1));
        Assert.Equal(-8.0, RectifiedPolynomial.SignedPower(-2, 3));
        Assert.Equal(-Math.Pow(2, 2.5), RectifiedPolynomial.SignedPower(-2, 2.5));
    }

    [Theory]
    [InlineData(0, 700)]
    [InlineData(0.5, 700)]
    [InlineData(3, 0)]
    [InlineData(3, -1)]
    [InlineData(double.NaN, 700)]
    public void InvalidParametersAreUsageErrors(double n, double t) =>
        Assert.Throws<InvalidParameterException>(() => new NetworkParameters(n, t));
}
