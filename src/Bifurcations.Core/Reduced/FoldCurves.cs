using Bifurcations.Continuation;

namespace Bifurcations.Reduced;

/// <summary>A point of a fold curve: the two parameters, the fixed point at the fold, and the eigenvalue nearest 0 there (null when the spectrum could not be formed).</summary>
public sealed record FoldCurvePoint(double P, double Q, double AlphaA, double AlphaB, double Ell, double EllLog10, bool Saturated, double? SmallestEigenvalue);

/// <summary>
/// A cusp: the fold curve turns back in q, where two folds in p meet and annihilate. <see cref="Status"/> and
/// <see cref="Precision"/> are those of its location.
/// </summary>
public sealed record Cusp(double P, double Q, double AlphaA, double Ell, SpecialPointStatus Status, double Precision);

/// <summary>A fold curve: its points in order, the cusps on it, how each end came about, and the engine's own result.</summary>
public sealed record FoldCurve(IReadOnlyList<FoldCurvePoint> Points, IReadOnlyList<Cusp> Cusps, BranchEnd Start, BranchEnd Finish, ContinuationBranch Raw)
{
    /// <summary>Whether the curve stopped because the corrector could not go on.</summary>
    public bool Stalled => Raw.Stalled;
}

/// <summary>The saddle-node curves of the pair system in the plane of two parameters (p, the one the folds turn in, and q).</summary>
/// <param name="Model">The model the curves pass through.</param>
/// <param name="Turning">p and its range: the parameter the folds turn in.</param>
/// <param name="Followed">q and its range: the parameter the folds are followed in.</param>
/// <param name="Curves">The curves found.</param>
/// <param name="SeedProblems">Seeds that could not start a curve, each said in a line.</param>
public sealed record FoldDiagram(PairModel Model, ParameterRange Turning, ParameterRange Followed, IReadOnlyList<FoldCurve> Curves, IReadOnlyList<string> SeedProblems)
{
    /// <summary>p, the parameter the folds turn in.</summary>
    public PairParameter P => Turning.Parameter;
    /// <summary>q, the parameter the folds are followed in.</summary>
    public PairParameter Q => Followed.Parameter;

    /// <summary>The cusps of every curve.</summary>
    public IEnumerable<Cusp> Cusps => Curves.SelectMany(c => c.Cusps);
    /// <summary>Whether any curve stalled.</summary>
    public bool Stalled => Curves.Any(c => c.Stalled);
}

/// <summary>
/// Two-parameter continuation of folds: the folds of the diagram in p at a few values of q are each followed in q by the
/// continuation engine on the <see cref="FoldProblem"/> of their piece, unless a curve found already passes through
/// them. Where a curve turns back in q it has a cusp (docs/continuation.md, "Fold curves").
/// </summary>
public static class FoldCurves
{
    /// <summary>
    /// Follows the folds in p (<paramref name="turning"/>) as q (<paramref name="followed"/>) changes: seeds them at
    /// several values of each parameter and continues each in (p, q). Progress counts <see cref="Diagrams"/> diagrams.
    /// </summary>
    public static FoldDiagram Trace(PairModel model, ParameterRange turning, ParameterRange followed, FoldCurveOptions? options = null,
        IProgress<int>? progress = null, CancellationToken cancel = default)
    {
        var (p, pFrom, pTo) = turning.Validated(model);
        var (q, qFrom, qTo) = followed.Validated(model);
        if (p.Kind == q.Kind) throw new InvalidParameterException($"fold curves need two different parameters (got {p.Name} twice)");
        var fo = (options ?? new FoldCurveOptions()).Validated();
        int seeds = fo.Seeds;
        var o = fo.Continuation;
        var settings = o.Settings with { ParameterMin = qFrom, ParameterMax = qTo };
        var curves = new List<FoldCurve>();
        var problems = new List<string>();
        // A fold is a point where F = 0 and F_u is singular, whichever parameter it turns in: the folds of the diagrams in p
        // at several q, and of the diagrams in q at several p, all lie on the curves. Seeding from both finds curves that
        // never cross the first set of values (a closed curve of folds between two of them).
        var qValues = PairContinuation.SeedValues(qFrom, qTo, seeds);
        // p's bounds too, nudged inside (a fold seeded exactly on a bound would start on the zero of its own range event):
        // a curve can live between two seeded values of q and end, on its other side, where the fold turns non-smooth (the
        // label reaching its clip), so that no interior seed crosses it; it then still reaches a bound of p. Found with
        // G = (494.3, 309.3, 724.2), K = 1, inter: a curve of folds for n in (42, 80] and T_r in (0.599, 0.617).
        var pValues = PairContinuation.SeedValues(pFrom, pTo, seeds + 2);
        double nudge = 1e-3 * (pTo - pFrom);
        (pValues[0], pValues[^1]) = (pFrom + nudge, pTo - nudge);
        int done = 0;
        foreach (var (fixedParameter, values, varied, from, to) in new[] { (q, qValues, p, pFrom, pTo), (p, pValues, q, qFrom, qTo) })
            foreach (var value in values)
            {
                var diagram = PairContinuation.Diagram(fixedParameter.At(model, value), varied, from, to, o, cancel: cancel);
                problems.AddRange(diagram.SeedProblems.Select(x => FormattableString.Invariant($"{fixedParameter.Name} = {value:G6}: {x}")));
                foreach (var fold in diagram.Folds.Where(f => f.Status == SpecialPointStatus.Located && !f.Raw.NonSmooth)) // a corner is no zero of the fold test
                {
                    // (p, q) of this fold, and its piece written with p as the parameter and q as the second.
                    double pAt = varied == p ? fold.Parameter : value, qAt = varied == p ? value : fold.Parameter;
                    var found = (PairBranchProblem)fold.Raw.Problem;
                    var piece = new PairBranchProblem(q.At(model, qAt), p, found.Chart, found.Label, found.EllSign, q);
                    if (curves.Any(c => Holds(c, fold.AlphaA, pAt, qAt))) continue;
                    var problem = new FoldProblem(piece, piece.ParameterScale, q.Scale(model), pFrom, pTo);
                    double[] state = [.. fold.Raw.State, pAt / piece.ParameterScale];
                    ContinuationBranch raw;
                    try { raw = PseudoArclength.Run(problem, state, qAt, settings, cancel: cancel); }
                    catch (NumericalException e)
                    {
                        problems.Add(FormattableString.Invariant($"the fold at {p.Name} = {pAt:G8}, {q.Name} = {qAt:G8} could not seed a curve ({e.Message})"));
                        continue;
                    }
                    curves.Add(Describe(raw));
                }
                progress?.Report(++done);
            }
        return new FoldDiagram(model, turning, followed, curves, problems);
    }

    /// <summary>The fold curves in (n, T_r) (the paper's plane). Progress counts <see cref="Diagrams"/> diagrams (5 seeds).</summary>
    public static FoldDiagram Trace(PairModel model, double tempRFrom, double tempRTo, double nFrom = 1.5, double nTo = 72, IProgress<int>? progress = null) =>
        Trace(model, new ParameterRange(PairParameter.Exponent, nFrom, nTo), new ParameterRange(PairParameter.ReducedTemperature, tempRFrom, tempRTo), progress: progress);

    /// <summary>The seed diagrams a trace with this many seeds runs: one per seeded q, and one per seeded p (the seeds and p's two bounds).</summary>
    public static int Diagrams(int seeds) => 2 * seeds + 2;

    /// <summary>The p of every fold the curves place at q (each solved at q exactly).</summary>
    public static IReadOnlyList<FoldCurvePoint> FoldsAt(FoldDiagram d, double q) =>
        d.Curves.SelectMany(c => Crossings(c.Raw, q)).Select(x => Point(x.Problem, x.State, q)).OrderBy(x => x.P).ToArray();

    static IEnumerable<(FoldProblem Problem, double[] State)> Crossings(ContinuationBranch b, double q)
    {
        var pts = b.Points;
        for (int i = 0; i + 1 < pts.Count; i++)
        {
            var (x, y) = (pts[i], pts[i + 1]);
            if (!x.Problem.Equals(y.Problem) || (x.Parameter - q) * (y.Parameter - q) > 0 || (x.Parameter == y.Parameter && x.Parameter != q)) continue;
            double s = x.Parameter == y.Parameter ? 0 : (q - x.Parameter) / (y.Parameter - x.Parameter);
            var guess = x.State.Zip(y.State, (a, c) => a + s * (c - a)).ToArray();
            var state = PseudoArclength.SolveAt(x.Problem, guess, q);
            if (state is not null) yield return ((FoldProblem)x.Problem, state);
        }
    }

    /// <summary>Whether curve c passes through the fold at (p, q) with coefficient α_A (whatever piece or coordinates either is in).</summary>
    static bool Holds(FoldCurve c, double alphaA, double p, double q) =>
        Crossings(c.Raw, q).Select(x => Point(x.Problem, x.State, q))
            .Any(x => Math.Abs(x.P - p) <= 1e-6 * Math.Max(1, Math.Abs(p)) && Math.Abs(x.AlphaA - alphaA) <= 1e-6);

    static FoldCurvePoint Point(FoldProblem problem, double[] state, double q)
    {
        var inner = (PairBranchProblem)(problem.Inner.WithSecond(q) ?? problem.Inner);
        var u = state[..^1];
        double p = state[^1] * problem.PScale;
        var (a, b, ell, log, sat) = inner.Describe(u, p);
        var (spectrum, _) = inner.Stability(u, p);
        double? smallest = spectrum.Length == 0 ? null : spectrum.MinBy(e => e.Log10Magnitude).Real;
        return new FoldCurvePoint(p, q, a, b, ell, log, sat, smallest);
    }

    static FoldCurve Describe(ContinuationBranch raw)
    {
        var points = raw.Points.Select(pt => Point((FoldProblem)pt.Problem, pt.State, pt.Parameter)).ToArray();
        var cusps = raw.SpecialPoints.Where(sp => sp.Kind == SpecialPointKind.Fold).Select(sp =>
        {
            var pt = Point((FoldProblem)sp.Problem, sp.State, sp.Parameter);
            return new Cusp(pt.P, pt.Q, pt.AlphaA, pt.Ell, sp.Status, sp.Precision);
        }).ToArray();
        return new FoldCurve(points, cusps, raw.Start, raw.Finish, raw);
    }
}
