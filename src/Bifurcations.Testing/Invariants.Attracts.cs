using Bifurcations.Continuation;
using Bifurcations.Linearization;
using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.OdeSolvers;

namespace Bifurcations.Testing;

public static partial class Invariants
{
    /// <summary>
    /// A point the model calls stable attracts: from u ± <paramref name="radius"/> along every coordinate, the flow
    /// du/dt = F (integrated by Math.NET's fourth-order Runge–Kutta) returns to within radius/10 of u after ten times the
    /// slowest time scale, 10/min|Re λ|; linearly the distance shrinks by e^−10 there, so a tenth leaves room for the
    /// nonlinear terms at that radius and none for a start that drifts away or stalls. The steps are as many as the
    /// fastest eigenvalue needs for the explicit scheme to be stable (|hλ| ≤ 2). The eigenvalues only set the time: a
    /// saddle or a source the model calls stable is caught by a start that leaves (more than 10·radius away at any
    /// step). Each start must lie where the linearization holds (F within half of J·d there); a kink closer than the
    /// radius (a switch of the field's form) makes the check inconclusive. Inconclusive also where the model does not
    /// report u stable, where u is not a fixed point
    /// (<see cref="ScaledResidual"/>), where an eigenvalue has Re λ = 0, where the field is stiffer than 20 000 steps
    /// allow, or where it is undefined along a path.
    /// </summary>
    public static CheckResult Attracts(IContinuationProblem problem, double[] u, double p, double radius = 1e-3)
    {
        const string name = "stable point attracts";
        if (!(radius > 0)) throw new ArgumentException($"radius {radius} is invalid: it must be > 0");
        if (ScaledResidual(problem, u, p) is { Verdict: not Verdict.Holds } fixedPoint)
            return CheckResult.Unsure(name, $"u = {V(u)} is not a fixed point to judge: {fixedPoint.Message}");
        if (Linearize(problem, u, p) is not var (_, j)) return CheckResult.Unsure(name, $"the problem is not defined at u = {V(u)}");
        int m = problem.Dimension;
        if (problem.Stability(u, p).Stability != Linearization.Stability.Stable)
            return CheckResult.Unsure(name, $"the model does not call u = {V(u)} stable");
        if (Decide(() => JacobianEigen.Of(j, m)) is not { } decomposition)
            return CheckResult.Unsure(name, $"the eigenvalues of ∂F/∂u at u = {V(u)} could not be computed");
        var eigen = decomposition.EigenValues;
        if (eigen.Any(z => z.Real == 0)) return CheckResult.Unsure(name, $"∂F/∂u at u = {V(u)} has an eigenvalue with zero real part: no time scale");
        double slow = eigen.Min(z => Math.Abs(z.Real)), fast = eigen.Max(z => z.Magnitude), time = 10 / slow;
        double stepsNeeded = Math.Ceiling(time * fast / 2);
        if (!(stepsNeeded <= 20_000)) return CheckResult.Unsure(name, $"the field is too stiff for an explicit check (|λ| from {F(slow)} to {F(fast)})");
        int steps = Math.Max(100, (int)stepsNeeded);
        var at = Vector<double>.Build.Dense(u);
        Vector<double> Velocity(double _, Vector<double> y) => Vector<double>.Build.Dense(Field(problem, [.. y], p) ?? [.. Enumerable.Repeat(double.NaN, m)]);
        double worst = 0;
        foreach (int c in Enumerable.Range(0, m))
            foreach (int sign in new[] { -1, 1 })
            {
                var start = at.Clone();
                start[c] += sign * radius;
                // The start must lie where the linearization holds (F within half of J·d): past a kink within the radius
                // (the renormalization switching off beside a point on the manifold) the flow is another field, and
                // whether it returns says nothing about this point's stability.
                var linear = Enumerable.Range(0, m).Select(i => j[i, c] * sign * radius).ToArray();
                if (Field(problem, [.. start], p) is not { } f0) return CheckResult.Unsure(name, $"the field is undefined at the start {V(start)}");
                double off = f0.Zip(linear).Max(t => Math.Abs(t.First - t.Second));
                if (!(off <= 0.5 * linear.Max(Math.Abs)))
                    return CheckResult.Unsure(name, $"the field is not linear within {F(radius)} of u = {V(u)}: at {V(start)} it is {V(f0)}, the linearization says {V(linear)}");
                var path = RungeKutta.FourthOrder(start, 0, time, steps, Velocity);
                foreach (var y in path)
                {
                    double away = (y - at).AbsoluteMaximum();
                    if (away > 10 * radius)
                        return CheckResult.Of(name, false, $"from {V(start)} the flow leaves u = {V(u)} (it reaches {F(away)} away), {problem.ParameterName} = {F(p)}");
                    if (!double.IsFinite(away)) return CheckResult.Unsure(name, $"the field is undefined along the path from {V(start)}");
                }
                double distance = (path[^1] - at).AbsoluteMaximum();
                worst = Math.Max(worst, distance);
                if (!(distance <= radius / 10))
                    return CheckResult.Of(name, false, $"from {V(start)} the flow is {F(distance)} from u = {V(u)} after t = {F(time)} (allowed {F(radius / 10)}), {problem.ParameterName} = {F(p)}");
            }
        return CheckResult.Of(name, true, $"every start {F(radius)} from u = {V(u)} returned to within {F(worst)} by t = {F(time)}");
    }
}
