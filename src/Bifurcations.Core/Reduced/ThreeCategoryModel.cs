using Bifurcations.Data;
using Bifurcations.Model;
using MathNet.Numerics.LinearAlgebra;

namespace Bifurcations.Reduced;

/// <summary>A mode of difference between memories at the gathering point: rate, and the change of α (three classes) and ℓ.</summary>
public sealed record SplitMode(double Rate, double[] DeltaAlpha, double[] DeltaEll)
{
    /// <summary>The class whose coefficient moves against the two others (the class that splits off).</summary>
    public int SplitsOff(int[] classes)
    {
        // The odd one out: the component whose sign differs from the other two (else the largest in size).
        var s = DeltaAlpha.Select(Math.Sign).ToArray();
        for (int i = 0; i < 3; i++)
            if (s[i] != 0 && s[(i + 1) % 3] == s[(i + 2) % 3] && s[(i + 1) % 3] == -s[i]) return classes[i];
        return classes[Enumerable.Range(0, 3).MaxBy(i => Math.Abs(DeltaAlpha[i]))];
    }
}

/// <summary>Where K identical memories gather (a fixed point of the symmetric flow) and how they would split there.</summary>
public sealed record ThreeCategoryPrediction(int[] Classes, double[] Alpha, double[] Ell, double Residual, IReadOnlyList<SplitMode> UnstableModes);

/// <summary>
/// K identical memories in the span of one representative per class of three classes (paper Fig. 4: 1, 4,
/// 7), labels ℓ_1, ℓ_2, ℓ_3 on those classes and −1 on the seven others, built on the generic reduction
/// <see cref="SpanSystem"/>. The state (α_1, α_2, ℓ_1, ℓ_2, ℓ_3) lives on the positive face of the
/// manifold, α_3 = 1 − α_1 − α_2 (all α ≥ 0, where the memories of Fig. 4 gather).
/// <para>
/// Split prediction: the Jacobian of one memory's velocity has a self block A and, for each other memory,
/// a block B; modes of difference between memories grow with A − B, read off a two-group system (one
/// memory and K − 1 copies of another) as ∂v₁/∂x₁ − ∂v₁/∂x₂/(K − 1). Its unstable eigenvectors, in order of
/// rate, say which class splits off first, then next.
/// </para>
/// </summary>
public sealed class ThreeCategoryModel : IGroupDynamics
{
    readonly SpanSystem _system;
    /// <summary>The three classes.</summary>
    public int[] Classes { get; }
    /// <summary>The number K of identical memories.</summary>
    public int Memories { get; }
    /// <summary>n, m and T.</summary>
    public NetworkParameters Parameters => _system.Parameters;
    /// <summary>The span system underneath: three samples (the class representatives) and their classes.</summary>
    public SpanSystem System => _system;

    /// <summary>The model on three class representatives with this 3×3 Gram matrix (row by row).</summary>
    public ThreeCategoryModel(double[] gram, int[] classes, NetworkParameters parameters, int memories)
    {
        if (classes.Length != 3 || classes.Distinct().Count() != 3) throw new InvalidParameterException("the three-category system needs three different classes");
        if (memories < 2) throw new InvalidParameterException($"memories K = {memories} is invalid: a split needs at least 2");
        // A memory on the representatives (Σ|α| ≤ 1) overlaps one of them by at most max |G_ij|.
        PowerRange.Ensure(parameters, gram.Max(Math.Abs), "the three-category model");
        _system = new SpanSystem(gram, classes, parameters);
        _gram = gram; Classes = classes; Memories = memories;
    }

    readonly double[] _gram;

    /// <summary>The same classes and representatives at other parameters (n, T).</summary>
    public ThreeCategoryModel With(NetworkParameters parameters) => new(_gram, Classes, parameters, Memories);

    /// <summary>Representatives = the class means of the training digits of each class.</summary>
    public static ThreeCategoryModel FromClassMeans(TrainingSet set, int[] classes, NetworkParameters parameters, int memories)
    {
        var means = classes.Select(c =>
        {
            var rows = Enumerable.Range(0, set.Count).Where(i => set.Labels[i] == c).ToArray();
            if (rows.Length == 0) throw new InvalidParameterException($"no training digit of class {c}");
            var m = new double[set.Dimension];
            foreach (var i in rows) for (int j = 0; j < m.Length; j++) m[j] += set.Sample(i)[j] / rows.Length;
            return m;
        }).ToArray();
        var gram = new double[9];
        for (int a = 0; a < 3; a++) for (int b = 0; b < 3; b++) gram[a * 3 + b] = means[a].Zip(means[b], (x, y) => x * y).Sum();
        return new ThreeCategoryModel(gram, classes, parameters, memories);
    }

    Dual[] Labels(Dual l1, Dual l2, Dual l3)
    {
        var labels = Enumerable.Repeat(Dual.Constant(-1), NetworkState.Classes).ToArray();
        labels[Classes[0]] = l1; labels[Classes[1]] = l2; labels[Classes[2]] = l3;
        return labels;
    }

    static Dual[] Row(SpanVelocity v, int[] classes) => [v.Alpha[0], v.Alpha[1], v.Labels[classes[0]], v.Labels[classes[1]], v.Labels[classes[2]]];

    /// <summary>The velocity of K identical memories at x.</summary>
    public double[] Velocity(double[] x)
    {
        var v = _system.Velocities([SpanMemory.Of([x[0], x[1], 1 - x[0] - x[1]], Labels(x[2], x[3], x[4]).Select(d => d.Value).ToArray(), Memories)])[0];
        return Row(v, Classes).Select(d => d.Value).ToArray();
    }

    /// <summary>
    /// Where the memories gather from x: the flow followed (Math.NET's RK4) until its speed is below 1e-12
    /// or the time runs out. Null if it leaves the positive face.
    /// </summary>
    public ThreeCategoryPrediction? Gather(double[] start, double maxTime = 200, double dt = 5e-4)
    {
        var x = Vector<double>.Build.DenseOfArray(start);
        double residual = double.PositiveInfinity;
        for (double t = 0; t < maxTime; t += 1)
        {
            var states = MathNet.Numerics.OdeSolvers.RungeKutta.FourthOrder(x, 0, 1, (int)(1 / dt) + 1,
                (_, y) => Vector<double>.Build.DenseOfArray(Velocity(Clamp(y.ToArray()))));
            x = Vector<double>.Build.DenseOfArray(Clamp(states[^1].ToArray()));
            residual = Velocity(x.ToArray()).Max(Math.Abs);
            if (x[0] < 0 || x[1] < 0 || x[0] + x[1] > 1) return null;
            if (residual < 1e-12) break;
        }
        var p = x.ToArray();
        return new ThreeCategoryPrediction(Classes, [p[0], p[1], 1 - p[0] - p[1]], [p[2], p[3], p[4]], residual, Modes(p));
    }

    /// <summary>
    /// Where K identical memories come to rest from (α, ℓ), on full α (any signs): the group's flow (Math.NET's RK4, step
    /// 5e-4, over units of model time) with Σ|α| ≤ 1 and the labels held in [−1, 1] as the training's renormalization
    /// and clipping keep them, until every velocity is below 1e-9 or <paramref name="maxTime"/> has passed.
    /// </summary>
    public MemoryGroup Rest(double[] alpha, double[] ell, double maxTime = 400)
    {
        if (alpha.Length != 3 || ell.Length != 3) throw new InvalidParameterException("a three-category start needs three α and three ℓ");
        MemoryGroup Group(Vector<double> y) => new(Normalize([y[0], y[1], y[2]]), [Math.Clamp(y[3], -1, 1), Math.Clamp(y[4], -1, 1), Math.Clamp(y[5], -1, 1)], Memories);
        var group = new MemoryGroup(alpha, ell, Memories);
        for (double t = 0; t < maxTime; t += 1)
        {
            var x = Vector<double>.Build.DenseOfArray([.. group.Alpha, .. group.Ell]);
            var states = MathNet.Numerics.OdeSolvers.RungeKutta.FourthOrder(x, 0, 1, RestSteps + 1,
                (_, y) => Vector<double>.Build.DenseOfArray(Velocities([Group(y)])[0]));
            group = Group(states[^1]);
            if (group.Alpha.Concat(group.Ell).Any(v => !double.IsFinite(v)))
                throw new NumericalException($"the three-category flow produced a non-finite state at time {t + 1}");
            if (Velocities([group])[0].Max(Math.Abs) < 1e-9) break;
        }
        return group;
    }

    /// <summary>RK4 steps per unit of model time in <see cref="Rest"/> (a step of 5e-4).</summary>
    const int RestSteps = 2000;

    static double[] Normalize(double[] alpha)
    {
        double size = alpha.Sum(Math.Abs);
        return size > 1 ? alpha.Select(a => a / size).ToArray() : alpha;
    }

    static double[] Clamp(double[] y) => [y[0], y[1], Math.Clamp(y[2], -1, 1), Math.Clamp(y[3], -1, 1), Math.Clamp(y[4], -1, 1)];

    /// <summary>The unstable modes of difference between K identical memories at x (A − B), fastest first.</summary>
    public IReadOnlyList<SplitMode> Modes(double[] x) =>
        Modes([new MemoryGroup([x[0], x[1], 1 - x[0] - x[1]], [x[2], x[3], x[4]], Memories)], 0);

    Dual[] Labels(double[] ell) => Labels(ell[0], ell[1], ell[2]);

    /// <summary>The velocity (α̇ over the three representatives, ℓ̇ of the three classes) of every group of identical memories.</summary>
    public double[][] Velocities(IReadOnlyList<MemoryGroup> groups)
    {
        var v = _system.Velocities(groups.Select(g => new SpanMemory(g.Alpha.Select(Dual.Constant).ToArray(), Labels(g.Ell), g.Copies)).ToArray());
        return v.Select(x => new[] { x.Alpha[0].Value, x.Alpha[1].Value, x.Alpha[2].Value, x.Labels[Classes[0]].Value, x.Labels[Classes[1]].Value, x.Labels[Classes[2]].Value }).ToArray();
    }

    int IGroupDynamics.Dimension => 6;
    IReadOnlyList<int> IGroupDynamics.Classes => Classes;

    /// <summary>
    /// One epoch of the training rule in the model's coordinates: x ← x + ε v(x) (the flow's velocity is the rule's
    /// normalized step per unit rate), then Σ|α| ≤ 1 and the labels clipped to [−1, 1], as the network does.
    /// </summary>
    double[][] IGroupDynamics.Advance(IReadOnlyList<double[]> groups, IReadOnlyList<int> copies, double rate)
    {
        var v = Velocities(groups.Select((x, g) => new MemoryGroup(x[..3], x[3..], copies[g])).ToArray());
        return groups.Select((x, g) =>
        {
            var alpha = Normalize([.. Enumerable.Range(0, 3).Select(i => x[i] + rate * v[g][i])]);
            return (double[])[.. alpha, .. Enumerable.Range(3, 3).Select(i => Math.Clamp(x[i] + rate * v[g][i], -1, 1))];
        }).ToArray();
    }

    double[] IGroupDynamics.ClassAlpha(double[] group) => group[..3];

    /// <summary>∂v₁/∂x₁ (self) and ∂v₁/∂x₂ (other, all K − 1 other copies moved together) for one memory of group g.</summary>
    (Matrix<double> Self, Matrix<double> Other) Blocks(IReadOnlyList<MemoryGroup> groups, int g)
    {
        int k = groups[g].Copies;
        var self = new double[6, 6];
        var other = new double[6, 6];
        var x = groups[g].Alpha.Concat(groups[g].Ell).ToArray();
        for (int c = 0; c < 12; c++)
        {
            var d = Enumerable.Range(0, 12).Select(i => i == c ? Dual.Variable(x[i % 6]) : Dual.Constant(x[i % 6])).ToArray();
            var memories = new List<SpanMemory>
            {
                new([d[0], d[1], d[2]], Labels(d[3], d[4], d[5]), 1),
                new([d[6], d[7], d[8]], Labels(d[9], d[10], d[11]), k - 1),
            };
            for (int h = 0; h < groups.Count; h++)
                if (h != g) memories.Add(new SpanMemory(groups[h].Alpha.Select(Dual.Constant).ToArray(), Labels(groups[h].Ell), groups[h].Copies));
            var v = _system.Velocities(memories)[0];
            Dual[] row = [v.Alpha[0], v.Alpha[1], v.Alpha[2], v.Labels[Classes[0]], v.Labels[Classes[1]], v.Labels[Classes[2]]];
            for (int r = 0; r < 6; r++)
                if (c < 6) self[r, c] = row[r].Derivative; else other[r, c - 6] = row[r].Derivative;
        }
        return (Matrix<double>.Build.DenseOfArray(self), Matrix<double>.Build.DenseOfArray(other));
    }

    /// <summary>
    /// The unstable modes of difference inside group <paramref name="g"/> (one of its copies moved against the
    /// others, the other groups held), fastest first. Coordinates (α_1, α_2, α_3, ℓ_1, ℓ_2, ℓ_3); on the manifold
    /// Σ|α| = 1 the linearization is restricted to its tangent space (an orthonormal basis from Math.NET's SVD),
    /// since the renormalization removes the normal direction.
    /// </summary>
    public IReadOnlyList<SplitMode> Modes(IReadOnlyList<MemoryGroup> groups, int g)
    {
        int k = groups[g].Copies;
        if (k < 2) return [];
        var (self, other) = Blocks(groups, g);
        var diff = self - other / (k - 1);
        var basis = TangentBasis(groups[g]);
        var reduced = basis.Transpose() * diff * basis;
        var evd = reduced.Evd();
        double scale = evd.EigenValues.Max(z => z.Magnitude);
        var modes = new List<SplitMode>();
        for (int i = 0; i < reduced.RowCount; i++)
        {
            var ev = evd.EigenValues[i];
            if (!(ev.Real > 1e-9 * scale) || Math.Abs(ev.Imaginary) > 1e-9 * Math.Abs(ev.Real)) continue; // numerically zero modes are not splits
            var v = basis * evd.EigenVectors.Column(i);
            double norm = Math.Sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]);
            if (norm == 0) continue;
            modes.Add(new SplitMode(ev.Real, [v[0] / norm, v[1] / norm, v[2] / norm], [v[3] / norm, v[4] / norm, v[5] / norm]));
        }
        return modes.OrderByDescending(m => m.Rate).ToArray();
    }

    /// <summary>
    /// The leading mode of difference between the K copies of a group, stable or not: the largest real part of the
    /// difference matrix A − B on the tangent space (<see cref="Modes(IReadOnlyList{MemoryGroup}, int)"/> keeps only the
    /// positive ones), and its direction when that eigenvalue is real. A sign change of this rate along a branch of
    /// identical memories is where the symmetry between them breaks.
    /// </summary>
    public (double Rate, SplitMode? Mode) LeadingDifference(MemoryGroup group)
    {
        if (group.Copies < 2) throw new InvalidParameterException($"a group of {group.Copies} copy has no differences");
        var (self, other) = Blocks([group], 0);
        var basis = TangentBasis(group);
        var evd = (basis.Transpose() * (self - other / (group.Copies - 1)) * basis).Evd();
        int lead = Enumerable.Range(0, evd.EigenValues.Count).MaxBy(i => evd.EigenValues[i].Real);
        var z = evd.EigenValues[lead];
        if (Math.Abs(z.Imaginary) > 1e-9 * Math.Max(1e-300, z.Magnitude)) return (z.Real, null);
        var v = basis * evd.EigenVectors.Column(lead);
        double norm = Math.Sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]);
        if (norm == 0) norm = v.L2Norm();
        return (z.Real, new SplitMode(z.Real, [v[0] / norm, v[1] / norm, v[2] / norm], [v[3] / norm, v[4] / norm, v[5] / norm]));
    }

    /// <summary>
    /// Eigenvalues (real parts, largest first) of the symmetric flow of K identical memories at the group,
    /// A + B(K − 1)/(K − 1) = self + other, on the manifold's tangent space: all negative = an attracting point
    /// of the symmetric flow (memories gather there).
    /// </summary>
    public double[] SymmetricEigenvalues(MemoryGroup group)
    {
        var groups = new[] { group };
        var (self, other) = Blocks(groups, 0);
        var basis = TangentBasis(group);
        var j = basis.Transpose() * (group.Copies > 1 ? self + other : self) * basis;
        return Eigenvalues.Of(j).Select(z => z.Real).OrderByDescending(x => x).ToArray();
    }

    /// <summary>
    /// An orthonormal basis of the directions a memory can move in: off the manifold all of α, on it the
    /// tangent plane Σ sign(α_i) δα_i = 0; labels held at ±1 (pinned by the clamp) do not move.
    /// </summary>
    static Matrix<double> TangentBasis(MemoryGroup group)
    {
        var constraints = new List<double[]>();
        if (group.Alpha.Sum(Math.Abs) >= 1 - PairField.ManifoldTolerance)
            constraints.Add([Math.Sign(group.Alpha[0]), Math.Sign(group.Alpha[1]), Math.Sign(group.Alpha[2]), 0, 0, 0]);
        for (int c = 0; c < 3; c++)
            if (Math.Abs(group.Ell[c]) >= 1) constraints.Add(Enumerable.Range(0, 6).Select(i => i == 3 + c ? 1.0 : 0).ToArray());
        if (constraints.Count == 0) return Matrix<double>.Build.DenseIdentity(6);
        var vt = Matrix<double>.Build.DenseOfRowArrays(constraints).Svd(true).VT;
        return vt.SubMatrix(constraints.Count, 6 - constraints.Count, 0, 6).Transpose();
    }
}

/// <summary>Identical memories moving as one: α over the three class representatives, labels of the three classes, and how many copies.</summary>
public sealed record MemoryGroup(double[] Alpha, double[] Ell, int Copies);
