using Bifurcations.Continuation;
using Bifurcations.Data;
using Bifurcations.Model;
using Bifurcations.Reduced;

namespace Bifurcations.Tests;

/// <summary>A field's Jacobian differenced on several threads, and the stability read from the corrector's last Jacobian.</summary>
public class FieldProblemTests
{
    static double[,] Jacobian(FieldProblem problem, double[] u, double p)
    {
        var j = new double[problem.Dimension, problem.Dimension + 1];
        Assert.True(problem.Evaluate(u, p, new double[problem.Dimension], j));
        return j;
    }

    [Fact]
    public void TheJacobianIsTheSameBitsOnAnyThreadCount()
    {
        // A coupled nonlinear field of 40 states: every column differenced on 1, 2 and 7 threads must agree bit for bit.
        double[] Field(double[] u, double p) => [.. u.Select((x, i) => Math.Sin(p * x) + x * u[(i + 1) % u.Length] - Math.Exp(-x * x) * u[(i + 7) % u.Length])];
        var u = Enumerable.Range(0, 40).Select(i => Math.Cos(1.3 * i)).ToArray();
        var one = Jacobian(new FieldProblem(40, "p", Field), u, 0.7);
        foreach (int threads in new[] { 2, 7 })
        {
            var many = Jacobian(new FieldProblem(40, "p", Field, threads: threads), u, 0.7);
            Assert.Equal(one.Cast<double>().Select(BitConverter.DoubleToInt64Bits), many.Cast<double>().Select(BitConverter.DoubleToInt64Bits));
        }
        Assert.Throws<InvalidParameterException>(() => new FieldProblem(40, "p", Field, threads: 0));
    }

    [Fact]
    public void AFieldsErrorOnAWorkerThreadComesOutAsItself()
    {
        // The CLI turns the library's errors into one line; an AggregateException around them would be an internal error.
        var problem = new FieldProblem(8, "p", (u, p) => u[3] > 0.5 ? throw new NumericalException("the field failed") : [.. u], threads: 2);
        var e = Assert.Throws<NumericalException>(() => Jacobian(problem, [0, 0, 0, 0.5, 0, 0, 0, 0], 1));
        Assert.Equal("the field failed", e.Message);
    }

    [Fact]
    public void StabilityAfterEvaluateIsTheStabilityOfAFreshProblem()
    {
        // Stability reuses the Jacobian of the last Evaluate at the same point; a fresh problem differences it anew.
        double[] Field(double[] u, double p) => [u[0] * (p - u[0] * u[0]) + 0.1 * u[1], -u[1] + u[0] * u[0]];
        var used = new FieldProblem(2, "p", Field);
        double[] u = [0.8, 0.5];
        Jacobian(used, u, 0.3);
        var (reused, s1) = used.Stability(u, 0.3);
        var (fresh, s2) = new FieldProblem(2, "p", Field).Stability(u, 0.3);
        Assert.Equal(s2, s1);
        Assert.Equal(fresh.Select(e => e.Real), reused.Select(e => e.Real));
        // Elsewhere it differences again: the point (0, 0) at p = 0.3 is a saddle (eigenvalues 0.3 and −1), (0.8, 0.5) is not.
        Assert.Equal(Linearization.Stability.Saddle, used.Stability([0, 0], 0.3).Stability);
        Assert.NotEqual(Linearization.Stability.Saddle, s1);
    }

    [Fact]
    public void TheLeadingGrowthIsTheSameBitsOnAnyThreadCount()
    {
        var set = new DigitSelection([1, 4, 7], 4, 1).Select(MnistSet.Embedded);
        var system = new GroupSystem(set, NetworkParameters.FromReducedTemperature(30, 1.0), [1, 4, 7]);
        double[] x = [.. Enumerable.Range(0, set.Count).Select(i => 0.02 + 0.01 * Math.Sin(i)), .. Enumerable.Repeat(-0.4, 10)];
        double one = DifferenceModes.LeadingGrowth(system, x, 100, 1e-3);
        double two = DifferenceModes.LeadingGrowth(system, x, 100, 1e-3, threads: 2);
        Assert.Equal(BitConverter.DoubleToInt64Bits(one), BitConverter.DoubleToInt64Bits(two));
    }
}
