using Bifurcations.Continuation;
using Bifurcations.Model;

namespace Bifurcations.Reduced;

/// <summary>
/// How a pair diagram is built: <see cref="Seeds"/> parameter values at which the direct solver seeds branches (spaced
/// geometrically for a positive range, evenly otherwise), the engine's settings (the parameter range is set from the
/// diagram's), and the direct solver's options.
/// </summary>
public sealed record PairContinuationOptions
{
    /// <summary>Values of the parameter at which the direct solver seeds branches.</summary>
    public int Seeds { get; init; } = 56;
    /// <summary>The continuation engine's settings.</summary>
    public ContinuationSettings Settings { get; init; } = new();
    /// <summary>The direct solver's options for the seeds.</summary>
    public FixedPointOptions FixedPoints { get; init; } = new();

    /// <summary>These options, or a <see cref="InvalidParameterException"/> naming the bad one.</summary>
    public PairContinuationOptions Validated()
    {
        if (Seeds is < 2 or > 100_000) throw new InvalidParameterException($"seed count {Seeds} must be between 2 and 100000");
        Settings.Validated();
        FixedPoints.Validated();
        return this;
    }
}

/// <summary>
/// The pair system's bifurcation diagram in any parameter (<see cref="PairParameter"/>): branches followed by the
/// continuation engine through the atlas of <see cref="PairBranchProblem"/>, seeded from every fixed point the direct
/// solver finds at many parameter values that no branch found so far passes through (so that isolated branches,
/// which no continuation from another branch reaches, are found too), and from every branch point onto the other
/// branch (docs/continuation.md, "Complete diagrams").
/// </summary>
public static class PairContinuation
{
    /// <summary>Every branch of fixed points as <paramref name="parameter"/> goes from <paramref name="from"/> to <paramref name="to"/>: seeded by the direct solver, switched at branch points, with folds, branch points and Hopf points located.</summary>
    public static BifurcationDiagram Diagram(PairModel model, PairParameter parameter, double from, double to, PairContinuationOptions? options = null,
        IProgress<int>? progress = null, CancellationToken cancel = default)
    {
        var o = (options ?? new PairContinuationOptions()).Validated();
        if (!(to > from)) throw new InvalidParameterException($"the {parameter.Name} range [{from}, {to}] is empty or reversed");
        foreach (var end in new[] { from, to })
            if (!parameter.IsValid(model, end))
            {
                var (lo, hi) = parameter.Domain(model);
                throw new InvalidParameterException($"{parameter.Name} = {end} is outside its domain ({lo}, {hi})");
            }
        PairTerms.EnsureRepresentable(parameter.At(model, from));
        PairTerms.EnsureRepresentable(parameter.At(model, to));
        var settings = o.Settings with { ParameterMin = from, ParameterMax = to };
        var values = SeedValues(from, to, o.Seeds);

        // The direct solves are independent: in parallel, each result in its own slot (the diagram does not depend on the thread count).
        var sets = new FixedPointSet[values.Length];
        Parallel.For(0, values.Length, new ParallelOptions { CancellationToken = cancel }, i => sets[i] = FixedPointSolver.Find(parameter.At(model, values[i]), o.FixedPoints));

        var branches = new List<Branch>();
        var problems = new List<string>();
        int fromSeeds = 0, fromSwitching = 0;
        for (int s = 0; s < values.Length; s++)
        {
            if (!sets[s].Completeness.IsComplete)
                problems.Add(FormattableString.Invariant($"{parameter.Name} = {values[s]:G8}: {sets[s].Completeness.Summary}"));
            foreach (var fp in sets[s].Points)
            {
                if (fp.Status != FixedPointStatus.Converged && fp.Status != FixedPointStatus.DoubleFloor) continue;
                var (problem, state) = PairBranchProblem.For(model, parameter, fp, values[s]);
                if (branches.Any(b => Holds(b, problem, state, values[s]))) continue;
                // The seed must be a solution of its piece where the direct solver put it, and a fixed point there.
                var corrected = PseudoArclength.SolveAt(problem, state, values[s], o.Settings.Newton);
                if (corrected is null || !problem.Holds(corrected, values[s]) || Math.Abs(problem.Describe(corrected, values[s]).AlphaA - fp.AlphaA) > 1e-6)
                {
                    problems.Add(FormattableString.Invariant($"{parameter.Name} = {values[s]:G8}: the direct solver's point at α_A = {fp.AlphaA:G8}, ℓ = {fp.Ell:G4} ({fp.Status.ToString().ToLowerInvariant()}) is not confirmed by the corrector"));
                    continue;
                }
                state = corrected;
                ContinuationBranch raw;
                try { raw = PseudoArclength.Run(problem, state, values[s], settings, cancel: cancel); }
                catch (NumericalException e)
                {
                    problems.Add(FormattableString.Invariant($"{parameter.Name} = {values[s]:G8}: the fixed point at α_A = {fp.AlphaA:G6} could not seed a branch ({e.Message})"));
                    continue;
                }
                branches.Add(Describe(model, parameter, raw));
                if (s > 0) fromSeeds++;
            }
            progress?.Report(s + 1);
        }

        // Branch points: the other branch through each, unless a branch found already passes there.
        var switched = new List<PairSpecialPoint>();
        for (int i = 0; i < branches.Count; i++)
            foreach (var bp in branches[i].SpecialPoints.Where(x => x.Kind == SpecialPointKind.BranchPoint && x.Status == SpecialPointStatus.Located).ToArray())
            {
                if (switched.Any(x => Math.Abs(x.Parameter - bp.Parameter) < 1e-7 && Math.Abs(x.AlphaA - bp.AlphaA) < 1e-6)) continue;
                switched.Add(bp);
                var raw = PseudoArclength.SwitchBranch(bp.Raw, settings, cancel);
                // The new branch's first step off the branch point decides whether it is new.
                var probe = raw.Points.FirstOrDefault(pt => Math.Abs(pt.Parameter - bp.Parameter) > 1e-4 * bp.Raw.Problem.ParameterScale);
                if (probe is null || branches.Any(b => Holds(b, probe.Problem, probe.State, probe.Parameter))) continue;
                branches.Add(Describe(model, parameter, raw));
                fromSwitching++;
            }

        var folds = new List<PairSpecialPoint>();
        foreach (var f in branches.SelectMany(b => b.SpecialPoints).Where(x => x.Kind == SpecialPointKind.Fold).OrderBy(x => x.Parameter))
            if (!folds.Any(g => Math.Abs(g.Parameter - f.Parameter) < 1e-7 * Math.Max(1, Math.Abs(f.Parameter)) && Math.Abs(g.AlphaA - f.AlphaA) < 1e-6))
                folds.Add(f);
        return new BifurcationDiagram(model, parameter, from, to, branches, folds, values.Length, fromSeeds, fromSwitching, problems);
    }

    /// <summary>
    /// The diagram in n of the pair with Gram entries <paramref name="gram"/> at temperature <paramref name="temperature"/>
    /// with <paramref name="memories"/> identical memories: no n to give, the continuation starts at <paramref name="nFrom"/>.
    /// </summary>
    public static BifurcationDiagram DiagramInN(GramPair gram, double temperature, int memories = 1, PairCase pairCase = PairCase.Inter,
        double nFrom = 1.5, double nTo = 72, PairContinuationOptions? options = null, IProgress<int>? progress = null, CancellationToken cancel = default) =>
        Diagram(new PairModel(gram, new NetworkParameters(nFrom, temperature), memories, pairCase), PairParameter.Exponent, nFrom, nTo, options, progress, cancel);

    /// <summary>The diagram in n (the paper's Fig. 5 axis).</summary>
    public static BifurcationDiagram Diagram(PairModel model, double nFrom = 1.5, double nTo = 72, PairContinuationOptions? options = null, IProgress<int>? progress = null) =>
        Diagram(model, PairParameter.Exponent, nFrom, nTo, options, progress);

    /// <summary>Seed values: geometric over a positive range (features of the diagram scale with the parameter), even otherwise; both ends included.</summary>
    public static double[] SeedValues(double from, double to, int count)
    {
        var v = new double[count];
        bool geometric = from > 0;
        for (int i = 0; i < count; i++)
        {
            double s = (double)i / (count - 1);
            v[i] = geometric ? from * Math.Pow(to / from, s) : from + (to - from) * s;
        }
        v[0] = from; v[^1] = to;
        return v;
    }

    /// <summary>
    /// Every fixed point the diagram's branches pass through at p: each is solved at p exactly in its piece, from the
    /// branch's two neighbouring points, and listed once.
    /// </summary>
    public static IReadOnlyList<BranchPoint> PointsAt(BifurcationDiagram d, double p)
    {
        var found = new List<BranchPoint>();
        foreach (var b in d.Branches)
            foreach (var (problem, state) in Crossings(b.Raw, p))
            {
                var point = Point(d.Model, d.Parameter, problem, state, p);
                if (found.Any(f => Same(f, point))) continue;
                found.Add(point);
            }
        return found.OrderBy(f => f.AlphaA).ToArray();
    }

    static IEnumerable<(PairBranchProblem Problem, double[] State)> Crossings(ContinuationBranch b, double p) =>
        b.Crossings(p).Select(c => ((PairBranchProblem)c.Problem, c.State));

    /// <summary>Whether branch b passes through the given state of a piece at p.</summary>
    static bool Holds(Branch b, IContinuationProblem problem, double[] state, double p)
    {
        var target = (PairBranchProblem)problem;
        var (a, _, _, log, sat) = target.Describe(state, p);
        foreach (var (q, s) in Crossings(b.Raw, p))
        {
            var (qa, _, _, qlog, qsat) = q.Describe(s, p);
            if (q.Chart.Branch != target.Chart.Branch && Math.Abs(Math.Abs(a) - 1) > 1e-6) continue;
            if (sat != qsat) continue;
            // A label below the double range is known by α alone; free labels must agree in sign and size as well.
            bool bothFree = q.Label == PairLabelMode.Free && target.Label == PairLabelMode.Free;
            if (bothFree && q.EllSign != target.EllSign) continue;
            if (Math.Abs(qa - a) < 1e-6 && (!bothFree || Math.Abs(qlog - log) <= 1e-6 * Math.Max(1, Math.Abs(log)))) return true;
        }
        return false;
    }

    static bool Same(BranchPoint a, BranchPoint b) =>
        Math.Abs(a.AlphaA - b.AlphaA) < 1e-9 && Math.Abs(a.AlphaB - b.AlphaB) < 1e-9 && a.Saturated == b.Saturated
        && Math.Sign(a.Ell) == Math.Sign(b.Ell) && Math.Abs(a.EllLog10 - b.EllLog10) <= 1e-7 * Math.Max(1, Math.Abs(a.EllLog10));

    static BranchPoint Point(PairModel model, PairParameter parameter, PairBranchProblem problem, double[] state, double p)
    {
        var m = parameter.At(model, p);
        var (a, b, ell, log, sat) = problem.Describe(state, p);
        var (spectrum, stability) = problem.Stability(state, p);
        return new BranchPoint(p, m.Exponent, m.Temperature, a, b, ell, log, stability, spectrum.Select(e => e.Real).ToArray(), sat, problem.Chart.Branch);
    }

    static Branch Describe(PairModel model, PairParameter parameter, ContinuationBranch raw)
    {
        var points = raw.Points.Select(pt =>
        {
            var problem = (PairBranchProblem)pt.Problem;
            var m = parameter.At(model, pt.Parameter);
            var (a, b, ell, log, sat) = problem.Describe(pt.State, pt.Parameter);
            return new BranchPoint(pt.Parameter, m.Exponent, m.Temperature, a, b, ell, log, pt.Stability, pt.Spectrum.Select(e => e.Real).ToArray(), sat, problem.Chart.Branch);
        }).ToArray();
        var special = raw.SpecialPoints.Select(sp =>
        {
            var (a, b, ell, log, sat) = ((PairBranchProblem)sp.Problem).Describe(sp.State, sp.Parameter);
            return new PairSpecialPoint(sp.Kind, sp.What, sp.Parameter, sp.ParameterFrom, sp.ParameterTo, a, b, ell, log, sat, sp.Status, sp.Precision,
                sp.SmallestEigenvalue?.Real, sp)
            { Event = sp.EventIndex is { } i ? ((PairBranchProblem)sp.Problem).EventKind(i) : null };
        }).ToArray();
        return new Branch(points, special, raw.Start, raw.Finish, raw);
    }
}
