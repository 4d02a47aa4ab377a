using Bifurcations.Continuation;
using Bifurcations.Linearization;
using Bifurcations.Model;

namespace Bifurcations.Reduced;

/// <summary>A rest point of K identical memories of the exact group system on a continued branch: ᾱ over the system's classes, the labels, stability, and the leading rate of difference.</summary>
public sealed record GroupBranchPoint(double Parameter, double[] ClassAlpha, double[] Labels, Stability Stability, double DifferenceRate);

/// <summary>
/// Where identical memories resting on a branch of the exact group system start (or stop) being able to come apart: the
/// leading rate of difference changes sign there, a branch point of the K-memory system from which split branches leave.
/// </summary>
public sealed record GroupSymmetryBreaking(double Parameter, double[] ClassAlpha, DifferenceMode? Mode, bool UnstableAbove);

/// <summary>A continued branch of the exact group system, its symmetry-breaking points, and the engine's raw branch.</summary>
public sealed record GroupBranch(IReadOnlyList<GroupBranchPoint> Points, IReadOnlyList<GroupSymmetryBreaking> SymmetryBreaking, ContinuationBranch Raw);

/// <summary>
/// Continuation of the rest points of K identical memories of the exact group system (docs/cascade.md, "Continuing the
/// exact group system") in n, T or T_r with the general engine. The rest points of the training rule's map are the zeros
/// of F(x) = (Step(x) − x)/ε, ε = <see cref="Rate"/>, over α and the labels that are not at a clip (a clipped label is
/// held, as the map holds it); the engine takes F's Jacobian by differences (<see cref="FieldProblem"/>) and follows
/// saddles as well as attractors. Along the branch the leading mode of difference between the copies
/// (<see cref="DifferenceModes.LeadingGrowth"/>) is read at every point; where its rate changes sign the point is
/// bisected on the parameter and reported with its mode.
/// </summary>
public static class GroupContinuation
{
    /// <summary>ε of the map whose rest points are followed: small, so F is close to the continuous-time velocity.</summary>
    public const double Rate = 1e-3;

    /// <summary>
    /// Iterates the map from <paramref name="start"/> until no coordinate moves by more than <paramref name="tolerance"/>
    /// in an epoch: the rest point a branch is seeded from. Throws if it does not come to rest within
    /// <paramref name="epochs"/> epochs (a saddle of the symmetric system is not reached this way; seed it otherwise).
    /// </summary>
    public static SpanGroup Settle(GroupSystem system, SpanGroup start, double rate = 0.01, int epochs = 50_000, double tolerance = 1e-12)
    {
        var g = start;
        for (int e = 0; e < epochs; e++)
        {
            var next = system.Step([g], rate)[0];
            double moved = Math.Max(next.Alpha.Zip(g.Alpha).Max(t => Math.Abs(t.First - t.Second)), next.Labels.Zip(g.Labels).Max(t => Math.Abs(t.First - t.Second)));
            g = next;
            if (moved <= tolerance) return g;
        }
        throw new NumericalException($"the group did not come to rest within {epochs} epochs (it may be in a two-cycle or on a slow path); not a branch seed");
    }

    /// <summary>
    /// The branch through the rest point <paramref name="rest"/> of <paramref name="system"/> (at parameter value
    /// <paramref name="p0"/>), followed both ways over [<paramref name="from"/>, <paramref name="to"/>], with the
    /// symmetry-breaking points of <paramref name="copies"/> identical memories along it.
    /// </summary>
    public static GroupBranch Follow(GroupSystem system, int copies, PairParameter parameter, double p0, SpanGroup rest, double from, double to,
        ContinuationSettings? settings = null, CancellationToken cancel = default)
    {
        if (copies < 2) throw new InvalidParameterException($"copies = {copies} is invalid: symmetry breaking needs at least 2 identical memories");
        int p = system.Set.Count;
        // Labels at a clip stay there (the map clamps them); the others are free coordinates.
        int[] free = [.. Enumerable.Range(0, NetworkState.Classes).Where(d => Math.Abs(rest.Labels[d]) < 1)];
        var held = (double[])rest.Labels.Clone();
        GroupSystem At(double value) => system.With(parameter.At(system.Parameters, value));
        SpanGroup Group(double[] u)
        {
            var labels = (double[])held.Clone();
            for (int k = 0; k < free.Length; k++) labels[free[k]] = u[p + k];
            return new SpanGroup(u[..p], labels, copies);
        }
        var problem = new FieldProblem(p + free.Length, parameter.Name, (u, value) =>
        {
            var group = Group(u);
            var next = At(value).Step([group], Rate)[0];
            var f = new double[u.Length];
            for (int i = 0; i < p; i++) f[i] = (next.Alpha[i] - group.Alpha[i]) / Rate;
            for (int k = 0; k < free.Length; k++) f[p + k] = (next.Labels[free[k]] - group.Labels[free[k]]) / Rate;
            return f;
        }, parameterScale: parameter.Scale(system.Parameters));
        double[] u0 = [.. rest.Alpha, .. free.Select(d => rest.Labels[d])];
        // Each step costs a Jacobian of 2(P + labels + 1) map steps; a branch that stalls at a kink (the max-abs pixel or
        // the gradient's largest pixel switching) ends after MaxSteps instead of retrying for minutes.
        var raw = PseudoArclength.Run(problem, u0, p0, SpanContinuation.Settings(from, to, settings ?? new ContinuationSettings { MaxSteps = 1500 }), cancel: cancel);

        double DifferenceRate(double value, double[] u)
        {
            var g = Group(u);
            return Math.Log(DifferenceModes.LeadingGrowth(At(value), [.. g.Alpha, .. g.Labels], copies, Rate)) / Rate;
        }
        // Each rest point's rate of difference is read once, for the points and for the bisection alike.
        var rests = raw.Points.Select(pt => new Rest(pt.Parameter, pt.State, DifferenceRate(pt.Parameter, pt.State))).ToArray();
        var points = raw.Points.Zip(rests, (pt, r) =>
        {
            var g = Group(pt.State);
            return new GroupBranchPoint(pt.Parameter, system.ClassAlpha(g, system.ClassOrder), g.Labels, pt.Stability, r.Rate);
        }).ToArray();
        // Bisection on the engine's own points: each midpoint solved on the branch, the crossing nearest both ends.
        Rest? Mid(double mid, Rest a, Rest b) =>
            raw.Crossings(mid).Select(c => c.State).MinBy(u => Distance(u, a.State) + Distance(u, b.State)) is { } u ? new Rest(mid, u, DifferenceRate(mid, u)) : null;
        var breaking = SymmetryBreaking.Bisect(rests, r => r.Parameter, r => r.Rate, Mid).Select(f =>
        {
            var g = Group(f.Edge.State);
            var mode = DifferenceModes.Of(At(f.Edge.Parameter), [.. g.Alpha, .. g.Labels], copies, Rate) is [var fastest, ..] ? fastest : null;
            return new GroupSymmetryBreaking(f.Edge.Parameter, system.ClassAlpha(g, system.ClassOrder), mode, f.UnstableAbove);
        }).ToArray();
        return new GroupBranch(points, breaking, raw);
    }

    static double Distance(double[] a, double[] b) => a.Zip(b).Max(t => Math.Abs(t.First - t.Second));

    /// <summary>A rest point on the branch (the engine's state) with its rate of difference, for the bisection.</summary>
    sealed record Rest(double Parameter, double[] State, double Rate);
}
