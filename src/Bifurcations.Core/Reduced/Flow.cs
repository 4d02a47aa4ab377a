using Bifurcations.Training;
using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.OdeSolvers;

namespace Bifurcations.Reduced;

/// <summary>How the flow is integrated.</summary>
public enum FlowMethod
{
    /// <summary>Classical Runge–Kutta (Math.NET's fixed-step RK4).</summary>
    RungeKutta4,
    /// <summary>The paper's forward Euler: exactly what one training epoch of learning rate dt does.</summary>
    Euler,
}

/// <summary>
/// A trajectory of the 2-D (α, ℓ) system: time (in units of the learning rate) and the state.
/// <see cref="LabelReversals"/> counts the steps where ℓ moved against its previous step: many of them mean the step
/// is coarser than the label's relaxation and the path chatters across the label nullcline.
/// </summary>
public sealed record Trajectory(ManifoldBranch Branch, double[] Time, double[] Alpha, double[] Ell)
{
    /// <summary>How many steps reversed the direction of ℓ (many: the step chatters across the label nullcline).</summary>
    public int LabelReversals
    {
        get
        {
            int count = 0;
            for (int k = 2; k < Ell.Length; k++)
                if ((Ell[k] - Ell[k - 1]) * (Ell[k - 1] - Ell[k - 2]) < 0) count++;
            return count;
        }
    }

    /// <summary>Whether more than a tenth of the steps reversed ℓ: the integration is not resolving the label.</summary>
    public bool Chatters => Ell.Length > 20 && LabelReversals > (Ell.Length - 2) / 10;

    /// <summary>
    /// Where an explicit scheme stopped at a point that is not a fixed point (its stages cancel on this stiff system): the
    /// field's speed max(|α̇|, |ℓ̇|) at the end when the last 100 steps moved the state by less than 1e-12 while that speed
    /// is above 1e-6; null when the end is not such a numerical equilibrium (or the trajectory is too short to say).
    /// </summary>
    public double? StuckSpeed(PairModel model)
    {
        if (Time.Length <= 100) return null;
        int last = Time.Length - 1;
        double moved = Math.Abs(Alpha[last] - Alpha[last - 100]) + Math.Abs(Ell[last] - Ell[last - 100]);
        var v = PairField.ManifoldVelocity(model, Alpha[last], Ell[last], Branch);
        double speed = Math.Max(Math.Abs(v.Alpha), Math.Abs(v.Ell));
        return moved < 1e-12 && speed > 1e-6 ? speed : null;
    }
}

/// <summary>
/// Integrates the reduced (α, ℓ) flow on a branch. The field is normalized (|α̇|, |ℓ̇| ≤ ~2), so a step dt
/// moves the state by at most ~2dt whatever the stiffness; near the label nullcline a too large dt makes
/// the paper's Euler scheme oscillate about it (docs/model.md, known answers), so use dt ≲ 1e-3 where that matters.
/// </summary>
public static class Flow
{
    /// <summary>The most steps a trajectory may have (three doubles each are kept).</summary>
    public const int MaxSteps = 10_000_000;

    /// <summary>The largest step dt: the normalized field moves the state by up to ~2·dt per step.</summary>
    public const double MaxStep = 0.05;

    /// <summary>Integrates the flow on a branch from (α, ℓ) for <paramref name="duration"/> in <paramref name="steps"/> steps.</summary>
    public static Trajectory Integrate(PairModel model, ManifoldBranch branch, double alpha, double ell, double duration, int steps,
        FlowMethod method = FlowMethod.RungeKutta4)
    {
        if (!(duration > 0)) throw new InvalidParameterException($"flow duration {duration} must be > 0");
        if (steps < 1) throw new InvalidParameterException($"flow steps {steps} must be at least 1");
        if (steps > MaxSteps) throw new InvalidParameterException($"flow steps {steps} is over the limit of {MaxSteps} (the trajectory is kept in memory)");
        // The field's speed is up to ~2 on a square of side 2: a larger step jumps across the whole plane (and RK4 or
        // Euler then end anywhere, e.g. at (−1, −1) for a duration of 1e6 with 20 000 steps).
        if (duration / steps > MaxStep)
            throw new InvalidParameterException(FormattableString.Invariant($"the step dt = duration/steps = {duration / steps:G3} is over {MaxStep}: the state would move across the whole (α, ℓ) square in one step; give more steps or a shorter duration (dt ≤ {MaxStep})"));
        PairTerms.EnsureRepresentable(model);
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
        PairTerms.EnsureRepresentable(model);
        Parallelism.ForEach(lines.Length, k =>
        {
            int i = k / seedsPerAxis, j = k % seedsPerAxis;
            double a = alphaRange.From + (alphaRange.To - alphaRange.From) * (i + 0.5) / seedsPerAxis;
            double l = ellRange.From + (ellRange.To - ellRange.From) * (j + 0.5) / seedsPerAxis;
            lines[k] = Integrate(model, branch, a, l, duration, steps);
        });
        return lines;
    }

    /// <summary>
    /// Slow-flow paths (<see cref="SlowFlow"/>) from starts spread over an α range, drawn on one branch: where the label
    /// relaxes within a band thinner than a figure's ℓ range, integrated stream lines only chatter across it, while
    /// these paths follow the label states the solver sees. Time is the distance walked along the manifold.
    /// </summary>
    public static IReadOnlyList<Trajectory> SlowPaths(PairModel model, ManifoldBranch branch, (double From, double To) alphaRange,
        (double From, double To) ellRange, int starts = 12)
    {
        PairTerms.EnsureRepresentable(model);
        var lines = new Trajectory[starts * 2];
        Parallelism.ForEach(lines.Length, k =>
        {
            double a = alphaRange.From + (alphaRange.To - alphaRange.From) * (k / 2 + 0.5) / starts;
            double l = k % 2 == 0 ? ellRange.From : ellRange.To;
            var end = SlowFlow.Run(model, branch, a, l, new SlowFlowOptions(Math.Min(2e-3, (alphaRange.To - alphaRange.From) / 200), 4000, RecordPath: true));
            var onBranch = end.Path.TakeWhile(x => branch == ManifoldBranch.Upper ? x.AlphaB >= 0 : x.AlphaB <= 0).ToArray();
            lines[k] = new Trajectory(branch, Enumerable.Range(0, onBranch.Length).Select(i => (double)i).ToArray(),
                onBranch.Select(x => x.AlphaA).ToArray(), onBranch.Select(x => x.Ell).ToArray());
        });
        return lines.Where(t => t.Alpha.Length >= 2).ToArray();
    }
}
