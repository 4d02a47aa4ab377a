using MathNet.Numerics.LinearAlgebra;

namespace Bifurcations.Reduced;

/// <summary>
/// Pseudo-arclength continuation of the reduced system's fixed points in n. Fixed points are the zeros of
/// H(α; n) = h(α, ℓ*(α, n); n), the memory-nullcline function along the label nullcline (free or
/// saturated label alike, see <see cref="Problem"/>); α and ν = n/20 are the arclength coordinates. Each
/// step is a tangent predictor and a Newton corrector on the bordered system, the step adapted to the
/// corrector's effort. Folds are sign changes of the tangent's n-component, refined by Newton on the
/// extended system (H, ∂H/∂α) = 0, where the Jacobian of the (α, ℓ) field is singular. Non-smooth places
/// (ℓ reaching or leaving ±1, q = 0, a digit's overlap crossing 0) are located in small steps and
/// reported as events; the branch goes on through a change of saturation and stops at the others.
/// </summary>
public static class Continuation
{
    const double NScale = 20;

    /// <summary>
    /// H(α; n) along the label nullcline. Eliminating ℓ by its own 1-D solve removes the stiffness that
    /// breaks a corrector in (α, ℓ): near the mixed saddle ℓ̇ swings from −1 to 1 within |Δℓ| ~ 1e-6.
    /// </summary>
    sealed class Problem(PairModel model, ManifoldBranch branch)
    {
        public ManifoldBranch Branch { get; } = branch;
        public PairModel Model(double n) => model.WithExponent(n);

        public (double Ell, bool Saturated) Label(double alpha, double n) => LabelNullcline.At(Model(n), alpha, Branch);

        public double H(double alpha, double n)
        {
            var m = Model(n);
            var (ell, _) = LabelNullcline.At(m, alpha, Branch);
            return double.IsNaN(ell) ? double.NaN : PairField.MemoryNullcline(m, alpha, ell, Branch).Value;
        }

        /// <summary>dH/dα = h_α + h_ℓ·dℓ*/dα with dℓ*/dα = −g_α/g_ℓ (0 on a saturated line).</summary>
        public double HAlpha(double alpha, double n)
        {
            var m = Model(n);
            var (ell, saturated) = LabelNullcline.At(m, alpha, Branch);
            var ha = PairField.MemoryNullcline(m, Dual.Variable(alpha), ell, Branch).Derivative;
            if (saturated) return ha;
            var hl = PairField.MemoryNullcline(m, alpha, Dual.Variable(ell), Branch).Derivative;
            var ga = PairField.LabelNullcline(m, Dual.Variable(alpha), ell, Branch).Derivative;
            var gl = PairField.LabelNullcline(m, alpha, Dual.Variable(ell), Branch).Derivative;
            return gl != 0 ? ha - hl * ga / gl : ha;
        }

        public double HN(double alpha, double n)
        {
            double h = 1e-6 * Math.Max(1, n);
            return (H(alpha, n + h) - H(alpha, n - h)) / (2 * h);
        }
    }

    /// <summary>The complete diagram: branches through every fixed point the direct solver finds at the seed values of n.</summary>
    public static BifurcationDiagram Diagram(PairModel model, ContinuationOptions? options = null, IProgress<int>? progress = null)
    {
        options = (options ?? new ContinuationOptions()).Validated();
        PairTerms.EnsureRepresentable(model.WithExponent(options.NTo));
        PairTerms.EnsureRepresentable(model.WithExponent(options.NFrom));
        var branches = new List<Branch>();
        var folds = new List<Fold>();
        int seeds = Math.Max(2, options.Reseeds);
        for (int s = 0; s < seeds; s++)
        {
            double n = options.NFrom + (options.NTo - options.NFrom) * s / (seeds - 1);
            foreach (var p in FixedPointSolver.Solve(model.WithExponent(n)))
            {
                if (branches.Any(b => Covers(b, n, p.AlphaA, p.Ell))) continue;
                var (branch, found) = Trace(model, p, n, options);
                branches.Add(branch);
                foreach (var f in found)
                    if (!folds.Any(g => Math.Abs(g.N - f.N) < 1e-7 && Math.Abs(g.AlphaA - f.AlphaA) < 1e-6)) folds.Add(f);
            }
            progress?.Report(s + 1);
        }
        return new BifurcationDiagram(model, branches, folds.OrderBy(f => f.N).ToArray());
    }

    /// <summary>
    /// The points where the diagram's branches cross a given n, each solved exactly at that n (Newton on H
    /// from the interpolated α, then to the last bit) and listed once.
    /// </summary>
    public static IReadOnlyList<(double AlphaA, double Ell, ManifoldBranch Manifold)> PointsAt(BifurcationDiagram d, double n)
    {
        var found = new List<(double, double, ManifoldBranch)>();
        foreach (var b in d.Branches)
            for (int i = 0; i + 1 < b.Points.Count; i++)
            {
                var (p, q) = (b.Points[i], b.Points[i + 1]);
                if ((p.N - n) * (q.N - n) > 0 || p.N == q.N) continue;
                if (p.Manifold != q.Manifold) continue; // the step across a manifold junction
                var manifold = p.Manifold;
                var problem = new Problem(d.Model, manifold);
                double a = p.AlphaA + (n - p.N) / (q.N - p.N) * (q.AlphaA - p.AlphaA);
                for (int it = 0; it < 30; it++)
                {
                    double h = problem.H(a, n), slope = problem.HAlpha(a, n);
                    if (!(Math.Abs(h) > 1e-13) || slope == 0 || !double.IsFinite(slope)) break;
                    double next = Math.Clamp(a - h / slope, Math.Min(p.AlphaA, q.AlphaA) - 0.05, Math.Max(p.AlphaA, q.AlphaA) + 0.05);
                    if (Math.Abs(next - a) < 1e-16) break;
                    a = next;
                }
                a = LabelNullcline.ToLastBit(x => problem.H(x, n), a);
                var (ell, _) = problem.Label(a, n);
                if (found.Any(f => Math.Abs(f.Item1 - a) < 1e-7 && f.Item3 == manifold)) continue;
                found.Add((a, ell, manifold));
            }
        return found.OrderBy(f => f.Item1).ToArray();
    }

    /// <summary>Whether a branch passes through (α, ℓ) at n (linear interpolation between its points).</summary>
    static bool Covers(Branch b, double n, double alpha, double ell)
    {
        var pts = b.Points;
        for (int i = 0; i < pts.Count; i++)
        {
            if (Math.Abs(pts[i].N - n) < 1e-9 && Math.Abs(pts[i].AlphaA - alpha) < 1e-6) return true;
            if (i + 1 == pts.Count) break;
            var (p, q) = (pts[i], pts[i + 1]);
            if ((p.N - n) * (q.N - n) > 0 || p.N == q.N) continue;
            double s = (n - p.N) / (q.N - p.N);
            if (Math.Abs(p.AlphaA + s * (q.AlphaA - p.AlphaA) - alpha) < 1e-3) return true;
        }
        return false;
    }

    /// <summary>The branch through a fixed point, traced both ways in n and joined.</summary>
    public static (Branch Branch, IReadOnlyList<Fold> Folds) Trace(PairModel model, FixedPoint seed, double n, ContinuationOptions options)
    {
        var back = Walk(model, seed, n, -1, options);
        var forward = Walk(model, seed, n, +1, options);
        var points = back.Points.AsEnumerable().Reverse().Concat(forward.Points.Skip(1)).ToList();
        return (new Branch(seed.Branch, points, [.. back.Events, .. forward.Events]), [.. back.Folds, .. forward.Folds]);
    }

    sealed class WalkResult
    {
        public List<BranchPoint> Points { get; } = [];
        public List<BranchEvent> Events { get; } = [];
        public List<Fold> Folds { get; } = [];
    }

    static WalkResult Walk(PairModel model, FixedPoint seed, double n0, int direction, ContinuationOptions o)
    {
        var result = new WalkResult();
        var problem = new Problem(model, seed.Branch);
        double[] y = [seed.AlphaA, n0 / NScale];
        result.Points.Add(new BranchPoint(n0, seed.AlphaA, seed.AlphaB, seed.Ell, seed.Stability == Stability.Stable, seed.Eigenvalues, seed.Saturated, seed.Branch));
        double[] t;
        var (ellStar, _) = problem.Label(seed.AlphaA, n0);
        if (!seed.Saturated && !(Math.Abs(ellStar - seed.Ell) < 1e-9))
        {
            // The seed lies where the label nullcline is vertical: start in (α, ℓ, n).
            var resume = WalkPlane(problem, seed.AlphaA, seed.Ell, n0, [0, direction], o, result);
            if (resume is null) return result;
            (y, t) = resume.Value;
        }
        else
        {
            t = Tangent(problem, y);
            if (Math.Sign(t[1]) != direction) t = [-t[0], -t[1]];
        }
        double ds = o.InitialStep;
        bool saturated = result.Points[0].Saturated;
        int junctions = 0, planeWalks = 0;
        bool lastFlip = false, fresh = true; // fresh: no step yet since the start or a change of problem
        while (result.Points.Count < o.MaxPoints)
        {
            var next = Correct(problem, y, t, ds);
            if (next is null)
            {
                ds /= 2;
                if (ds < o.MinStep && Math.Abs(y[0]) > 1 - 1e-6 && ++junctions <= 4)
                {
                    // α_B reached 0: the point passes to the other half of the manifold (α_B changes sign).
                    var last = result.Points[^1];
                    result.Events.Add(new BranchEvent("manifold junction", last.N, last.AlphaA, last.Ell));
                    problem = new Problem(model, problem.Branch == ManifoldBranch.Upper ? ManifoldBranch.Lower : ManifoldBranch.Upper);
                    t = Tangent(problem, y);
                    if (Math.Sign(t[0]) == Math.Sign(y[0])) t = [-t[0], -t[1]]; // back inside |α| < 1
                    ds = o.InitialStep;
                    fresh = true;
                    continue;
                }
                if (ds < o.MinStep && ++planeWalks <= 8)
                {
                    // The label nullcline has turned vertical (ℓ*(α) jumps): follow (h, g) = 0 in (α, ℓ, n)
                    // until ℓ* is a function again, then go on here.
                    var last = result.Points[^1];
                    var resume = WalkPlane(problem, last.AlphaA, last.Ell, last.N, [t[0], t[1]], o, result);
                    if (resume is null) break;
                    (y, t) = resume.Value;
                    saturated = result.Points[^1].Saturated;
                    ds = o.InitialStep;
                    fresh = true;
                    continue;
                }
                if (ds < o.MinStep)
                {
                    var last = result.Points[^1];
                    result.Events.Add(new BranchEvent("stalled", last.N, last.AlphaA, last.Ell));
                    break;
                }
                continue;
            }
            var (yNew, iterations) = next.Value;
            double nNew = yNew[1] * NScale, aNew = yNew[0];
            if (nNew < o.NFrom || nNew > o.NTo)
            {
                result.Events.Add(new BranchEvent("range", Math.Clamp(nNew, o.NFrom, o.NTo), aNew, problem.Label(aNew, nNew).Ell));
                break;
            }
            var (lNew, satNew) = problem.Label(aNew, nNew);
            var m = problem.Model(nNew);
            string? stop = double.IsNaN(lNew) || !Overlaps(m, aNew, problem.Branch) ? "relu kink"
                : !PairField.RenormalizationActs(m, aNew, lNew, problem.Branch) ? "renormalization switch" : null;
            if (stop is not null || satNew != saturated)
            {
                if (ds > 1e-7) { ds /= 4; continue; } // locate the non-smooth place in small steps
                result.Events.Add(new BranchEvent(stop ?? (satNew ? "label saturates" : "label leaves saturation"), nNew, aNew, lNew));
                if (stop is not null) break;
                saturated = satNew;
            }
            var tNew = Tangent(problem, yNew);
            bool flip = tNew[0] * t[0] + tNew[1] * t[1] < 0;
            if (flip) tNew = [-tNew[0], -tNew[1]];
            // The raw tangent follows ∇H; needing a flip that was not needed before (or the reverse) means ∇H
            // passed through zero between the points: a branch point, where another branch crosses this one.
            if (!fresh && flip != lastFlip)
                result.Events.Add(new BranchEvent("branch point", 0.5 * (nNew + y[1] * NScale), 0.5 * (aNew + y[0]), lNew));
            lastFlip = flip;
            fresh = false;
            if (tNew[1] * t[1] < 0 && RefineFold(problem, y, yNew) is { } fold)
            {
                // At a fold H_n ≠ 0; where H_n vanishes too (∇H = 0) the turn is a branch point (a pitchfork
                // when G_AA = G_BB), not a saddle-node.
                if (Math.Abs(problem.HN(fold.AlphaA, fold.N)) < 1e-4)
                    result.Events.Add(new BranchEvent("branch point", fold.N, fold.AlphaA, fold.Ell));
                else result.Folds.Add(fold);
            }
            y = yNew; t = tNew;
            result.Points.Add(Point(problem, y));
            ds = iterations <= 2 ? Math.Min(o.MaxStep, ds * 1.6) : iterations >= 5 ? ds * 0.5 : ds;
        }
        return result;
    }

    /// <summary>
    /// Continuation of (h, g)(α, ℓ; n) = 0 in three coordinates (α, ℓ, ν), for stretches where the label
    /// nullcline is vertical in α and H(α; n) is not defined. Returns the point and (α, ν) tangent from which
    /// the 1-D walk can resume (ℓ*(α) has become the branch's ℓ again, or ℓ reached ±1), or null when the
    /// branch ended here (its event recorded).
    /// </summary>
    static (double[] Y, double[] T)? WalkPlane(Problem p, double alpha, double ell, double n, double[] hint, ContinuationOptions o, WalkResult result)
    {
        double[] F(double[] z) { var m = p.Model(z[2] * NScale); return [PairField.MemoryNullcline(m, z[0], z[1], p.Branch).Value, PairField.LabelNullcline(m, z[0], z[1], p.Branch).Value]; }
        double[,] J(double[] z)
        {
            double nn = z[2] * NScale, h = 1e-6 * Math.Max(1, nn);
            var m = p.Model(nn);
            var ha = PairField.MemoryNullcline(m, Dual.Variable(z[0]), z[1], p.Branch).Derivative;
            var hl = PairField.MemoryNullcline(m, z[0], Dual.Variable(z[1]), p.Branch).Derivative;
            var ga = PairField.LabelNullcline(m, Dual.Variable(z[0]), z[1], p.Branch).Derivative;
            var gl = PairField.LabelNullcline(m, z[0], Dual.Variable(z[1]), p.Branch).Derivative;
            var fp = F([z[0], z[1], (nn + h) / NScale]); var fm = F([z[0], z[1], (nn - h) / NScale]);
            return new[,] { { ha, hl, (fp[0] - fm[0]) / (2 * h) * NScale }, { ga, gl, (fp[1] - fm[1]) / (2 * h) * NScale } };
        }
        double[] Tangent(double[] z)
        {
            var j = J(z);
            double[] c = [j[0, 1] * j[1, 2] - j[0, 2] * j[1, 1], j[0, 2] * j[1, 0] - j[0, 0] * j[1, 2], j[0, 0] * j[1, 1] - j[0, 1] * j[1, 0]];
            double norm = Math.Sqrt(c.Sum(v => v * v));
            return norm > 0 && double.IsFinite(norm) ? c.Select(v => v / norm).ToArray() : [0, 0, 1];
        }
        double[] y = [alpha, ell, n / NScale];
        var t = Tangent(y);
        if (t[0] * hint[0] + t[2] * hint[1] < 0) t = t.Select(v => -v).ToArray();
        double ds = o.InitialStep;
        for (int steps = 0; result.Points.Count < o.MaxPoints; )
        {
            double[] pred = [y[0] + ds * t[0], y[1] + ds * t[1], y[2] + ds * t[2]];
            double[]? z = [.. pred];
            int it = 1;
            for (; it <= 8 && z is not null; it++)
            {
                if (z[2] * NScale < 1 || Math.Abs(z[0]) > 1) { z = null; break; }
                var f = F(z); var j = J(z);
                var a = Matrix<double>.Build.DenseOfArray(new[,] { { j[0, 0], j[0, 1], j[0, 2] }, { j[1, 0], j[1, 1], j[1, 2] }, { t[0], t[1], t[2] } });
                var step = a.Solve(Vector<double>.Build.DenseOfArray([f[0], f[1], t[0] * (z[0] - pred[0]) + t[1] * (z[1] - pred[1]) + t[2] * (z[2] - pred[2])]));
                if (step.Exists(v => !double.IsFinite(v))) { z = null; break; }
                for (int i = 0; i < 3; i++) z[i] -= step[i];
                if (step.AbsoluteMaximum() < 1e-12) break;
            }
            if (z is null || it > 8 || F(z).Max(Math.Abs) > 1e-10)
            {
                ds /= 2;
                if (ds < o.MinStep)
                {
                    result.Events.Add(new BranchEvent("stalled", y[2] * NScale, y[0], y[1]));
                    return null;
                }
                continue;
            }
            double nNew = z[2] * NScale;
            if (nNew < o.NFrom || nNew > o.NTo) { result.Events.Add(new BranchEvent("range", Math.Clamp(nNew, o.NFrom, o.NTo), z[0], z[1])); return null; }
            var m = p.Model(nNew);
            if (!Overlaps(m, z[0], p.Branch)) { result.Events.Add(new BranchEvent("relu kink", nNew, z[0], z[1])); return null; }
            if (!PairField.RenormalizationActs(m, z[0], z[1], p.Branch)) { result.Events.Add(new BranchEvent("renormalization switch", nNew, z[0], z[1])); return null; }
            var tNew = Tangent(z);
            if (tNew.Zip(t, (u, v) => u * v).Sum() < 0) tNew = tNew.Select(v => -v).ToArray();
            if (tNew[2] * t[2] < 0)
            {
                // A fold inside the plane stretch: refine on (h, g, det) = 0 in (α, ℓ, n).
                double[] w = [0.5 * (y[0] + z[0]), 0.5 * (y[1] + z[1]), 0.5 * (y[2] + z[2]) * NScale];
                double[] E(double[] v) { var jj = J([v[0], v[1], v[2] / NScale]); var ff = F([v[0], v[1], v[2] / NScale]); return [ff[0], ff[1], jj[0, 0] * jj[1, 1] - jj[0, 1] * jj[1, 0]]; }
                double dn = double.NaN;
                for (int k = 0; k < 40 && w[2] > 1.001; k++)
                {
                    var e = E(w);
                    var jac = Matrix<double>.Build.Dense(3, 3);
                    for (int c = 0; c < 3; c++)
                    {
                        double h = 1e-8 * Math.Max(1e-3, Math.Abs(w[c]));
                        double[] wp = [.. w], wm = [.. w]; wp[c] += h; wm[c] -= h;
                        var ep = E(wp); var em = E(wm);
                        for (int r = 0; r < 3; r++) jac[r, c] = (ep[r] - em[r]) / (2 * h);
                    }
                    var st = jac.Solve(Vector<double>.Build.DenseOfArray(e));
                    if (st.Exists(v => !double.IsFinite(v))) break;
                    for (int i = 0; i < 3; i++) w[i] -= st[i];
                    dn = Math.Abs(st[2]);
                    if (st.AbsoluteMaximum() < 1e-12) break;
                }
                if (dn < 1e-9)
                {
                    var (_, jf) = PairField.Linearize(p.Model(w[2]), w[0], w[1], p.Branch);
                    double small = Matrix<double>.Build.DenseOfArray(jf).Evd().EigenValues.Select(c => c.Real).MinBy(Math.Abs);
                    if (Math.Abs(p.HN(w[0], w[2])) < 1e-4) result.Events.Add(new BranchEvent("branch point", w[2], w[0], w[1]));
                    else result.Folds.Add(new Fold(w[2], w[0], PairModel.AlphaB(w[0], p.Branch), w[1], small, dn, false));
                }
            }
            y = z; t = tNew;
            var (_, jacobian) = PairField.Linearize(m, y[0], y[1], p.Branch);
            var ev = Matrix<double>.Build.DenseOfArray(jacobian).Evd().EigenValues.Select(c => c.Real).OrderBy(v => v).ToArray();
            result.Points.Add(new BranchPoint(nNew, y[0], PairModel.AlphaB(y[0], p.Branch), y[1], ev.All(v => v < 0), ev, false, p.Branch));
            ds = it <= 3 ? Math.Min(o.MaxStep, ds * 1.6) : it >= 6 ? ds * 0.5 : ds;
            // Back to the 1-D walk once ℓ*(α) is this branch's ℓ again (or ℓ reached ±1).
            if (++steps >= 5)
            {
                var (ls, _) = p.Label(y[0], nNew);
                if (Math.Abs(y[1]) >= 1 || (Math.Abs(ls - y[1]) < 1e-9 && Math.Abs(p.H(y[0], nNew)) < 1e-10))
                {
                    double na = t[0], nv = t[2], norm = Math.Sqrt(na * na + nv * nv);
                    return norm > 0 ? ([y[0], y[2]], [na / norm, nv / norm]) : null;
                }
            }
        }
        return null;
    }

    /// <summary>Both digits' overlaps positive (away from the relu kink).</summary>
    static bool Overlaps(PairModel m, double alpha, ManifoldBranch branch)
    {
        double b = PairModel.AlphaB(alpha, branch);
        return alpha * m.Gram.AA + b * m.Gram.AB > 0 && alpha * m.Gram.AB + b * m.Gram.BB > 0;
    }

    /// <summary>The unit null vector of the 1×2 Jacobian [H_α, H_ν].</summary>
    static double[] Tangent(Problem p, double[] y)
    {
        double n = y[1] * NScale, ha = p.HAlpha(y[0], n), hn = p.HN(y[0], n) * NScale, norm = Math.Sqrt(ha * ha + hn * hn);
        return norm > 0 ? [-hn / norm, ha / norm] : [0, 1];
    }

    /// <summary>Newton on [H(y); t·(y − y_pred)] = 0 from the predictor y + ds·t (Math.NET's LU for the bordered system).</summary>
    static (double[] Y, int Iterations)? Correct(Problem p, double[] y, double[] t, double ds)
    {
        double[] pred = [y[0] + ds * t[0], y[1] + ds * t[1]];
        double[] z = [pred[0], pred[1]];
        for (int it = 1; it <= 8; it++)
        {
            double n = z[1] * NScale;
            if (n < 1 || Math.Abs(z[0]) > 1) return null;
            double h = p.H(z[0], n);
            if (double.IsNaN(h)) return null;
            var a = Matrix<double>.Build.DenseOfArray(new[,] { { p.HAlpha(z[0], n), p.HN(z[0], n) * NScale }, { t[0], t[1] } });
            var step = a.Solve(Vector<double>.Build.DenseOfArray([h, t[0] * (z[0] - pred[0]) + t[1] * (z[1] - pred[1])]));
            if (step.Exists(v => !double.IsFinite(v))) return null;
            z[0] -= step[0]; z[1] -= step[1];
            if (step.AbsoluteMaximum() < 1e-12)
                return Math.Abs(p.H(z[0], z[1] * NScale)) < 1e-10 ? (z, it) : null;
        }
        return null;
    }

    /// <summary>
    /// A fold of <paramref name="model"/> (any n, its T) near (α, n): Newton on the extended system from that
    /// guess; null if it does not converge there. Used to follow folds as T changes.
    /// </summary>
    public static Fold? SolveFold(PairModel model, ManifoldBranch branch, double alpha, double n, double maxShift = 2)
    {
        var guess = new[] { alpha, n / NScale };
        return RefineFold(new Problem(model, branch), guess, guess, maxShift);
    }

    /// <summary>Newton on the extended system (H, H_α) = 0 in (α, n) from the midpoint of the bracketing points.</summary>
    static Fold? RefineFold(Problem p, double[] y0, double[] y1, double maxShift = 1)
    {
        double[] z = [0.5 * (y0[0] + y1[0]), 0.5 * (y0[1] + y1[1]) * NScale];
        double[] E(double[] v) => [p.H(v[0], v[1]), p.HAlpha(v[0], v[1])];
        double lastDn = double.NaN;
        for (int it = 0; it < 40; it++)
        {
            if (!(z[1] > 1.001) || !(Math.Abs(z[0]) < 1)) return null; // wandered off the problem's domain
            var e = E(z);
            var jac = Matrix<double>.Build.Dense(2, 2);
            for (int c = 0; c < 2; c++)
            {
                double h = c == 0 ? 1e-7 : 1e-6 * Math.Max(1, z[1]);
                double[] zp = [.. z], zm = [.. z];
                zp[c] += h; zm[c] -= h;
                var ep = E(zp); var em = E(zm);
                for (int r = 0; r < 2; r++) jac[r, c] = (ep[r] - em[r]) / (2 * h);
            }
            var step = jac.Solve(Vector<double>.Build.DenseOfArray(e));
            if (step.Exists(v => !double.IsFinite(v))) return null;
            z[0] -= step[0]; z[1] -= step[1];
            lastDn = Math.Abs(step[1]);
            if (lastDn < 1e-12 && Math.Abs(step[0]) < 1e-12) break;
        }
        double nFold = z[1];
        if (!(lastDn < 1e-9) || nFold < 1 || Math.Abs(nFold - y0[1] * NScale) > maxShift + Math.Abs(y1[1] - y0[1]) * NScale) return null;
        var (ell, saturated) = p.Label(z[0], nFold);
        var (_, jacobian) = PairField.Linearize(p.Model(nFold), z[0], ell, p.Branch);
        double small = saturated ? jacobian[0, 0]
            : Matrix<double>.Build.DenseOfArray(jacobian).Evd().EigenValues.Select(c => c.Real).MinBy(Math.Abs);
        return new Fold(nFold, z[0], PairModel.AlphaB(z[0], p.Branch), ell, small, lastDn, saturated);
    }

    static BranchPoint Point(Problem p, double[] y)
    {
        double n = y[1] * NScale, alpha = y[0];
        var (ell, saturated) = p.Label(alpha, n);
        var (_, jac) = PairField.Linearize(p.Model(n), alpha, ell, p.Branch);
        double[] ev = saturated ? [jac[0, 0]]
            : Matrix<double>.Build.DenseOfArray(jac).Evd().EigenValues.Select(c => c.Real).OrderBy(v => v).ToArray();
        return new BranchPoint(n, alpha, PairModel.AlphaB(alpha, p.Branch), ell, ev.All(v => v < 0), ev, saturated, p.Branch);
    }
}
