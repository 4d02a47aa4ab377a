using Bifurcations.Continuation;
using Bifurcations.Linearization;
using Bifurcations.Model;
using MathNet.Numerics.LinearAlgebra;

namespace Bifurcations.Reduced;

/// <summary>
/// The rest points of K identical memories of a span system moving as one (the symmetric flow), as a continuation
/// problem, one piece at a time (docs/continuation.md, "Span systems"). The memories live on the manifold Σ|α_i| = 1,
/// whose faces are fixed by the signs of the α_i: a piece fixes those signs, drops the largest coefficient (α_e is
/// given by the others, α_e = s_e·(1 − Σ_{i≠e} s_i·α_i)), and holds each label of the chosen classes either free (a
/// coordinate) or at its clip ±1. Labels of all other classes stay at −1. State: the α_i (i ≠ e), then the free
/// labels; residual: the α velocities under the training rule (as <see cref="SpanSystem.Velocities"/>, with the face's signs) and each free label's
/// gradient over the size of its terms, so a zero is a rest point of the flow, and the Jacobian in the state is exact (dual numbers); in the parameter it is a central
/// difference (the network's n and T are not dual inputs of the span system).
/// </summary>
internal sealed class SpanBranchProblem : IContinuationProblem, IEquatable<SpanBranchProblem>
{
    public SpanSystem Base { get; }
    public PairParameter Parameter { get; }
    public int Copies { get; }
    /// <summary>The classes whose labels move (the others are held at −1).</summary>
    public IReadOnlyList<int> LabelClasses { get; }
    /// <summary>The sign of each α_i on this face (+1 where α_i = 0 at the start).</summary>
    public IReadOnlyList<int> Signs { get; }
    /// <summary>The coefficient the others determine: the largest when the piece was made.</summary>
    public int Eliminated { get; }
    /// <summary>For each label class: 0 if free, else the clip ±1 it is held at.</summary>
    public IReadOnlyList<int> Held { get; }

    int P => Base.Count;

    public SpanBranchProblem(SpanSystem system, PairParameter parameter, int copies, IReadOnlyList<int> labelClasses, IReadOnlyList<int> signs, int eliminated, IReadOnlyList<int> held)
    {
        _ = parameter.ValueOf(system.Parameters); // throws for a parameter the span system does not have
        if (copies < 1) throw new InvalidParameterException($"memories K = {copies} is invalid: K ≥ 1");
        if (signs.Count != system.Count || signs.Any(s => s is not (1 or -1))) throw new ArgumentException("one sign ±1 per sample expected");
        if (held.Count != labelClasses.Count || held.Any(h => h is < -1 or > 1)) throw new ArgumentException("one label mode (0, ±1) per label class expected");
        if (eliminated < 0 || eliminated >= system.Count) throw new ArgumentException("the eliminated coefficient must name a sample");
        (Base, Parameter, Copies, LabelClasses, Signs, Eliminated, Held) = (system, parameter, copies, labelClasses.ToArray(), signs.ToArray(), eliminated, held.ToArray());
        ParameterScale = parameter.Scale(system.Parameters);
        _names = BuildEventNames();
    }

    /// <summary>
    /// The piece that holds a rest point (α on the manifold, labels of <paramref name="labelClasses"/>) and its state:
    /// the face of α's signs, the largest coefficient dropped, labels within 1e-12 of a clip held there.
    /// </summary>
    public static (SpanBranchProblem Problem, double[] State) For(SpanSystem system, PairParameter parameter, int copies, IReadOnlyList<int> labelClasses, double[] alpha, double[] ell)
    {
        if (alpha.Length != system.Count) throw new ArgumentException($"α has {alpha.Length} entries; the system has {system.Count} samples");
        if (ell.Length != labelClasses.Count) throw new ArgumentException($"{ell.Length} labels given for {labelClasses.Count} classes");
        double size = alpha.Sum(Math.Abs);
        if (!(size > 0)) throw new InvalidParameterException("a memory with α = 0 is on no face of the manifold");
        var onManifold = alpha.Select(a => a / size).ToArray();
        int e = Enumerable.Range(0, alpha.Length).MaxBy(i => Math.Abs(onManifold[i]));
        var signs = onManifold.Select(a => a < 0 ? -1 : 1).ToArray();
        var held = ell.Select(l => Math.Abs(l) >= 1 - 1e-12 ? Math.Sign(l) : 0).ToArray();
        var problem = new SpanBranchProblem(system, parameter, copies, labelClasses, signs, e, held);
        return (problem, problem.StateOf(onManifold, ell));
    }

    public int Dimension => P - 1 + Held.Count(h => h == 0);
    public string ParameterName => Parameter.Name;
    public double ParameterScale { get; }

    /// <summary>The state for full α (on this face) and all label-class labels.</summary>
    public double[] StateOf(double[] alpha, double[] ell) =>
        [.. Enumerable.Range(0, P).Where(i => i != Eliminated).Select(i => alpha[i]),
         .. Enumerable.Range(0, Held.Count).Where(c => Held[c] == 0).Select(c => ell[c])];

    /// <summary>Full α and the label classes' labels at a state.</summary>
    public (double[] Alpha, double[] Ell) Describe(ReadOnlySpan<double> u)
    {
        var (alpha, ell) = Inputs(u, -1);
        return (alpha.Select(a => a.Value).ToArray(), ell.Select(l => l.Value).ToArray());
    }

    /// <summary>α and labels as dual numbers, carrying d/du_j (none if j &lt; 0).</summary>
    (Dual[] Alpha, Dual[] Ell) Inputs(ReadOnlySpan<double> u, int seeded)
    {
        var alpha = new Dual[P];
        int k = 0;
        Dual rest = 1;
        for (int i = 0; i < P; i++)
        {
            if (i == Eliminated) continue;
            alpha[i] = new Dual(u[k], k == seeded ? 1 : 0);
            rest -= Signs[i] * alpha[i];
            k++;
        }
        alpha[Eliminated] = Signs[Eliminated] * rest;
        var ell = new Dual[Held.Count];
        for (int c = 0; c < Held.Count; c++)
        {
            if (Held[c] != 0) { ell[c] = Held[c]; continue; }
            ell[c] = new Dual(u[k], k == seeded ? 1 : 0);
            k++;
        }
        return (alpha, ell);
    }

    SpanMemory Memory(Dual[] alpha, Dual[] ell)
    {
        var labels = Enumerable.Repeat(Dual.Constant(-1), NetworkState.Classes).ToArray();
        for (int c = 0; c < ell.Length; c++) labels[LabelClasses[c]] = ell[c];
        return new SpanMemory(alpha, labels, Copies);
    }

    SpanSystem? SystemAt(double p)
    {
        if (!Parameter.IsValid(Base.Parameters, p)) return null;
        try { return Base.With(Parameter.At(Base.Parameters, p)); } catch (InvalidParameterException) { return null; }
    }

    /// <summary>The residual rows (α̇_i for i ≠ e, then ℓ̇ of the free labels) at u with d/du_j, or null.</summary>
    Dual[]? Rows(SpanSystem system, ReadOnlySpan<double> u, int seeded)
    {
        var (alpha, ell) = Inputs(u, seeded);
        var memory = Memory(alpha, ell);
        var g = system.Gradients([memory])[0];
        // The training rule's α velocity on the manifold, −∇/|∇|₁ less its component along α, written with this face's
        // signs rather than those of the current α: the rule's own projection flips where a coefficient passes through
        // 0, so near an edge Newton's iterates on its two sides would see two different fields. Events change the face.
        Dual l1 = 0;
        foreach (var x in g.Memory) l1 += Dual.Abs(x);
        if (!(l1.Value > 0)) return null;
        var va = g.Memory.Select(x => -x / l1).ToArray();
        Dual q = 0;
        for (int i = 0; i < P; i++) q += Signs[i] * va[i];
        var rows = new Dual[Dimension];
        int k = 0;
        for (int i = 0; i < P; i++) if (i != Eliminated) rows[k++] = va[i] - alpha[i] * q;
        // A label's velocity is its gradient over the largest label gradient: where every gradient is small that ratio
        // jumps between ±1 across the rest point, so the row is the gradient over the size of its own terms instead
        // (the same zeros, smooth through them).
        for (int c = 0; c < Held.Count; c++)
            if (Held[c] == 0)
            {
                int d = LabelClasses[c];
                var scale = g.LabelScale![d];
                rows[k++] = scale.Value > 0 ? -g.Labels[d] / scale : -g.Labels[d];
            }
        foreach (var r in rows) if (!double.IsFinite(r.Value) || !double.IsFinite(r.Derivative)) return null;
        return rows;
    }

    public bool Evaluate(ReadOnlySpan<double> u, double p, Span<double> f, double[,] jacobian)
    {
        var system = SystemAt(p);
        if (system is null) return false;
        // Off this face (a coefficient of the wrong sign, the dropped one included) the chart does not describe the
        // manifold: the walker must locate the crossing and hand over instead of going on.
        var (alpha, _) = Inputs(u, -1);
        for (int i = 0; i < P; i++) if (Signs[i] * alpha[i].Value < -1e-9) return false;
        int m = Dimension;
        for (int j = 0; j < m; j++)
        {
            if (Rows(system, u, j) is not { } rows) return false;
            for (int r = 0; r < m; r++) { jacobian[r, j] = rows[r].Derivative; if (j == 0) f[r] = rows[r].Value; }
        }
        // ∂F/∂p by a central difference of relative step 1e-6 in the parameter's own scale (errors ~1e-12 of the row).
        double h = 1e-6 * ParameterScale;
        var up = SystemAt(p + h);
        var down = SystemAt(p - h);
        if (up is null || down is null || Rows(up, u, -1) is not { } fu || Rows(down, u, -1) is not { } fd) return false;
        for (int r = 0; r < m; r++) jacobian[r, m] = (fu[r].Value - fd[r].Value) / (2 * h);
        return true;
    }

    public (Eigenvalue[] Spectrum, Stability Stability) Stability(ReadOnlySpan<double> u, double p)
    {
        int m = Dimension;
        var f = new double[m];
        var jac = new double[m, m + 1];
        if (!Evaluate(u, p, f, jac)) throw new InvalidOperationException($"{Parameter.Name} = {p} left the domain at a converged point");
        if (m == 0) return ([], Bifurcations.Linearization.Stability.Stable);
        // The rows of the free labels are gradients over their own scale; the flow moves a label by its gradient over
        // the largest label gradient. At a rest point the free labels' gradients vanish, so that largest one is a held
        // label's and the flow's Jacobian is the residual's with those rows rescaled (exactly: the rescaling multiplies 0).
        var (alpha, ell) = Inputs(u, -1);
        var g = SystemAt(p)!.Gradients([Memory(alpha, ell)])[0];
        double largest = g.Labels.Max(x => Math.Abs(x.Value));
        var rowScale = new double[m];
        Array.Fill(rowScale, 1.0);
        int k = P - 1;
        for (int c = 0; c < Held.Count; c++)
            if (Held[c] == 0)
            {
                int d = LabelClasses[c];
                double scale = largest > 0 && g.LabelScale![d].Value > 0 ? g.LabelScale[d].Value / largest : 1;
                rowScale[k++] = double.IsFinite(scale) ? scale : 1;
            }
        var matrix = Matrix<double>.Build.Dense(m, m, (r, c) => rowScale[r] * jac[r, c]);
        if (matrix.Enumerate().Any(x => !double.IsFinite(x)))
            throw new NumericalException(FormattableString.Invariant($"the rest point's Jacobian is not finite at {Parameter.Name} = {p:G8} (terms beyond the double range)"));
        var values = Eigenvalues.Of(matrix).Select(z => new Eigenvalue(LogNumber.FromDouble(z.Real), LogNumber.FromDouble(z.Imaginary))).ToArray();
        int unstable = values.Count(v => v.Real > 0);
        var stability = unstable == 0 ? Bifurcations.Linearization.Stability.Stable : unstable == m ? Bifurcations.Linearization.Stability.Unstable : Bifurcations.Linearization.Stability.Saddle;
        return (values, stability);
    }

    readonly string[] _names;
    public IReadOnlyList<string> EventNames => _names;

    // Event layout: α_i crossing 0 (i ≠ e), the hand-over of the dropped coefficient, the renormalization, the overlaps
    // (relu kinks), then one clip/release per label class.
    int CrossingIndex(int i) => i < Eliminated ? i : i - 1;
    int HandoverIndex => P - 1;
    int RenormIndex => P;
    int OverlapIndex(int j) => P + 1 + j;
    int LabelIndex(int c) => 2 * P + 1 + c;

    string[] BuildEventNames() =>
        [.. Enumerable.Range(0, P).Where(i => i != Eliminated).Select(i => $"α_{i} crosses 0"), "dropped coefficient hand-over", "renormalization",
         .. Enumerable.Range(0, P).Select(j => $"overlap {j}"),
         .. Enumerable.Range(0, Held.Count).Select(c => Held[c] == 0 ? $"label {LabelClasses[c]} clip" : $"label {LabelClasses[c]} release")];

    /// <summary>The dropped coefficient hands over below this size (the largest is then above (1 − this)/(P − 1)).</summary>
    double HandoverSize => 0.5 / P;

    public void Events(ReadOnlySpan<double> u, double p, Span<double> g)
    {
        var system = SystemAt(p);
        if (system is null) { g.Fill(double.NaN); return; }
        var (alpha, ell) = Inputs(u, -1);
        for (int i = 0; i < P; i++) if (i != Eliminated) g[CrossingIndex(i)] = Signs[i] * alpha[i].Value;
        g[HandoverIndex] = Math.Abs(alpha[Eliminated].Value) - HandoverSize;
        var mem = Memory(alpha, ell);
        var gradient = system.Gradients([mem])[0];
        double l1 = gradient.Memory.Sum(x => Math.Abs(x.Value));
        double q = 0;
        for (int i = 0; i < P; i++) q += Signs[i] * -gradient.Memory[i].Value;
        g[RenormIndex] = l1 > 0 ? q / l1 : 0;
        double gramSize = Enumerable.Range(0, P).Max(i => system.Gram(i, i));
        for (int j = 0; j < P; j++)
        {
            double h = 0;
            for (int i = 0; i < P; i++) h += alpha[i].Value * system.Gram(i, j);
            g[OverlapIndex(j)] = h / gramSize;
        }
        double labelMax = gradient.Labels.Max(x => Math.Abs(x.Value));
        for (int c = 0; c < Held.Count; c++)
            g[LabelIndex(c)] = Held[c] == 0 ? 1 - Math.Abs(ell[c].Value)
                // A held label stays while its flow pushes it outward.
                : labelMax > 0 ? Held[c] * -gradient.Labels[LabelClasses[c]].Value / labelMax : 0;
    }

    public EventOutcome OnEvent(int i, ReadOnlySpan<double> u, double p, ReadOnlySpan<double> tangent)
    {
        var (alpha, ell) = Describe(u);
        var full = FullTangent(tangent);
        if (i < HandoverIndex)
        {
            int sample = Enumerable.Range(0, P).Where(x => x != Eliminated).ElementAt(i);
            var signs = Signs.ToArray();
            signs[sample] = -signs[sample];
            var next = new SpanBranchProblem(Base, Parameter, Copies, LabelClasses, signs, Eliminated, Held);
            // Into the next face (the branch may also turn back at the edge: a corner fold, which the walker reports).
            return new EventOutcome.Switch(next, u.ToArray(), $"α_{sample} passes through 0", tangent.ToArray(), InsideEvent: next.CrossingIndex(sample));
        }
        if (i == HandoverIndex)
        {
            int e = Enumerable.Range(0, P).MaxBy(x => Math.Abs(alpha[x]));
            var next = new SpanBranchProblem(Base, Parameter, Copies, LabelClasses, Signs, e, Held);
            return new EventOutcome.Switch(next, next.StateOf(alpha, ell), "change of chart", next.Reduce(full), Recorded: false);
        }
        if (i == RenormIndex)
            return new EventOutcome.EndBranch(BranchEndReason.LeftDomain, "the renormalization stops acting: beyond it the memories leave the manifold and the rest point is no fixed point");
        if (i < LabelIndex(0)) return new EventOutcome.Report($"the overlap with sample {i - OverlapIndex(0)} crosses 0 (relu kink)");
        int c = i - LabelIndex(0);
        var held = Held.ToArray();
        if (Held[c] == 0)
        {
            int clip = Math.Sign(ell[c]);
            held[c] = clip;
            var next = new SpanBranchProblem(Base, Parameter, Copies, LabelClasses, Signs, Eliminated, held);
            ell[c] = clip;
            return new EventOutcome.Switch(next, next.StateOf(alpha, ell), $"the label of class {LabelClasses[c]} reaches its clip ℓ = {clip:+0;-0}",
                next.Reduce(full), InsideEvent: next.LabelIndex(c));
        }
        {
            int clip = Held[c];
            held[c] = 0;
            var next = new SpanBranchProblem(Base, Parameter, Copies, LabelClasses, Signs, Eliminated, held);
            full.Ell[c] = -clip * 1e-3; // inward; the new piece's clip event orients the tangent in any case
            return new EventOutcome.Switch(next, next.StateOf(alpha, ell), $"the label of class {LabelClasses[c]} leaves its clip ℓ = {clip:+0;-0}",
                next.Reduce(full), InsideEvent: next.LabelIndex(c));
        }
    }

    /// <summary>A tangent (state, parameter) as changes of full α, of every label class's label, and of the parameter.</summary>
    (double[] Alpha, double[] Ell, double P) FullTangent(ReadOnlySpan<double> t)
    {
        var alpha = new double[P];
        var ell = new double[Held.Count];
        int k = 0;
        double rest = 0;
        for (int i = 0; i < P; i++)
        {
            if (i == Eliminated) continue;
            alpha[i] = t[k++];
            rest -= Signs[i] * alpha[i];
        }
        alpha[Eliminated] = Signs[Eliminated] * rest;
        for (int c = 0; c < Held.Count; c++) if (Held[c] == 0) ell[c] = t[k++];
        return (alpha, ell, t[k]);
    }

    double[] Reduce((double[] Alpha, double[] Ell, double P) full) => [.. StateOf(full.Alpha, full.Ell), full.P];

    public EventOutcome.Switch? Recoordinate(ReadOnlySpan<double> u, double p, ReadOnlySpan<double> tangent) => null;

    public bool Equals(SpanBranchProblem? other) =>
        other is not null && ReferenceEquals(Base, other.Base) && Parameter == other.Parameter && Copies == other.Copies
        && Eliminated == other.Eliminated && Signs.SequenceEqual(other.Signs) && Held.SequenceEqual(other.Held) && LabelClasses.SequenceEqual(other.LabelClasses);

    public override bool Equals(object? obj) => Equals(obj as SpanBranchProblem);

    public override int GetHashCode() => HashCode.Combine(Eliminated, Signs.Aggregate(0, (h, s) => 3 * h + s + 1), Held.Aggregate(0, (h, s) => 3 * h + s + 1));
}
