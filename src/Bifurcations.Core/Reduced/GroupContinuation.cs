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
/// <param name="Parameter">Where the rate of difference changes sign.</param>
/// <param name="ClassAlpha">ᾱ of the identical memories there.</param>
/// <param name="Mode">The leading mode of difference there (growth 1 per epoch): the direction the copies part along.</param>
/// <param name="UnstableAbove">Whether the copies come apart above the point (else below).</param>
/// <param name="Rest">The rest point there: the split branches leave from it (<see cref="GroupContinuation.FollowSplit"/>).</param>
/// <param name="AcrossKink">
/// True where the rate changes sign across a kink the branch was carried over (between two pieces): the point is the
/// middle of the gap, not bisected, and has no rest point or mode; no split branch can leave from it.
/// </param>
public sealed record GroupSymmetryBreaking(double Parameter, double[] ClassAlpha, DifferenceMode? Mode, bool UnstableAbove, SpanGroup? Rest = null, bool AcrossKink = false);

/// <summary>A rest point of a split branch: two groups of identical memories at rest together, each with its ᾱ, and the stability of the two-group system.</summary>
public sealed record GroupSplitPoint(double Parameter, SpanGroup A, SpanGroup B, double[] ClassAlphaA, double[] ClassAlphaB, Stability Stability);

/// <summary>A split branch out of a symmetry-breaking point: its points, and the engine's raw branch over both groups' coordinates.</summary>
public sealed record GroupSplitBranch(int CopiesA, int CopiesB, IReadOnlyList<GroupSplitPoint> Points, ContinuationBranch Raw);

/// <summary>
/// A place where the engine stalled on a kink of the map (the memory's or the gradient's largest pixel switching) and the
/// branch was picked up again beyond it: the last point before, the first after, and how far the state moved between.
/// </summary>
public sealed record GroupKink(double From, double To, double StateJump);

/// <summary>
/// A continued branch of the exact group system, its symmetry-breaking points, the kinks it was carried across, and the
/// engine's pieces (one per stretch between kinks, in order along the branch).
/// </summary>
public sealed record GroupBranch(IReadOnlyList<GroupBranchPoint> Points, IReadOnlyList<GroupSymmetryBreaking> SymmetryBreaking, IReadOnlyList<GroupKink> Kinks,
    IReadOnlyList<ContinuationBranch> Pieces)
{
    /// <summary>The solutions at p on every piece (see <see cref="ContinuationBranch.Crossings"/>).</summary>
    public IEnumerable<double[]> Crossings(double p) => Pieces.SelectMany(piece => piece.Crossings(p).Select(c => c.State));
}

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
        ContinuationSettings? settings = null, IProgress<double>? progress = null, CancellationToken cancel = default)
    {
        if (copies < 2) throw new InvalidParameterException($"copies = {copies} is invalid: symmetry breaking needs at least 2 identical memories");
        // Progress: the first half is the share of [from, to] the walk has reached, the second the rest points whose rate
        // of difference has been read. The field is evaluated on several threads at once: the reach is kept under a lock.
        var reach = (Low: p0, High: p0, Reported: 0.0);
        var gate = new object();
        void Reached(double value)
        {
            if (progress is null || !(to > from)) return;
            double share;
            lock (gate)
            {
                reach = (Math.Min(reach.Low, value), Math.Max(reach.High, value), reach.Reported);
                share = Math.Clamp((reach.High - reach.Low) / (to - from), 0, 1) / 2;
                if (share < reach.Reported + 0.01) return;
                reach.Reported = share;
                progress.Report(share);
            }
        }
        var (problem, groupsOf, free) = RestProblem(system, parameter, [copies], rest.Labels, Reached);
        GroupSystem At(double value) => system.With(parameter.At(system.Parameters, value));
        SpanGroup Group(double[] u) => groupsOf(u)[0];
        double[] u0 = [.. rest.Alpha, .. free.Select(d => rest.Labels[d])];
        // Each step costs a Jacobian of 2(P + labels + 1) map steps; a branch that stalls at a kink (the max-abs pixel or
        // the gradient's largest pixel switching) ends after MaxSteps instead of retrying for minutes.
        // At a kink the corrector keeps succeeding with ever smaller steps: the smallest step is kept at 1e-4 (arclength
        // in scaled units), so the walker stalls there at once and the branch is carried across (PastKinks) instead of
        // crawling.
        var s = settings ?? new ContinuationSettings { MaxSteps = 1500, MinStep = 1e-4 };
        ContinuationBranch Run(double[] u, double at, double lo, double hi) =>
            PseudoArclength.Run(problem, u, at, SpanContinuation.Settings(lo, hi, s), cancel: cancel);
        var (pieces, kinks) = PastKinks(problem, Run(u0, p0, from, to), from, to, Run, parameter.Scale(system.Parameters));
        var raw = new ContinuationBranch([.. pieces.SelectMany(b => b.Points)], [.. pieces.SelectMany(b => b.SpecialPoints)], pieces[0].Start, pieces[^1].Finish);

        double DifferenceRate(double value, double[] u)
        {
            var g = Group(u);
            return Math.Log(DifferenceModes.LeadingGrowth(At(value), [.. g.Alpha, .. g.Labels], copies, Rate, Environment.ProcessorCount)) / Rate;
        }
        // Each rest point's rate of difference is read once, for the points and for the bisection alike.
        int read = 0;
        var rests = raw.Points.Select(pt =>
        {
            var rest = new Rest(pt.Parameter, pt.State, DifferenceRate(pt.Parameter, pt.State));
            progress?.Report(0.5 + 0.5 * ++read / raw.Points.Count);
            return rest;
        }).ToArray();
        var points = raw.Points.Zip(rests, (pt, r) =>
        {
            var g = Group(pt.State);
            return new GroupBranchPoint(pt.Parameter, system.ClassAlpha(g, system.ClassOrder), g.Labels, pt.Stability, r.Rate);
        }).ToArray();
        // Bisection on each piece's own points: each midpoint solved on that piece, the crossing nearest both ends. A sign
        // change between two pieces (across a kink's gap) is reported as such, not bisected.
        var breaking = new List<GroupSymmetryBreaking>();
        int offset = 0;
        for (int k = 0; k < pieces.Count; k++)
        {
            var piece = pieces[k];
            var own = rests[offset..(offset + piece.Points.Count)];
            Rest? Mid(double mid, Rest a, Rest b) =>
                piece.Crossings(mid).Select(c => c.State).MinBy(u => Distance(u, a.State) + Distance(u, b.State)) is { } u ? new Rest(mid, u, DifferenceRate(mid, u)) : null;
            breaking.AddRange(SymmetryBreaking.Bisect(own, r => r.Parameter, r => r.Rate, Mid).Select(f =>
            {
                var g = Group(f.Edge.State);
                // At the point the leading mode neither grows nor decays: it is taken with the decaying ones included.
                var mode = DifferenceModes.Of(At(f.Edge.Parameter), [.. g.Alpha, .. g.Labels], copies, Rate, growingOnly: false) is [var fastest, ..] ? fastest : null;
                return new GroupSymmetryBreaking(f.Edge.Parameter, system.ClassAlpha(g, system.ClassOrder), mode, f.UnstableAbove, g);
            }));
            offset += piece.Points.Count;
            if (k + 1 < pieces.Count && own.Length > 0 && offset < rests.Length && Math.Sign(own[^1].Rate) * Math.Sign(rests[offset].Rate) < 0)
            {
                var (before, after) = (own[^1], rests[offset]);
                double mid = (before.Parameter + after.Parameter) / 2;
                bool unstableAbove = after.Parameter > before.Parameter ? after.Rate > 0 : before.Rate > 0;
                breaking.Add(new GroupSymmetryBreaking(mid, system.ClassAlpha(Group(before.State), system.ClassOrder), null, unstableAbove, AcrossKink: true));
            }
        }
        return new GroupBranch(points, breaking, kinks, pieces);
    }

    /// <summary>
    /// The rest points of groups of identical memories (<paramref name="copies"/> of each) under the training rule's map as
    /// the zeros of F(x) = (Step(x) − x)/ε over each group's α and free labels: a label at a clip in
    /// <paramref name="labels"/> is held there for every group (the map clamps it), the others are coordinates.
    /// </summary>
    static (FieldProblem Problem, Func<double[], SpanGroup[]> Groups, int[] Free) RestProblem(GroupSystem system, PairParameter parameter, int[] copies, double[] labels,
        Action<double>? evaluatedAt = null)
    {
        int p = system.Set.Count;
        int[] free = [.. Enumerable.Range(0, NetworkState.Classes).Where(d => Math.Abs(labels[d]) < 1)];
        var held = (double[])labels.Clone();
        int width = p + free.Length;
        SpanGroup[] Groups(double[] u) => [.. copies.Select((k, g) =>
        {
            var l = (double[])held.Clone();
            for (int j = 0; j < free.Length; j++) l[free[j]] = u[g * width + p + j];
            return new SpanGroup(u[(g * width)..(g * width + p)], l, k);
        })];
        var problem = new FieldProblem(width * copies.Length, parameter.Name, (u, value) =>
        {
            evaluatedAt?.Invoke(value);
            var groups = Groups(u);
            var next = system.With(parameter.At(system.Parameters, value)).Step(groups, Rate);
            var f = new double[u.Length];
            for (int g = 0; g < groups.Length; g++)
            {
                for (int i = 0; i < p; i++) f[g * width + i] = (next[g].Alpha[i] - groups[g].Alpha[i]) / Rate;
                for (int j = 0; j < free.Length; j++) f[g * width + p + j] = (next[g].Labels[free[j]] - groups[g].Labels[free[j]]) / Rate;
            }
            return f;
        }, parameterScale: parameter.Scale(system.Parameters), threads: Environment.ProcessorCount); // a step allocates its own arrays: safe to call at once
        return (problem, Groups, free);
    }

    /// <summary>
    /// The branch where groups of <paramref name="copies"/> identical memories all rest at the same point
    /// <paramref name="rest"/> (at <paramref name="p0"/>), continued over [<paramref name="from"/>, <paramref name="to"/>] in
    /// the system of those groups, with the engine's own branch-point test. Its branch points are where another branch,
    /// a split one, crosses: a check, by an independent test (the determinant of the augmented Jacobian), of the
    /// symmetry-breaking points that <see cref="Follow"/> finds from the rate of difference. A located branch point can be
    /// handed to <see cref="PseudoArclength.SwitchBranch"/> to follow the split branch. No kinks are crossed.
    /// </summary>
    public static ContinuationBranch FollowTogether(GroupSystem system, int[] copies, PairParameter parameter, double p0, SpanGroup rest, double from, double to,
        ContinuationSettings? settings = null, CancellationToken cancel = default)
    {
        if (copies.Length < 2 || copies.Any(k => k < 1)) throw new InvalidParameterException($"copies {string.Join(", ", copies)} are invalid: at least two groups of at least 1 memory are needed");
        var at = system.With(parameter.At(system.Parameters, p0));
        var (problem, _, free) = RestProblem(at, parameter, copies, rest.Labels);
        double[] one = [.. rest.Alpha, .. free.Select(d => rest.Labels[d])];
        return PseudoArclength.Run(problem, [.. copies.SelectMany(_ => one)], p0,
            SpanContinuation.Settings(from, to, settings ?? new ContinuationSettings { MaxSteps = 400, MinStep = 1e-4 }), cancel: cancel);
    }

    /// <summary>
    /// A split branch out of a symmetry-breaking point of a branch of K = <paramref name="copiesA"/> +
    /// <paramref name="copiesB"/> identical memories: the rest points of two groups, followed over
    /// [<paramref name="from"/>, <paramref name="to"/>] from the breaking point's rest point, left along the breaking mode
    /// (group A moved by K_B/K of it, group B by −K_A/K, so their mean stays). The symmetric branch is a rest-point set of
    /// the two-group system too; the mode is transverse to it. With equal groups the split branch is a pitchfork and
    /// leaves along the mode; with unequal ones it is transcritical and leaves at an angle, so each way starts at the
    /// rest point a short way out along the mode (<see cref="PseudoArclength.Leave"/>).
    /// </summary>
    public static GroupSplitBranch FollowSplit(GroupSystem system, GroupSymmetryBreaking breaking, int copiesA, int copiesB, PairParameter parameter,
        double from, double to, ContinuationSettings? settings = null, CancellationToken cancel = default)
    {
        if (copiesA < 1 || copiesB < 1) throw new InvalidParameterException($"copies {copiesA} and {copiesB} are invalid: each group needs at least 1");
        if (breaking.Rest is not { } rest || breaking.Mode is not { } mode)
            throw new InvalidParameterException("the symmetry-breaking point has no rest point or mode to leave from");
        var atBreak = system.With(parameter.At(system.Parameters, breaking.Parameter));
        var (problem, groupsOf, free) = RestProblem(atBreak, parameter, [copiesA, copiesB], rest.Labels);
        int p = system.Set.Count, k = copiesA + copiesB;
        double[] one = [.. rest.Alpha, .. free.Select(d => rest.Labels[d])];
        // The mode in the free coordinates (α, then the labels that are not held).
        double[] direction = [.. mode.Direction.Take(p), .. free.Select(d => mode.Direction[p + d])];
        double[] tangent = [.. direction.Select(v => (double)copiesB / k * v), .. direction.Select(v => -(double)copiesA / k * v), 0];
        // The corrector's border is the difference A − B alone: zero on the whole symmetric branch, so the first point cannot
        // fall back onto it (with unequal groups the tangent itself is not orthogonal to that branch).
        double[] border = [.. direction, .. direction.Select(v => -v), 0];
        var raw = PseudoArclength.Leave(problem, [.. one, .. one], breaking.Parameter, tangent,
            SpanContinuation.Settings(from, to, settings ?? new ContinuationSettings { MaxSteps = 400, MinStep = 1e-4 }), border, cancel);
        var points = raw.Points.Select(pt =>
        {
            var g = groupsOf(pt.State);
            return new GroupSplitPoint(pt.Parameter, g[0], g[1], atBreak.ClassAlpha(g[0], system.ClassOrder), atBreak.ClassAlpha(g[1], system.ClassOrder), pt.Stability);
        }).ToArray();
        return new GroupSplitBranch(copiesA, copiesB, points, raw);
    }

    /// <summary>How many kinks one branch is carried across at most.</summary>
    const int MaxKinks = 40;

    /// <summary>
    /// Where a direction of the branch stalled, the rest point is solved again at a parameter a little beyond the last
    /// point (Newton at fixed parameter from the last state, then from the straight extrapolation of the last two), and
    /// the branch followed on from there: the map's kinks are corners of the branch, which a natural-parameter step
    /// crosses where pseudo-arclength, which needs a tangent, cannot. A jump is taken only where Newton converges
    /// within 0.2 of its start, so it does not land on another branch far away; where none converges, the stall stays.
    /// </summary>
    static (List<ContinuationBranch> Pieces, List<GroupKink> Kinks) PastKinks(FieldProblem problem, ContinuationBranch first, double from, double to,
        Func<double[], double, double, double, ContinuationBranch> run, double scale)
    {
        var pieces = new List<ContinuationBranch> { first };
        var kinks = new List<GroupKink>();
        foreach (bool forward in new[] { true, false })
        {
            // The direction the branch moves in at this end: from its last two points, or, where a piece stalled at once
            // (its end points both at the jump's target), the direction of the jump that made it.
            double carried = 0;
            while (kinks.Count < MaxKinks)
            {
                var edge = forward ? pieces[^1] : pieces[0];
                var end = forward ? edge.Finish : edge.Start;
                if (end.Reason != BranchEndReason.Stalled || edge.Points.Count < 1) break;
                var last = forward ? edge.Points[^1] : edge.Points[0];
                var before = edge.Points.Count < 2 ? last : forward ? edge.Points[^2] : edge.Points[1];
                double run0 = Math.Abs(last.Parameter - before.Parameter);
                bool moving = run0 > 1e-9 * scale;
                double direction = moving ? Math.Sign(last.Parameter - before.Parameter) : carried;
                if (direction == 0) break;
                GroupKink? kink = null;
                foreach (double step in new[] { 0.001, 0.003, 0.01, 0.03, 0.1, 0.3 })
                {
                    double target = last.Parameter + direction * step * scale;
                    if (target < Math.Min(from, to) || target > Math.Max(from, to)) break;
                    double[] extrapolated = [.. last.State.Zip(before.State, (a, b) => a + (a - b) * step * scale / run0)];
                    var u = PseudoArclength.SolveAt(problem, last.State, target) ?? (moving ? PseudoArclength.SolveAt(problem, extrapolated, target) : null);
                    if (u is null) continue;
                    // The new piece runs on in the jump's direction (which need not be the list end's: a fold may come first).
                    var next = direction > 0 ? run(u, target, target, Math.Max(from, to)) : run(u, target, Math.Min(from, to), target);
                    if (next.Points.Count < 2) continue;
                    // Each piece runs on from the kink: its point list starts there going forward (ends there going back).
                    bool startsAtKink = Math.Abs(next.Points[0].Parameter - target) <= Math.Abs(next.Points[^1].Parameter - target);
                    if (startsAtKink != forward) next = next with { Points = [.. next.Points.Reverse()], Start = next.Finish, Finish = next.Start };
                    kink = new GroupKink(last.Parameter, target, Distance(u, last.State));
                    if (forward) pieces.Add(next); else pieces.Insert(0, next);
                    break;
                }
                if (kink is null) break;
                kinks.Add(kink);
                carried = direction;
            }
        }
        return (pieces, kinks);
    }

    static double Distance(double[] a, double[] b) => a.Zip(b).Max(t => Math.Abs(t.First - t.Second));

    /// <summary>A rest point on the branch (the engine's state) with its rate of difference, for the bisection.</summary>
    sealed record Rest(double Parameter, double[] State, double Rate);
}
