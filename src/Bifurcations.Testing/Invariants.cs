using System.Globalization;
using Bifurcations.Continuation;
using Bifurcations.Linearization;
using MathNet.Numerics.LinearAlgebra;

namespace Bifurcations.Testing;

/// <summary>
/// Invariant checks for any reduced model written as a continuation problem (<see cref="IContinuationProblem"/>, its F
/// the velocity du/dt). Each returns a <see cref="CheckResult"/>: holds, violated (with where and by how much), or
/// inconclusive where the input is outside what the check can judge. Tolerances are relative to the size of what is
/// compared; each method says which and why.
/// </summary>
public static partial class Invariants
{
    /// <summary>The machine epsilon of a double, 2^-52 (the gap between 1 and the next double).</summary>
    const double Epsilon = 2.220446049250313e-16;

    static string F(double x) => x.ToString("G6", CultureInfo.InvariantCulture);
    static string V(IEnumerable<double> x) => "(" + string.Join(", ", x.Select(F)) + ")";

    /// <summary>
    /// A decomposition, or null where Math.NET's iteration does not converge or the matrix is not finite (entries
    /// spanning 10^±300, as a stiff label gives): the check then cannot judge, and says so instead of throwing.
    /// </summary>
    static T? Decide<T>(Func<T> decomposition) where T : class
    {
        try { return decomposition(); }
        catch (MathNet.Numerics.NonConvergenceException) { return null; }
        catch (ArgumentException) { return null; }
    }

    static double? Decide(Func<double> value)
    {
        try { return value(); }
        catch (MathNet.Numerics.NonConvergenceException) { return null; }
        catch (ArgumentException) { return null; }
    }

    /// <summary>F(u, p) of any problem (its Jacobian, which <see cref="IContinuationProblem.Evaluate"/> also fills, is dropped), or null where it is not defined or not finite.</summary>
    public static double[]? Field(IContinuationProblem problem, double[] u, double p)
    {
        if (problem is FieldProblem field) return field.Field(u, p) is var v && v.All(double.IsFinite) ? v : null;
        var f = new double[problem.Dimension];
        return problem.Evaluate(u, p, f, new double[problem.Dimension, problem.Dimension + 1]) ? f : null;
    }

    static (double[] F, double[,] J)? Linearize(IContinuationProblem problem, double[] u, double p)
    {
        var f = new double[problem.Dimension];
        var j = new double[problem.Dimension, problem.Dimension + 1];
        return problem.Evaluate(u, p, f, j) ? (f, j) : null;
    }

    /// <summary>
    /// A model's field equals a reference field at (u, p): a closed form against the generic span reduction, a variant
    /// against the model it claims to reduce to. Holds when max_i |F_i − R_i| ≤ tolerance·(1 + max_i |R_i|): the
    /// velocities of the training rule are normalized (order 1), so 1e-9 leaves room for the round-off of two
    /// derivations and none for a wrong term.
    /// </summary>
    /// <param name="model">The model checked.</param>
    /// <param name="reference">The field it must equal.</param>
    /// <param name="u">The state.</param>
    /// <param name="p">The parameter.</param>
    /// <param name="tolerance">Relative tolerance.</param>
    public static CheckResult SameField(IContinuationProblem model, IContinuationProblem reference, double[] u, double p, double tolerance = 1e-9)
    {
        const string name = "same field as the reference";
        if (model.Dimension != reference.Dimension) return CheckResult.Of(name, false, $"dimensions differ: {model.Dimension} against {reference.Dimension}");
        var (f, r) = (Field(model, u, p), Field(reference, u, p));
        if (r is null) return CheckResult.Unsure(name, $"the reference is not defined at u = {V(u)}, p = {F(p)}");
        if (f is null) return CheckResult.Of(name, false, $"the model is not defined at u = {V(u)}, p = {F(p)}, where the reference is");
        double worst = f.Zip(r).Max(t => Math.Abs(t.First - t.Second)), scale = 1 + r.Max(Math.Abs);
        if (!double.IsFinite(worst)) return CheckResult.Of(name, false, $"non-finite field {V(f)} against {V(r)} at u = {V(u)}, p = {F(p)}");
        return CheckResult.Of(name, worst <= tolerance * scale,
            $"at u = {V(u)}, {model.ParameterName} = {F(p)}: model {V(f)}, reference {V(r)}, largest difference {F(worst)} (allowed {F(tolerance * scale)})");
    }

    /// <summary>
    /// The problem's Jacobian [∂F/∂u | ∂F/∂p] against central differences. Each column is differenced with steps h and
    /// h/2 (h = 1e-5 relative to the coordinate, the parameter in its own scale); where the two disagree by more than
    /// the tolerance a kink lies between the points (a relu, a clip, a max-abs switching) and the input is
    /// inconclusive, so the check never fails on the field's own non-smooth places. Otherwise it holds when every
    /// column agrees with the Richardson estimate (4D(h/2) − D(h))/3 within tolerance times the column's largest entry,
    /// plus the differences' own round-off, 100 ulps of F over the step (below that no difference tells two derivatives apart).
    /// </summary>
    /// <param name="problem">The problem whose Jacobian is checked.</param>
    /// <param name="u">The state.</param>
    /// <param name="p">The parameter.</param>
    /// <param name="tolerance">Relative tolerance per column.</param>
    /// <param name="parameterColumn">Whether ∂F/∂p is checked too: pass false for a problem that takes it by differences itself.</param>
    public static CheckResult JacobianMatchesDifferences(IContinuationProblem problem, double[] u, double p, double tolerance = 1e-5, bool parameterColumn = true)
    {
        const string name = "Jacobian matches differences";
        if (Linearize(problem, u, p) is not var (f0, j)) return CheckResult.Unsure(name, $"the problem is not defined at u = {V(u)}, p = {F(p)}");
        int m = problem.Dimension;
        double size = f0.Max(Math.Abs);
        for (int c = 0; c <= (parameterColumn ? m : m - 1); c++)
        {
            bool parameter = c == m;
            double at = parameter ? p : u[c], h = 1e-5 * Math.Max(parameter ? problem.ParameterScale : 1, Math.Abs(at));
            double[]? D(double step)
            {
                double[] Shift(double s) { var y = (double[])u.Clone(); if (!parameter) y[c] += s; return y; }
                var (plus, minus) = (Field(problem, Shift(step), parameter ? p + step : p), Field(problem, Shift(-step), parameter ? p - step : p));
                return plus is null || minus is null ? null : [.. plus.Zip(minus, (a, b) => (a - b) / (2 * step))];
            }
            if (D(h) is not { } coarse || D(h / 2) is not { } fine) return CheckResult.Unsure(name, $"the field is not defined around u = {V(u)}, p = {F(p)}");
            var analytic = Enumerable.Range(0, m).Select(r => j[r, c]).ToArray();
            // The column's size, and at least the differences' own round-off (100 ulps of F over the step), below which
            // no difference can tell two derivatives apart.
            double scale = analytic.Concat(fine).Max(Math.Abs) + 100 * Epsilon * (1 + size) / (h / 2) / tolerance;
            if (coarse.Zip(fine).Any(t => Math.Abs(t.First - t.Second) > tolerance * scale))
                return CheckResult.Unsure(name, $"a kink lies within {F(h)} of u = {V(u)} in column {c}: differences {V(coarse)} and {V(fine)} disagree");
            var estimate = fine.Zip(coarse, (a, b) => (4 * a - b) / 3).ToArray();
            double worst = analytic.Zip(estimate).Max(t => Math.Abs(t.First - t.Second));
            if (!(worst <= tolerance * scale))
                return CheckResult.Of(name, false, $"column {(parameter ? problem.ParameterName : $"u[{c}]")} at u = {V(u)}, {problem.ParameterName} = {F(p)}: Jacobian {V(analytic)}, differences {V(estimate)}, largest difference {F(worst)} (allowed {F(tolerance * scale)})");
        }
        return CheckResult.Of(name, true, $"every column within {F(tolerance)} relative at u = {V(u)}, {problem.ParameterName} = {F(p)}");
    }

    /// <summary>
    /// A claimed fixed point is one, measured in the state: the Newton step from u, δ = −(∂F/∂u)⁻¹F(u), is at most
    /// tolerance·(1 + max|u|). Unlike max|F| this does not depend on how the field is scaled (a velocity normalized or
    /// not, a row divided by the size of its terms, a field whose terms carry 10^10): it is the distance to the root
    /// that the linearization predicts. Also holds where max|F| is within the problem's own
    /// <see cref="IContinuationProblem.ResidualFloor"/> (the round-off of its terms). Inconclusive where ∂F/∂u is
    /// singular to working precision (condition number above 1e12: a fold or a branch point, where the step says nothing).
    /// The step is read with the problem's own Jacobian, so a wrong Jacobian can hide a point that is no root: pair this
    /// check with <see cref="JacobianMatchesDifferences"/>. The default 1e-8 is what a solver converged in double
    /// precision reaches with room to spare (Newton's last step is at round-off, 1e-15 relative, for a regular root)
    /// and far below any distance a plotted or continued point could be off by.
    /// </summary>
    /// <param name="problem">The problem; its F vanishes at fixed points.</param>
    /// <param name="u">The claimed fixed point.</param>
    /// <param name="p">The parameter.</param>
    /// <param name="tolerance">Largest Newton step, relative to 1 + max|u|.</param>
    public static CheckResult ScaledResidual(IContinuationProblem problem, double[] u, double p, double tolerance = 1e-8)
    {
        const string name = "scaled residual of a fixed point";
        if (Linearize(problem, u, p) is not var (f, j)) return CheckResult.Unsure(name, $"the problem is not defined at u = {V(u)}, p = {F(p)}");
        double r = f.Max(Math.Abs), floor = problem.ResidualFloor(u, p);
        if (r <= floor) return CheckResult.Of(name, true, $"max|F| = {F(r)} at u = {V(u)} is within the field's round-off {F(floor)}");
        int m = problem.Dimension;
        var a = Matrix<double>.Build.Dense(m, m, (x, y) => j[x, y]);
        if (Decide(() => a.ConditionNumber()) is not { } condition)
            return CheckResult.Unsure(name, $"the singular values of ∂F/∂u at u = {V(u)} could not be computed (entries from {F(a.Enumerate().Min(Math.Abs))} to {F(a.Enumerate().Max(Math.Abs))})");
        if (!(condition <= 1e12)) return CheckResult.Unsure(name, $"∂F/∂u is singular at u = {V(u)} (condition number {F(condition)}): the Newton step is not defined");
        var step = a.Solve(Vector<double>.Build.Dense(f)).Select(x => Math.Abs(x)).Max();
        double allowed = tolerance * (1 + u.Max(Math.Abs));
        return CheckResult.Of(name, step <= allowed,
            $"at u = {V(u)}, {problem.ParameterName} = {F(p)}: max|F| = {F(r)}, Newton step to the root {F(step)} (allowed {F(allowed)})");
    }

    /// <summary>
    /// At a fixed point, the eigenvalues agree with the flow and with the stability the problem reports. For each real
    /// eigenvalue λ of ∂F/∂u with unit eigenvector v, the field a small step δ along v points the way λ says:
    /// sign(v·F(u + δv)) = sign λ, with δ chosen so that |λ|δ is 1 000 times the residual at u (so the residual cannot
    /// decide the sign), at least 1e6 ulps of u (so the step moves the state) and at most 1e-4 relative to u (so the step
    /// stays linear). The problem's own verdict (stable,
    /// saddle, unstable) must match the signs of the real parts; for a <see cref="FieldProblem"/>, whose stability is
    /// read from the same Jacobian by the same rule, that part restates it, and the flow's signs are the test.
    /// Inconclusive where u is not a fixed point by <see cref="ScaledResidual"/> (a Newton step above
    /// <paramref name="residual"/>, scaled as there, so a field multiplied by 10^10 is judged as the original), or where
    /// an eigenvalue is too small for any step to read. F must be the velocity du/dt: a continuation problem whose
    /// residual is rescaled or reoriented (a chart running against the flow) is no flow, and the check does not apply.
    /// </summary>
    /// <param name="problem">The problem; its F is the velocity.</param>
    /// <param name="u">The fixed point.</param>
    /// <param name="p">The parameter.</param>
    /// <param name="residual">The largest Newton step, relative to 1 + max|u|, at which u counts as a fixed point.</param>
    public static CheckResult EigenvaluesAgreeWithFlow(IContinuationProblem problem, double[] u, double p, double residual = 1e-8)
    {
        const string name = "eigenvalues agree with the flow";
        if (Linearize(problem, u, p) is not var (f0, j)) return CheckResult.Unsure(name, $"the problem is not defined at u = {V(u)}, p = {F(p)}");
        double r = f0.Max(Math.Abs);
        if (ScaledResidual(problem, u, p, residual) is { Verdict: not Verdict.Holds } fixedPoint)
            return CheckResult.Unsure(name, $"u = {V(u)} is not a fixed point to judge: {fixedPoint.Message}");
        int m = problem.Dimension;
        if (Decide(() => JacobianEigen.Of(j, m)) is not { } decomposition)
            return CheckResult.Unsure(name, $"the eigenvalues of ∂F/∂u at u = {V(u)} could not be computed");
        var (evd, eigenvalues) = (decomposition.Evd, decomposition.EigenValues);
        var (_, verdict) = problem.Stability(u, p);
        int positive = eigenvalues.Count(z => z.Real > 0), negative = eigenvalues.Count(z => z.Real < 0);
        var expected = positive == 0 ? Stability.Stable : negative == 0 ? Stability.Unstable : Stability.Saddle;
        if (verdict != expected)
            return CheckResult.Of(name, false, $"at u = {V(u)}, {problem.ParameterName} = {F(p)} the problem reports {verdict} but ∂F/∂u has eigenvalues {V(eigenvalues.Select(z => z.Real))}");
        double size = 1 + u.Max(Math.Abs);
        for (int k = 0; k < m; k++)
        {
            var z = eigenvalues[k];
            if (Math.Abs(z.Imaginary) > 1e-9 * Math.Max(1e-300, z.Magnitude)) continue;
            // |λ|δ is 1 000 times the residual, so the residual cannot decide the sign; at an exact root (r = 0) the
            // 1e-14 keeps δ above the round-off of F itself. δ is at least 1e6 ulps of the state: a stiff eigenvalue
            // (1e11 at a label of 1e-5) would otherwise make a step below the coordinate's own ulp, which moves nothing.
            double delta = Math.Max(1e3 * (r + 1e-14) / Math.Abs(z.Real), 1e6 * Epsilon * size);
            if (!(delta <= 1e-4 * size)) return CheckResult.Unsure(name, $"eigenvalue {F(z.Real)} is too small to read against the residual {F(r)}");
            var v = evd.EigenVectors.Column(k);
            v /= v.L2Norm();
            var moved = Field(problem, [.. u.Select((x, i) => x + delta * v[i])], p);
            if (moved is null) return CheckResult.Unsure(name, $"the field is not defined a step {F(delta)} from u = {V(u)}");
            double along = moved.Select((x, i) => x * v[i]).Sum();
            if (Math.Sign(along) != Math.Sign(z.Real))
                return CheckResult.Of(name, false, $"at u = {V(u)}, {problem.ParameterName} = {F(p)} the eigenvalue {F(z.Real)} along {V(v)} says the flow {(z.Real > 0 ? "leaves" : "returns")}, but v·F a step {F(delta)} along it is {F(along)}");
        }
        return CheckResult.Of(name, true, $"{verdict} at u = {V(u)}, {problem.ParameterName} = {F(p)}, eigenvalues {V(eigenvalues.Select(z => z.Real))}, each confirmed by the flow");
    }

    /// <summary>
    /// Completeness of the fixed points of a planar field in a box: the winding number of F along the box's boundary
    /// equals the sum of the indices (sign det ∂F/∂u, from the problem's Jacobian) of the fixed points found inside. A
    /// single point the solver missed breaks the sum; a missed pair of opposite indices (a saddle and a node born
    /// together at a fold) does not, and the points given are not checked to be roots (use <see cref="ScaledResidual"/>).
    /// Each side is cut into 64 steps, and each step halved until F turns by less than π/4 (to 2^-30 of a side), so a
    /// turn faster than that between samples is not missed; inconclusive where F vanishes on the boundary.
    /// </summary>
    /// <param name="problem">A planar field.</param>
    /// <param name="p">The parameter.</param>
    /// <param name="fixedPoints">The fixed points the solver found (those inside the box count).</param>
    /// <param name="lower">The box's lower corner.</param>
    /// <param name="upper">The box's upper corner.</param>
    public static CheckResult IndexSum(IContinuationProblem problem, double p, IReadOnlyList<double[]> fixedPoints, double[] lower, double[] upper)
    {
        const string name = "index sum of the fixed points";
        if (problem.Dimension != 2) throw new ArgumentException($"the index sum is for planar fields (dimension 2, not {problem.Dimension})");
        if (!(upper[0] > lower[0] && upper[1] > lower[1])) throw new ArgumentException("the box's upper corner must lie above its lower corner in both coordinates");
        double[] corners = [lower[0], lower[1], upper[0], lower[1], upper[0], upper[1], lower[0], upper[1]];
        double turn = 0;
        for (int side = 0; side < 4; side++)
        {
            double[] a = [corners[2 * side], corners[2 * side + 1]], b = [corners[(2 * side + 2) % 8], corners[(2 * side + 3) % 8]];
            const int steps = 64;
            for (int k = 0; k < steps; k++)
            {
                double[] Along(double s) => [a[0] + s * (b[0] - a[0]), a[1] + s * (b[1] - a[1])];
                var (from, to) = (Along((double)k / steps), Along((double)(k + 1) / steps));
                if (Turn(problem, p, from, to, 0) is not { } t) return CheckResult.Unsure(name, $"F vanishes or is undefined on the boundary between {V(a)} and {V(b)}");
                turn += t;
            }
        }
        int winding = (int)Math.Round(turn / (2 * Math.PI));
        int sum = 0;
        var inside = fixedPoints.Where(x => x[0] > lower[0] && x[0] < upper[0] && x[1] > lower[1] && x[1] < upper[1]).ToArray();
        foreach (var x in inside)
        {
            if (Linearize(problem, x, p) is not var (_, j)) return CheckResult.Unsure(name, $"the problem is not defined at the fixed point {V(x)}");
            double det = j[0, 0] * j[1, 1] - j[0, 1] * j[1, 0];
            if (det == 0) return CheckResult.Unsure(name, $"the fixed point {V(x)} is degenerate (det ∂F/∂u = 0)");
            sum += Math.Sign(det);
        }
        return CheckResult.Of(name, sum == winding,
            $"{problem.ParameterName} = {F(p)}, box {V(lower)}–{V(upper)}: winding number {winding}, {inside.Length} fixed points inside with index sum {sum}");
    }

    /// <summary>The angle F turns through from a to b, refined where it turns fast; null where F vanishes or is undefined.</summary>
    static double? Turn(IContinuationProblem problem, double p, double[] a, double[] b, int depth)
    {
        var (fa, fb) = (Field(problem, a, p), Field(problem, b, p));
        if (fa is null || fb is null || (fa[0] == 0 && fa[1] == 0) || (fb[0] == 0 && fb[1] == 0)) return null;
        double angle = Math.Atan2(fa[0] * fb[1] - fa[1] * fb[0], fa[0] * fb[0] + fa[1] * fb[1]);
        if (Math.Abs(angle) < Math.PI / 4 || depth >= 30) return depth >= 30 && Math.Abs(angle) >= Math.PI / 2 ? null : angle;
        double[] mid = [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2];
        return Turn(problem, p, a, mid, depth + 1) is { } first && Turn(problem, p, mid, b, depth + 1) is { } second ? first + second : null;
    }

    /// <summary>
    /// A continued branch holds the points a direct solver finds: each (p, u) lies within <paramref name="tolerance"/>
    /// (max-abs in the state) of one of the branch's crossings of p, solved there exactly in its piece. A branch that
    /// jumped over a stretch, or was continued to a different solution, misses them. The default 1e-6 is far above the
    /// corrector's tolerance (a crossing is solved to round-off) and far below the distance between two solutions a
    /// plot could tell apart. Inconclusive when no point is given.
    /// </summary>
    /// <param name="branch">The continued branch.</param>
    /// <param name="points">Solutions from a direct solver: the parameter and the state, in the branch's coordinates.</param>
    /// <param name="tolerance">Largest max-abs distance in the state.</param>
    public static CheckResult BranchHolds(ContinuationBranch branch, IEnumerable<(double Parameter, double[] State)> points, double tolerance = 1e-6)
    {
        const string name = "branch holds the direct solutions";
        int count = 0;
        foreach (var (p, u) in points)
        {
            count++;
            var all = branch.Crossings(p).Select(c => c.State).ToArray();
            var crossings = all.Where(s => s.Length == u.Length).ToArray();
            if (all.Length > crossings.Length && crossings.Length == 0)
                return CheckResult.Of(name, false, $"the solution {V(u)} at {branch.ParameterName} = {F(p)} has {u.Length} coordinates; the branch crosses there only in pieces of {string.Join(", ", all.Select(x => x.Length).Distinct())}");
            double nearest = crossings.Length == 0 ? double.PositiveInfinity : crossings.Min(s => s.Zip(u).Max(t => Math.Abs(t.First - t.Second)));
            if (!(nearest <= tolerance))
                return CheckResult.Of(name, false, $"the solution {V(u)} at {branch.ParameterName} = {F(p)} is {(crossings.Length == 0 ? "at a parameter the branch never crosses" : $"{F(nearest)} from the nearest of the branch's {crossings.Length} crossings (allowed {F(tolerance)})")}");
        }
        return count == 0 ? CheckResult.Unsure(name, "no direct solution was given")
            : CheckResult.Of(name, true, $"{count} solutions, each within {F(tolerance)} of the branch");
    }

    /// <summary>
    /// The field commutes with a symmetry of the model: F(S u) = L F(u), S acting on states and L (its linear part) on
    /// velocities, within tolerance·(1 + max|F|): the velocities are normalized (order 1), so 1e-9 leaves room for
    /// round-off and none for a broken symmetry. For the pair model with equal Gram diagonals, swapping the two digits
    /// maps (α, ℓ) with α ≥ 0 on the upper branch to (1 − α, −ℓ) and the velocity (v_α, v_ℓ) to (−v_α, −v_ℓ), but only
    /// where the renormalization acts at both points (off the manifold v_α is v_A alone, and v_B ≠ −v_A there). Without
    /// <paramref name="onVelocities"/>, S is linear and acts on both.
    /// </summary>
    /// <param name="problem">The model.</param>
    /// <param name="onStates">S on states.</param>
    /// <param name="u">The state.</param>
    /// <param name="p">The parameter.</param>
    /// <param name="onVelocities">L on velocities (S itself when omitted).</param>
    /// <param name="tolerance">Relative tolerance.</param>
    public static CheckResult Equivariant(IContinuationProblem problem, Func<double[], double[]> onStates, double[] u, double p,
        Func<double[], double[]>? onVelocities = null, double tolerance = 1e-9)
    {
        const string name = "field commutes with the symmetry";
        var image = onStates(u);
        var (f, g) = (Field(problem, u, p), Field(problem, image, p));
        if (f is null || g is null) return CheckResult.Unsure(name, $"the field is not defined at u = {V(u)} or at its image {V(image)}");
        var lf = (onVelocities ?? onStates)(f);
        double worst = g.Zip(lf).Max(t => Math.Abs(t.First - t.Second)), scale = 1 + f.Max(Math.Abs);
        return CheckResult.Of(name, worst <= tolerance * scale,
            $"at u = {V(u)} (image {V(image)}), {problem.ParameterName} = {F(p)}: F(Su) = {V(g)}, L F(u) = {V(lf)}, largest difference {F(worst)} (allowed {F(tolerance * scale)})");
    }

    /// <summary>
    /// The flow stays on a manifold h(u) = 0 where it acts: ∇h(u)·F(u) = 0 within tolerance·|∇h|·(1 + max|F|). For the
    /// memories' max-norm renormalization on a chart that keeps every coefficient, pass ∇h and test where the
    /// renormalization acts (elsewhere the flow may leave the manifold inward, as the training rule does). The velocities
    /// are normalized (order 1), so 1e-9 leaves room for round-off and none for a flow that leaves the manifold.
    /// </summary>
    /// <param name="problem">The model.</param>
    /// <param name="constraintGradient">∇h at a state.</param>
    /// <param name="u">A state on the manifold.</param>
    /// <param name="p">The parameter.</param>
    /// <param name="tolerance">Relative tolerance.</param>
    public static CheckResult TangentTo(IContinuationProblem problem, Func<double[], double[]> constraintGradient, double[] u, double p, double tolerance = 1e-9)
    {
        const string name = "flow tangent to the manifold";
        if (Field(problem, u, p) is not { } f) return CheckResult.Unsure(name, $"the field is not defined at u = {V(u)}");
        var n = constraintGradient(u);
        double dot = n.Zip(f).Sum(t => t.First * t.Second), norm = Math.Sqrt(n.Sum(x => x * x));
        double allowed = tolerance * norm * (1 + f.Max(Math.Abs));
        return CheckResult.Of(name, Math.Abs(dot) <= allowed, $"at u = {V(u)}: ∇h·F = {F(dot)} with |∇h| = {F(norm)} (allowed {F(allowed)})");
    }
}
