namespace Bifurcations.Reduced;

/// <summary>How a slow-flow walk ended.</summary>
public enum SlowFlowOutcome
{
    /// <summary>At a point of the manifold the memory flow runs into from both sides, on a label state the label flows into: a stable fixed point.</summary>
    StablePoint,
    /// <summary>No digit is above threshold: the memory has no gradient and does not move (a dead memory).</summary>
    Inactive,
    /// <summary>
    /// Held where the renormalization switches on and off: the memory keeps landing on the same point (or the same two
    /// or three points, as the step alternates) of the manifold
    /// (q &lt; 0 there, pushing it inward, while just inside the gradient carries it back out). The (α, ℓ) reduction,
    /// which assumes the memory on the manifold, does not describe this state.
    /// </summary>
    Boundary,
    /// <summary>No end within the step budget (e.g. a relaxation cycle between two label states).</summary>
    NoEnd,
}

/// <summary>
/// The end of a slow-flow walk: where the memory α_A·A + α_B·B and its label came to rest, and the path (when
/// recorded). <see cref="Jumps"/> counts the reversals caused by a jump to another label state.
/// </summary>
public sealed record SlowFlowEnd(SlowFlowOutcome Outcome, double AlphaA, double AlphaB, double Ell, int Steps, int Jumps,
    IReadOnlyList<(double AlphaA, double AlphaB, double Ell)> Path)
{
    /// <summary>The manifold branch of the end point (upper where α_B ≥ 0).</summary>
    public ManifoldBranch Branch => AlphaB >= 0 ? ManifoldBranch.Upper : ManifoldBranch.Lower;

    /// <summary>
    /// The recorded path as a trajectory in (α_A, ℓ) on the end point's branch, its "time" the distance walked
    /// (<paramref name="step"/>, the walk's own step, per point): the singular limit has no clock of its own.
    /// </summary>
    public Trajectory ToTrajectory(double step) =>
        new(Branch, Enumerable.Range(0, Path.Count).Select(k => k * step).ToArray(), Path.Select(x => x.AlphaA).ToArray(), Path.Select(x => x.Ell).ToArray());
}

/// <summary>How <see cref="SlowFlow"/> walks.</summary>
/// <param name="Step">The step along the manifold coordinate θ, or along the normalized gradient off it (at most 0.1).</param>
/// <param name="MaxSteps">The step budget: a walk that has not ended by then ends as <see cref="SlowFlowOutcome.NoEnd"/>.</param>
/// <param name="RecordPath">Whether <see cref="SlowFlowEnd.Path"/> holds every point walked (otherwise it is empty).</param>
public sealed record SlowFlowOptions(double Step = 2e-3, int MaxSteps = 8000, bool RecordPath = false)
{
    /// <summary>These options, or a <see cref="InvalidParameterException"/> naming the bad one.</summary>
    public SlowFlowOptions Validated()
    {
        if (!(Step > 0 && Step <= 0.1)) throw new InvalidParameterException($"slow-flow step {Step} must be in (0, 0.1]");
        if (MaxSteps < 1) throw new InvalidParameterException($"slow-flow step budget {MaxSteps} must be at least 1");
        return this;
    }
}

/// <summary>
/// The reduced dynamics in its singular limit, where it is stiff: the label relaxes at once to the label state its
/// own flow reaches, and the memory moves with it. Off the manifold |α_A| + |α_B| = 1 (or on it where the
/// renormalization does not act, q ≤ 0) the memory moves along its normalized gradient (∇_A, ∇_B)/(|∇_A| + |∇_B|),
/// and a step that would leave the disk is renormalized onto it, as the training rule does. On the manifold where
/// q &gt; 0 it slides along the loop, walked in the coordinate θ = α + 1 (upper branch) or 3 − α (lower), where
/// θ̇ = h, the memory-nullcline function, on both branches. A 1-D flow ends at the first zero of θ̇ it meets, so the
/// walk steps θ in the direction of h, re-settles ℓ from where it was (following the label's own flow: across a
/// fold of the label nullcline it jumps to another state, as the real dynamics does), and bisects a step where h
/// changes sign on a state that continues. It uses only the raw field (<see cref="PairField"/>), not the
/// fixed-point solver, so its end points check the solver's stable points independently
/// (docs/reduced-model.md, "Slow flow").
/// </summary>
public static class SlowFlow
{
    const double OnManifold = 1 - 1e-12;

    /// <summary>Follows the flow in its stiff limit from (α, ℓ) on a branch until it stops, leaves the manifold or runs out of steps.</summary>
    public static SlowFlowEnd Run(PairModel model, ManifoldBranch branch, double alpha, double ell, SlowFlowOptions? options = null) =>
        Run(model, alpha, PairModel.AlphaB(alpha, branch), ell, options);

    /// <summary>Follows the flow in its stiff limit from (α_A, α_B, ℓ).</summary>
    public static SlowFlowEnd Run(PairModel model, double alphaA, double alphaB, double ell, SlowFlowOptions? options = null)
    {
        if (!(Math.Abs(alphaA) + Math.Abs(alphaB) <= 1 + 1e-12) || !(Math.Abs(ell) <= 1))
            throw new InvalidParameterException($"start (α_A, α_B, ℓ) = ({alphaA}, {alphaB}, {ell}) must have |α_A| + |α_B| ≤ 1 and |ℓ| ≤ 1");
        var (step, maxSteps, recordPath) = (options ?? new SlowFlowOptions()).Validated();
        PairTerms.EnsureRepresentable(model);
        var path = new List<(double, double, double)>();
        double a = alphaA, b = alphaB;
        double l = Settle(model, a, b, ell);
        int jumps = 0, repeats = 0;
        // The last few points where a free step landed back on the manifold: held at the boundary, the walk lands on
        // the same point again and again, or, as the step alternates across it, on the same two or three points.
        var landed = new List<(double A, double B)>(4);
        for (int k = 0; k < maxSteps; k++)
        {
            if (recordPath) path.Add((a, b, l));
            var d = PairField.Descent(model, a, b, l, DescentParts.Memory);
            double q = Math.Sign(a) * d.A.Value + Math.Sign(b) * d.B.Value;
            if (Math.Abs(a) + Math.Abs(b) < OnManifold || !(q > 0))
            {
                // Free: along the normalized gradient, renormalized back onto the disk.
                double norm = Math.Abs(d.A.Value) + Math.Abs(d.B.Value);
                if (norm == 0) return new(SlowFlowOutcome.Inactive, a, b, l, k, jumps, path);
                double na = a + step * d.A.Value / norm, nb = b + step * d.B.Value / norm;
                double size = Math.Abs(na) + Math.Abs(nb);
                if (size > 1)
                {
                    na /= size; nb /= size;
                    if (landed.Any(p => Math.Abs(na - p.A) + Math.Abs(nb - p.B) < 1e-12))
                    {
                        if (++repeats >= 3) return new(SlowFlowOutcome.Boundary, na, nb, l, k, jumps, path);
                    }
                    else
                    {
                        repeats = 0;
                        if (landed.Count == 4) landed.RemoveAt(0);
                        landed.Add((na, nb));
                    }
                }
                double ln0 = Settle(model, na, nb, l);
                (a, b, l) = (na, nb, ln0);
                continue;
            }
            double theta = Theta(a, b);
            double h = H(model, theta, l);
            if (h == 0) return new(SlowFlowOutcome.StablePoint, a, b, l, k, jumps, path);
            double next = theta + Math.Sign(h) * step;
            double ln = SettleAt(model, next, l);
            double hn = H(model, next, ln);
            if (Math.Sign(hn) != Math.Sign(h))
            {
                // A reversal: a zero of h on a state that continues, or a jump to another state across a fold.
                if (SameState(SettleAt(model, theta, ln), l))
                {
                    var (t, lt) = Bisect(model, theta, l, next, h);
                    var (ta, tb) = FromTheta(t);
                    if (recordPath) path.Add((ta, tb, lt));
                    return new(SlowFlowOutcome.StablePoint, ta, tb, lt, k + 1, jumps, path);
                }
                jumps++;
            }
            (a, b) = FromTheta(next);
            l = ln;
        }
        return new(SlowFlowOutcome.NoEnd, a, b, l, maxSteps, jumps, path);
    }

    static bool SameState(double a, double b) => Math.Abs(a - b) <= 1e-9 * Math.Max(Math.Abs(a), Math.Abs(b)) + 1e-300;

    /// <summary>Bisection of a sign change of h between θ0 (value h0) and θ1, ℓ settled from the θ0 side.</summary>
    static (double Theta, double Ell) Bisect(PairModel model, double t0, double l0, double t1, double h0)
    {
        double lo = t0, hi = t1, llo = l0;
        for (int it = 0; it < 200 && Math.Abs(hi - lo) > 1e-13; it++)
        {
            double mid = 0.5 * (lo + hi);
            double lm = SettleAt(model, mid, llo);
            if (Math.Sign(H(model, mid, lm)) == Math.Sign(h0)) { lo = mid; llo = lm; }
            else hi = mid;
        }
        return (lo, llo);
    }

    /// <summary>θ̇ = h on both branches (sign(α_B)·α̇ where the renormalization acts).</summary>
    static double H(PairModel model, double theta, double ell)
    {
        var (a, b) = FromTheta(theta);
        return PairField.MemoryFunction(model, a, b, ell).Value;
    }

    static double SettleAt(PairModel model, double theta, double ell0)
    {
        var (a, b) = FromTheta(theta);
        return Settle(model, a, b, ell0);
    }

    /// <summary>∇_ℓ up to a positive factor: smooth in ℓ (unlike the normalized ℓ̇, which is ±1 off the nullcline).</summary>
    static double LabelPush(PairModel model, double alphaA, double alphaB, double ell) =>
        PairField.Descent(model, alphaA, alphaB, ell, DescentParts.FreeLabel).Ell.Value;

    /// <summary>
    /// Follows the label's own flow at a fixed memory from ℓ0 to where it stops: the first root of ∇_ℓ in the
    /// direction ∇_ℓ points, or ±1. The steps start at 1e-10 of |ℓ0| and double, so that the nearest root is not
    /// stepped over (a larger first step, e.g. the last move, can skip a root and land on the next state).
    /// </summary>
    public static double Settle(PairModel model, double alphaA, double alphaB, double ell0)
    {
        double g0 = LabelPush(model, alphaA, alphaB, ell0);
        if (g0 == 0) return ell0;
        double dir = Math.Sign(g0), lo = ell0, s = Math.Max(1e-10 * Math.Abs(ell0), 1e-22);
        while (true)
        {
            double hi = Math.Clamp(lo + dir * s, -1, 1);
            double g = LabelPush(model, alphaA, alphaB, hi);
            if (Math.Sign(g) != Math.Sign(g0))
            {
                if (g == 0) return hi;
                double x0 = Math.Min(lo, hi), x1 = Math.Max(lo, hi);
                return BracketedRoot.Solve(x => LabelPush(model, alphaA, alphaB, x), x0, x1);
            }
            if (hi is 1 or -1) return hi;
            lo = hi;
            s *= 2;
        }
    }

    /// <summary>The loop coordinate of a point of the manifold: α + 1 on the upper branch, 3 − α on the lower one.</summary>
    public static double Theta(double alphaA, double alphaB) => alphaB >= 0 ? alphaA + 1 : 3 - alphaA;

    /// <summary>The point of the manifold at loop coordinate θ (θ = α + 1 on the upper branch, 3 − α on the lower).</summary>
    public static (double AlphaA, double AlphaB) FromTheta(double theta)
    {
        theta = theta < 0 ? theta + 4 : theta >= 4 ? theta - 4 : theta;
        if (theta <= 2)
        {
            double a = theta - 1;
            return (a, 1 - Math.Abs(a));
        }
        double alpha = 3 - theta;
        return (alpha, Math.Abs(alpha) - 1);
    }
}
