using Bifurcations.Model;

namespace Bifurcations.Reduced;

/// <summary>
/// The generic reduction: memories in the span of P training samples, with any labels, described by the
/// samples' Gram matrix and classes only. It follows the full network's gradient (docs/model.md) term by term:
/// the overlaps are ⟨M|σ_j⟩ = Σ_i α_i G_ij, the scores u_d(σ_j) = Σ_μ copies·l^μ_d F_n(⟨M^μ|σ_j⟩/T), and
/// ∂C/∂M^μ = Σ_j [Σ_d 2m e_d (1 − c_d²) l^μ_d] (n/T) F_{n−1}(⟨M^μ|σ_j⟩/T) σ_j is again a combination of the
/// samples. The two-digit closed form (<see cref="PairField"/>) and the three-category system are special
/// cases; tests check the first against this.
/// </summary>
public sealed class SpanSystem
{
    readonly double[] _gram;
    /// <summary>The Gram matrix column by column (its transpose), so each overlap is a contiguous dot product.</summary>
    readonly double[] _columns;
    readonly int[] _classes;
    /// <summary>Number of digits spanned.</summary>
    public int Count { get; }
    /// <summary>The class of each digit.</summary>
    public IReadOnlyList<int> Classes { get; }
    /// <summary>n, m and T.</summary>
    public NetworkParameters Parameters { get; }

    /// <summary>The system of memories in the span of digits with this Gram matrix (row by row) and these classes.</summary>
    public SpanSystem(double[] gram, int[] classes, NetworkParameters parameters)
    {
        int p = classes.Length;
        if (p < 1) throw new InvalidParameterException("a span system needs at least one sample");
        if (gram.Length != p * p) throw new InvalidParameterException($"Gram matrix has {gram.Length} entries, {p * p} expected for {p} samples");
        foreach (var c in classes) if (c is < 0 or >= NetworkState.Classes) throw new InvalidParameterException($"unknown digit class {c}");
        for (int i = 0; i < p; i++)
        {
            if (!(gram[i * p + i] > 0)) throw new InvalidParameterException($"Gram diagonal entry G[{i},{i}] = {gram[i * p + i]} must be > 0");
            for (int j = 0; j < i; j++)
                if (Math.Abs(gram[i * p + j] - gram[j * p + i]) > 1e-9 * Math.Max(1, Math.Abs(gram[i * p + j])))
                    throw new InvalidParameterException($"Gram matrix is not symmetric at ({i},{j})");
        }
        if (p > 1)
        {
            var m = MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.Dense(p, p, (i, j) => gram[i * p + j]);
            double min = m.Evd(MathNet.Numerics.LinearAlgebra.Symmetricity.Symmetric).EigenValues.Min(z => z.Real);
            double scale = Enumerable.Range(0, p).Max(i => gram[i * p + i]);
            if (min < -1e-9 * scale) throw new InvalidParameterException($"Gram matrix is not positive semidefinite (smallest eigenvalue {min:G6})");
        }
        _gram = gram; Count = p; Classes = classes; Parameters = parameters;
        _classes = classes;
        _columns = new double[p * p];
        for (int i = 0; i < p; i++)
            for (int j = 0; j < p; j++) _columns[j * p + i] = gram[i * p + j];
    }

    SpanSystem(SpanSystem other, NetworkParameters parameters) =>
        (_gram, _columns, _classes, Count, Classes, Parameters) = (other._gram, other._columns, other._classes, other.Count, other.Classes, parameters);

    /// <summary>The same samples at other network parameters (the Gram matrix was checked once).</summary>
    public SpanSystem With(NetworkParameters parameters) => new(this, parameters);

    /// <summary>G_ij.</summary>
    public double Gram(int i, int j) => _gram[i * Count + j];

    /// <summary>The system of two digits of the given classes.</summary>
    public static SpanSystem Pair(GramPair g, int classA, int classB, NetworkParameters p) => new(g.Matrix, [classA, classB], p);

    /// <summary>The exact gradient for one copy of each memory, the others held as they are, with directional derivatives.</summary>
    internal IReadOnlyList<SpanGradient> Gradients(IReadOnlyList<SpanMemory> memories) =>
        [.. Gradients<Dual>([.. memories.Select(m => (m.Alpha, m.Labels, m.Copies))]).Select(g => new SpanGradient(g.Memory, g.Labels, g.Scale))];

    /// <summary>
    /// The exact gradient for one copy of each memory (coefficients, labels, copies), the others held as they are: ∂C/∂M
    /// as coefficients on the samples, ∂C/∂l, and per label the sum of its terms' magnitudes. Written once for values
    /// with derivatives (<see cref="Dual"/>) and plain values (<see cref="PlainScalar"/>, the group map's).
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    internal (T[] Memory, T[] Labels, T[] Scale)[] Gradients<T>(IReadOnlyList<(T[] Alpha, T[] Labels, int Copies)> memories) where T : struct, ISpanScalar<T>
    {
        int p = Count, c = NetworkState.Classes;
        double n = Parameters.Exponent, m = Parameters.CostExponent, t = Parameters.Temperature;
        // Integer exponents (n, and 2m − 1) by repeated squaring, as the engine forms them: several times cheaper than
        // Math.Pow, with an error that grows with the exponent (about n ulps: 30 at n = 30).
        var (powerN, powerE) = (new Training.ScalarPower(n), new Training.ScalarPower(2 * m - 1));
        var f = new T[memories.Count][];
        var df = new T[memories.Count][];
        var values = new double[p];
        var slopes = new double[p];
        for (int mu = 0; mu < memories.Count; mu++)
        {
            var (alpha, labels, _) = memories[mu];
            if (alpha.Length != p || labels.Length != c) throw new ArgumentException("memory shape does not match the system");
            f[mu] = new T[p]; df[mu] = new T[p];
            bool sloped = false;
            for (int i = 0; i < p; i++) (values[i], slopes[i], sloped) = (alpha[i].Value, alpha[i].Derivative, sloped || alpha[i].Derivative != 0);
            for (int j = 0; j < p; j++)
            {
                // ⟨M|σ_j⟩ = Σ_i α_i G_ij as dot products with column j (stored contiguous): the step's largest loop.
                var column = _columns.AsSpan(j * p, p);
                var h = T.Of(System.Numerics.Tensors.TensorPrimitives.Dot(values, column), sloped ? System.Numerics.Tensors.TensorPrimitives.Dot(slopes, column) : 0);
                var x = h / T.Of(t, 0);
                if (x.Value > 0)
                {
                    // F' = (n/T)·F/x, as the engine forms it: one power per overlap, not two.
                    var power = Pow(x, powerN, n);
                    double below = power.Value / x.Value;
                    f[mu][j] = power;
                    df[mu][j] = T.Of(n / t, 0) * T.Of(below, (n - 1) * below / x.Value * x.Derivative);
                }
            }
        }
        // δ_d(σ_j) = 2m (c_d − t_d)^{2m−1} (1 − c_d²); the memories read once into arrays (these loops are the step's core).
        // The weights are stored by class and F by digit, so the sum over memories reads both contiguously.
        int k = memories.Count;
        var weighted = new T[c * k];
        var fByDigit = new T[p * k];
        for (int mu = 0; mu < k; mu++)
        {
            for (int d = 0; d < c; d++) weighted[d * k + mu] = T.Of(memories[mu].Copies, 0) * memories[mu].Labels[d];
            for (int j = 0; j < p; j++) fByDigit[j * k + mu] = f[mu][j];
        }
        var delta = new T[p * c];
        var twoM = T.Of(2 * m, 0);
        for (int j = 0; j < p; j++)
        {
            int label = _classes[j];
            var fj = fByDigit.AsSpan(j * k, k);
            for (int d = 0; d < c; d++)
            {
                var u = T.Of(0, 0);
                var wd = weighted.AsSpan(d * k, k);
                for (int mu = 0; mu < wd.Length; mu++) u += wd[mu] * fj[mu];
                var (oneMinus, onePlus) = OneMinusPlusTanh(u);
                var diff = label == d ? -oneMinus : onePlus;            // c − t for t = ±1
                var magnitude = Pow(T.Abs(diff), powerE, 2 * m - 1);
                delta[j * c + d] = twoM * (diff.Value < 0 ? -magnitude : magnitude) * oneMinus * onePlus;
            }
        }
        var result = new (T[], T[], T[])[k];
        for (int mu = 0; mu < k; mu++)
        {
            var gm = new T[p];
            var gl = new T[c];
            var scale = new T[c];
            var labels = memories[mu].Labels.AsSpan(0, c);
            var (fm, dfm) = (f[mu], df[mu]);
            for (int j = 0; j < gm.Length; j++)
            {
                var back = T.Of(0, 0);
                var deltaJ = delta.AsSpan(j * c, c);
                var fmj = fm[j];
                for (int d = 0; d < deltaJ.Length; d++)
                {
                    var dj = deltaJ[d];
                    back += dj * labels[d];
                    var term = dj * fmj;
                    gl[d] += term;
                    scale[d] += T.Abs(term);
                }
                gm[j] = back * dfm[j];
            }
            result[mu] = (gm, gl, scale);
        }
        return result;
    }

    /// <summary>
    /// The full cost C = Σ_j Σ_d (c_d(σ_j) − t_d(σ_j))^{2m} of docs/model.md for the given memories (each counted
    /// <see cref="SpanMemory.Copies"/> times), from the Gram matrix alone. |c − t| is formed without
    /// cancellation (1 ∓ tanh u = 2/(1 + e^{±2u})), so costs of nearly perfect memories keep their digits.
    /// </summary>
    internal double Cost(IReadOnlyList<SpanMemory> memories)
    {
        int p = Count, c = NetworkState.Classes;
        double n = Parameters.Exponent, m = Parameters.CostExponent, t = Parameters.Temperature;
        double cost = 0;
        for (int j = 0; j < p; j++)
            for (int d = 0; d < c; d++)
            {
                double u = 0;
                foreach (var mem in memories)
                {
                    double h = 0;
                    for (int i = 0; i < p; i++) h += mem.Alpha[i].Value * _gram[i * p + j];
                    if (h > 0) u += mem.Copies * mem.Labels[d].Value * Math.Pow(h / t, n);
                }
                var te = TanhError.Of(u, Classes[j] == d ? 1 : -1);
                cost += Math.Pow(Math.Abs(te.Difference), 2 * m);
            }
        return cost;
    }

    /// <summary>
    /// The velocity of <paramref name="copies"/> identical memories M = Σ_i α_i σ_i with these ten labels, under the
    /// training rule in its continuous-time form (docs/reduced-model.md): dα/dt and dl/dt, from the full network's
    /// gradient written in the span. The generic reference a closed form of a reduced model is checked against.
    /// <c>Underflows</c> is true where every memory-gradient component, or every label-gradient component, is below
    /// 1e-280: the velocity there is 0 (or its direction is round-off) because the gradient underflowed, not because it
    /// balances, and a closed form working in logarithms may rightly differ.
    /// </summary>
    public (double[] Alpha, double[] Labels, bool Underflows) Velocity(double[] alpha, double[] labels, int copies = 1)
    {
        if (alpha.Length != Count) throw new InvalidParameterException($"α has {alpha.Length} coefficients, {Count} expected (one per sample)");
        if (labels.Length != NetworkState.Classes) throw new InvalidParameterException($"{labels.Length} labels given, {NetworkState.Classes} expected");
        if (copies < 1) throw new InvalidParameterException($"copies = {copies} is invalid: at least 1");
        var memory = SpanMemory.Of(alpha, labels, copies);
        var g = Gradients([memory])[0];
        var v = Velocity(memory, g);
        bool underflows = g.Memory.All(x => Math.Abs(x.Value) < 1e-280) || g.Labels.All(x => Math.Abs(x.Value) < 1e-280);
        return ([.. v.Alpha.Select(d => d.Value)], [.. v.Labels.Select(d => d.Value)], underflows);
    }

    /// <summary>The velocity of every memory (see <see cref="SpanVelocity"/>).</summary>
    internal IReadOnlyList<SpanVelocity> Velocities(IReadOnlyList<SpanMemory> memories) =>
        Gradients(memories).Select((g, mu) => Velocity(memories[mu], g)).ToArray();

    /// <summary>The velocity of one memory from its gradient (the training rule's step and renormalization, per unit rate).</summary>
    internal static SpanVelocity Velocity(SpanMemory mem, SpanGradient g)
    {
        int p = g.Memory.Length, c = g.Labels.Length;
        var va = new Dual[p];
        Dual l1 = 0;
        foreach (var b in g.Memory) l1 += Dual.Abs(b);
        if (l1.Value > 0)
        {
            Dual q = 0, size = 0;
            for (int j = 0; j < p; j++)
            {
                va[j] = -g.Memory[j] / l1;
                q += Math.Sign(mem.Alpha[j].Value) * va[j];
                size += Dual.Abs(mem.Alpha[j]);
            }
            if (q.Value > 0 && size.Value >= 1 - PairField.ManifoldTolerance)
                for (int j = 0; j < p; j++) va[j] -= mem.Alpha[j] * q;
        }
        var vl = new Dual[c];
        Dual max = 0;
        foreach (var x in g.Labels) max = Dual.Max(max, Dual.Abs(x));
        for (int d = 0; d < c; d++)
        {
            vl[d] = max.Value > 0 ? -g.Labels[d] / max : 0;
            var l = mem.Labels[d].Value;
            if ((l >= 1 && vl[d].Value > 0) || (l <= -1 && vl[d].Value < 0)) vl[d] = 0;
        }
        return new SpanVelocity(va, vl);
    }

    /// <summary>a^p with its derivative p·a^p/a·a' (0 where a or a' is 0), the power taken by <paramref name="power"/>.</summary>
    static T Pow<T>(T a, Training.ScalarPower power, double p) where T : struct, ISpanScalar<T>
    {
        double v = power.Pow(a.Value);
        return T.Of(v, a.Value == 0 || a.Derivative == 0 ? 0 : p * v / a.Value * a.Derivative);
    }

    /// <summary>
    /// 1 − tanh u and 1 + tanh u from one exponential, each without cancellation or overflow: 2e^{−2|u|}/(1 + e^{−2|u|})
    /// for the one that is small, 2/(1 + e^{−2|u|}) for the other. d/du (1 ∓ tanh u) = ∓(1 − tanh u)(1 + tanh u).
    /// </summary>
    static (T Minus, T Plus) OneMinusPlusTanh<T>(T u) where T : struct, ISpanScalar<T>
    {
        double e = Math.Exp(-2 * Math.Abs(u.Value));
        double minus = u.Value >= 0 ? 2 * e / (1 + e) : 2 / (1 + e);
        double plus = u.Value >= 0 ? 2 / (1 + e) : 2 * e / (1 + e);
        return (T.Of(minus, -minus * plus * u.Derivative), T.Of(plus, plus * minus * u.Derivative));
    }
}
