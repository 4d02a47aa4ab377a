using Bifurcations.Analysis;
using Bifurcations.Continuation;
using Bifurcations.Model;
using Bifurcations.Reduced;
using MathNet.Numerics.LinearAlgebra;

namespace Bifurcations.Testing;

public static partial class Invariants
{
    /// <summary>Gradients below this everywhere have underflowed: their direction is round-off (as in the span reduction).</summary>
    const double Underflow = 1e-280;

    /// <summary>
    /// The full network at a lifted state, read in the span of the samples, group by group (<see cref="SpanProjection"/>).
    /// The gradient is the plain reference network's (<see cref="DenseNetwork.Gradient"/>: pixel by pixel, one sample at a
    /// time) and the coefficients come from the samples' pseudo-inverse, so the gradient shares nothing with a reduction
    /// written from the Gram matrix. The training rule that turns it into a velocity in the span chart is the
    /// definition of docs/reduced-model.md written out again here: a model that follows another chart's rule differs
    /// by it, and should restrict <see cref="SpanProjection.GradientAlpha"/> instead.
    /// </summary>
    /// <param name="lift">The samples, parameters and memory groups.</param>
    public static IReadOnlyList<SpanProjection> Project(SpanLift lift)
    {
        var set = lift.Samples;
        int c = NetworkState.Classes;
        if (lift.Groups.Count == 0) throw new ArgumentException("a lift needs at least one group of memories");
        foreach (var g in lift.Groups)
        {
            if (g.Alpha.Length != set.Count) throw new ArgumentException($"a group has {g.Alpha.Length} coefficients for {set.Count} samples");
            if (g.Labels.Length != c) throw new ArgumentException($"a group has {g.Labels.Length} labels, {c} expected");
            if (g.Copies < 1) throw new ArgumentException($"a group has {g.Copies} copies, at least 1 expected");
        }
        int k = lift.Groups.Sum(g => g.Copies);
        var state = new NetworkState(k, set.Dimension);
        var first = new int[lift.Groups.Count];
        int mu = 0;
        for (int gi = 0; gi < lift.Groups.Count; gi++)
        {
            var g = lift.Groups[gi];
            first[gi] = mu;
            for (int copy = 0; copy < g.Copies; copy++, mu++)
            {
                var memory = state.Memory(mu);
                for (int i = 0; i < set.Count; i++)
                    for (int j = 0; j < set.Dimension; j++) memory[j] += g.Alpha[i] * set.Samples[i * set.Dimension + j];
                g.Labels.CopyTo(state.Label(mu));
            }
        }
        var gradient = DenseNetwork.Gradient(state, lift.Parameters, set);
        var span = new MoorePenrose(set).Decompose(gradient.Memories, k);
        return [.. lift.Groups.Select((g, gi) =>
        {
            double[] ga = span.AlphaOf(first[gi]).ToArray(), gl = gradient.Labels.AsSpan(first[gi] * c, c).ToArray();
            var (va, vl) = ChartVelocity(g, ga, gl);
            return new SpanProjection(ga, gl, va, vl, span.RelativeReconstructionError[first[gi]]);
        })];
    }

    /// <summary>The training rule in the span chart (docs/reduced-model.md), from one copy's gradient: see <see cref="SpanProjection"/>.</summary>
    static (double[] Alpha, double[] Labels) ChartVelocity(SpanGroup g, double[] ga, double[] gl)
    {
        double l1 = ga.Sum(Math.Abs);
        var va = ga.Select(x => l1 > 0 ? -x / l1 : 0).ToArray();
        // The renormalization acts on the manifold Σ|α| = 1 when the step points outward (q > 0): it removes the
        // outward part, α·q, to first order in the step.
        double q = va.Select((v, i) => Math.Sign(g.Alpha[i]) * v).Sum(), size = g.Alpha.Sum(Math.Abs);
        if (q > 0 && size >= 1 - PairField.ManifoldTolerance)
            for (int i = 0; i < va.Length; i++) va[i] -= g.Alpha[i] * q;
        double max = gl.Max(Math.Abs);
        var vl = gl.Select((x, d) =>
        {
            double v = max > 0 ? -x / max : 0;
            // A label at its clip that is pushed outward stays there.
            return (g.Labels[d] >= 1 && v > 0) || (g.Labels[d] <= -1 && v < 0) ? 0 : v;
        }).ToArray();
        return (va, vl);
    }

    /// <summary>
    /// The model's velocity is the full network's: at (u, p) the model is lifted to the network (<paramref name="lift"/>
    /// writes its memories out as combinations of real sample vectors), the network's gradient is taken pixel by pixel and
    /// read back in the span (<see cref="Project"/>), and <paramref name="restrict"/> picks from it the components that
    /// are the model's coordinates. Holds when max_i |F_i − R_i| ≤ tolerance·(1 + max|R|): the pseudo-inverse loses
    /// about cond(X) ulps, and 1e-8 leaves room for that at the condition numbers of a few digits and none for a wrong
    /// term. Violated too when the network's gradient leaves the span by more than 1e-9 (then the samples cannot carry
    /// the model). Inconclusive where the samples are nearly dependent (condition number above 1e6, so the coefficients
    /// are not determined) or where a gradient vanishes (below 1e-280 everywhere: an inactive memory, or x^n underflowed;
    /// its direction is then round-off or undefined).
    /// </summary>
    /// <param name="model">The reduced model; its field is the velocity du/dt.</param>
    /// <param name="u">The reduced state.</param>
    /// <param name="p">The parameter.</param>
    /// <param name="lift">The reduced state and parameter as samples, network parameters and memory groups.</param>
    /// <param name="restrict">The model's coordinates of the network's velocity (or gradient), group by group.</param>
    /// <param name="tolerance">Relative tolerance.</param>
    public static CheckResult VelocityIsProjectedGradient(IContinuationProblem model, double[] u, double p,
        Func<double[], double, SpanLift> lift, Func<IReadOnlyList<SpanProjection>, double[]> restrict, double tolerance = 1e-8)
    {
        const string name = "velocity is the network's gradient projected on the span";
        var lifted = lift(u, p);
        var set = lifted.Samples;
        var x = Matrix<double>.Build.Dense(set.Count, set.Dimension, (i, j) => set.Samples[i * set.Dimension + j]);
        double condition = x.ConditionNumber();
        if (!(condition <= 1e6)) return CheckResult.Unsure(name, $"the samples are nearly dependent (condition number {F(condition)}): their coefficients are not determined");
        var projection = Project(lifted);
        if (projection.Any(s => s.GradientAlpha.All(a => Math.Abs(a) < Underflow) || s.GradientLabels.All(a => Math.Abs(a) < Underflow)))
            return CheckResult.Unsure(name, $"the network's gradient vanishes at u = {V(u)}, {model.ParameterName} = {F(p)} (every component below 1e-280: the memory is inactive, or x^n underflowed), so its direction is not defined");
        if (projection.Max(s => s.OutsideSpan) is var outside && !(outside <= 1e-9))
            return CheckResult.Of(name, false, $"the network's gradient leaves the span of the samples by {F(outside)} (relative) at u = {V(u)}: the lift is not a reduction");
        var reference = restrict(projection);
        if (Field(model, u, p) is not { } f) return CheckResult.Of(name, false, $"the model is not defined at u = {V(u)}, {model.ParameterName} = {F(p)}, where the network is");
        if (f.Length != reference.Length) return CheckResult.Of(name, false, $"the model has {f.Length} velocity components, the restriction {reference.Length}");
        double worst = f.Zip(reference).Max(t => Math.Abs(t.First - t.Second)), scale = 1 + reference.Max(Math.Abs);
        return CheckResult.Of(name, worst <= tolerance * scale,
            $"at u = {V(u)}, {model.ParameterName} = {F(p)}: model {V(f)}, network {V(reference)}, largest difference {F(worst)} (allowed {F(tolerance * scale)})");
    }
}
