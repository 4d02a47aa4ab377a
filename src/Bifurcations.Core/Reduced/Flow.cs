using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.OdeSolvers;

namespace Bifurcations.Reduced;

public enum FlowMethod
{
    /// <summary>Classical Runge–Kutta (Math.NET's fixed-step RK4).</summary>
    RungeKutta4,
    /// <summary>The paper's forward Euler: exactly what one training epoch of learning rate dt does.</summary>
    Euler,
}

/// <summary>A trajectory of the 2-D (α, ℓ) system: time (in units of the learning rate) and the state.</summary>
public sealed record Trajectory(ManifoldBranch Branch, double[] Time, double[] Alpha, double[] Ell);

/// <summary>
/// Integrates the reduced (α, ℓ) flow on a branch. The field is normalized (|α̇|, |ℓ̇| ≤ ~2), so a step dt
/// moves the state by at most ~2dt whatever the stiffness; near the label nullcline a too large dt makes
/// the paper's Euler scheme oscillate about it (SPEC §9), so use dt ≲ 1e-3 where that matters.
/// </summary>
public static class Flow
{
    public static Trajectory Integrate(PairModel model, ManifoldBranch branch, double alpha, double ell, double duration, int steps,
        FlowMethod method = FlowMethod.RungeKutta4)
    {
        if (!(duration > 0)) throw new UsageException($"flow duration {duration} must be > 0");
        if (steps < 1) throw new UsageException($"flow steps {steps} must be at least 1");
        double dt = duration / steps;
        var time = new double[steps + 1];
        var a = new double[steps + 1];
        var l = new double[steps + 1];
        if (method == FlowMethod.Euler)
        {
            a[0] = alpha; l[0] = ell;
            for (int k = 0; k < steps; k++)
            {
                var v = PairField.OnManifold(model, a[k], l[k], branch);
                a[k + 1] = Math.Clamp(a[k] + dt * v.Alpha.Value, -1, 1);
                l[k + 1] = Math.Clamp(l[k] + dt * v.Ell.Value, -1, 1);
                time[k + 1] = (k + 1) * dt;
            }
            return new Trajectory(branch, time, a, l);
        }
        var states = RungeKutta.FourthOrder(Vector<double>.Build.Dense([alpha, ell]), 0, duration, steps + 1, (_, y) =>
        {
            var v = PairField.OnManifold(model, Math.Clamp(y[0], -1, 1), Math.Clamp(y[1], -1, 1), branch);
            return Vector<double>.Build.Dense([v.Alpha.Value, v.Ell.Value]);
        });
        for (int k = 0; k <= steps; k++)
        {
            time[k] = k * dt;
            a[k] = Math.Clamp(states[k][0], -1, 1);
            l[k] = Math.Clamp(states[k][1], -1, 1);
        }
        return new Trajectory(branch, time, a, l);
    }

    /// <summary>Short trajectories from a grid of seeds, for drawing the flow.</summary>
    public static IReadOnlyList<Trajectory> StreamField(PairModel model, ManifoldBranch branch, (double From, double To) alphaRange,
        (double From, double To) ellRange, int seedsPerAxis = 12, double duration = 0.15, int steps = 150)
    {
        var lines = new Trajectory[seedsPerAxis * seedsPerAxis];
        Parallel.For(0, lines.Length, k =>
        {
            int i = k / seedsPerAxis, j = k % seedsPerAxis;
            double a = alphaRange.From + (alphaRange.To - alphaRange.From) * (i + 0.5) / seedsPerAxis;
            double l = ellRange.From + (ellRange.To - ellRange.From) * (j + 0.5) / seedsPerAxis;
            lines[k] = Integrate(model, branch, a, l, duration, steps);
        });
        return lines;
    }
}
