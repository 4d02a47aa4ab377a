using Bifurcations.Data;
using Bifurcations.Model;

namespace Bifurcations.Training;

/// <summary>
/// The fast training engine: SPEC §2 exactly, with the forward pass and both gradients as matrix
/// products (<see cref="Gemm"/>) on all cores. Per minibatch of B samples (X_b is B×N):
/// <code>
/// O = M X_bᵀ (K×B);  F = F_n(O/T), F' = F_n'(O/T);  u = Fᵀ L (B×10);  δ = 2m (c−t)^{2m−1} (1−c²)
/// ∂C/∂L = F δ (K×10);  coef = (L δᵀ) ∘ F' / T (K×B);  ∂C/∂M = coef X_b (K×N)
/// </code>
/// Results are bit-identical for any thread count (see <see cref="Gemm"/>).
/// </summary>
public sealed class Trainer
{
    readonly TrainingSet _set;
    readonly NetworkParameters _p;
    readonly TrainingOptions _o;
    readonly int _k, _n, _batch;
    readonly double[] _x, _overlap, _f, _df, _u, _delta, _coef, _gM, _gL;

    public NetworkState State { get; }
    public double[] VelocityMemories { get; }
    public double[] VelocityLabels { get; }
    /// <summary>Updates done so far.</summary>
    public int Epoch { get; private set; }

    public Trainer(TrainingSet set, NetworkParameters parameters, TrainingOptions options, NetworkState initial,
        int epoch = 0, double[]? velocityMemories = null, double[]? velocityLabels = null)
    {
        if (initial.Dimension != set.Dimension) throw new ArgumentException("state and training set differ in dimension");
        _set = set; _p = parameters; _o = options.Validated();
        State = initial;
        _k = initial.MemoryCount; _n = set.Dimension;
        _batch = _o.MinibatchSize is > 0 && _o.MinibatchSize < set.Count ? _o.MinibatchSize : set.Count;
        Epoch = epoch;
        VelocityMemories = velocityMemories ?? new double[_k * _n];
        VelocityLabels = velocityLabels ?? new double[_k * NetworkState.Classes];
        _x = new double[_batch * _n];
        _overlap = new double[_k * _batch];
        _f = new double[_k * _batch];
        _df = new double[_k * _batch];
        _u = new double[_batch * NetworkState.Classes];
        _delta = new double[_batch * NetworkState.Classes];
        _coef = new double[_k * _batch];
        _gM = new double[_k * _n];
        _gL = new double[_k * NetworkState.Classes];
    }

    /// <summary>
    /// One epoch: every minibatch's gradients from the current state, then the update. Returns the cost
    /// and classification seen by the forward passes (for one minibatch: exactly those of the state at
    /// the start of the epoch).
    /// </summary>
    public EpochMetrics Step()
    {
        var order = EpochRandom.Order(_set.Count, _o.MinibatchSize, _o.Seed, Epoch);
        var metrics = new Accumulator(Epoch);
        for (int b = 0, start = 0; start < _set.Count; b++, start += _batch)
        {
            int size = Math.Min(_batch, _set.Count - start);
            var rows = order.AsSpan(start, size);
            Forward(rows, metrics, gradients: true);
            UpdateRule.Apply(State, VelocityMemories, VelocityLabels, _gM, _gL, _o, Epoch, b);
        }
        Epoch++;
        return metrics.Result();
    }

    /// <summary>Cost and classification of the whole training set for the current state, without updating.</summary>
    public EpochMetrics Evaluate()
    {
        var metrics = new Accumulator(Epoch);
        for (int start = 0; start < _set.Count; start += _batch)
        {
            int size = Math.Min(_batch, _set.Count - start);
            Forward(Enumerable.Range(start, size).ToArray(), metrics, gradients: false);
        }
        return metrics.Result();
    }

    void Forward(ReadOnlySpan<int> rows, Accumulator metrics, bool gradients)
    {
        int bsz = rows.Length, c = NetworkState.Classes, k = _k, n = _n;
        ReadOnlySpan<double> x;
        if (bsz == _set.Count && IsIdentity(rows)) x = _set.Samples;
        else
        {
            for (int i = 0; i < bsz; i++) _set.Sample(rows[i]).CopyTo(_x.AsSpan(i * n, n));
            x = _x.AsSpan(0, bsz * n);
        }
        Gemm.MultiplyTransposed(State.Memories, x, _overlap, k, bsz, n, _o.Threads);

        double t = _p.Temperature, expo = _p.Exponent, m2 = 2 * _p.CostExponent;
        var (overlap, f, df) = (_overlap, _f, _df);
        ParallelRows(k, mu =>
        {
            for (int i = 0; i < bsz; i++)
            {
                double xi = overlap[mu * bsz + i] / t;
                f[mu * bsz + i] = RectifiedPolynomial.F(xi, expo);
                df[mu * bsz + i] = gradients ? RectifiedPolynomial.Derivative(xi, expo) : 0;
            }
        });

        // u[i,d] = Σ_μ F[μ,i] L[μ,d], summed over μ in ascending order.
        var (u, delta, labels) = (_u, _delta, State.Labels);
        Array.Clear(u);
        for (int mu = 0; mu < k; mu++)
            for (int i = 0; i < bsz; i++)
            {
                double fi = f[mu * bsz + i];
                if (fi == 0) continue;
                for (int d = 0; d < c; d++) u[i * c + d] += labels[mu * c + d] * fi;
            }

        for (int i = 0; i < bsz; i++)
        {
            int label = _set.Labels[rows[i]];
            int best = 0;
            for (int d = 0; d < c; d++)
            {
                var te = TanhError.Of(u[i * c + d], DenseNetwork.Target(label, d));
                metrics.Cost += Math.Pow(Math.Abs(te.Difference), m2);
                delta[i * c + d] = m2 * RectifiedPolynomial.SignedPower(te.Difference, m2 - 1) * te.OneMinusSquare;
                if (u[i * c + d] > u[i * c + best]) best = d;
            }
            metrics.Total[label]++;
            if (best == label) metrics.Correct[label]++;
        }
        if (!gradients) return;

        var (gL, coef) = (_gL, _coef);
        ParallelRows(k, mu =>
        {
            Span<double> gl = stackalloc double[NetworkState.Classes];
            gl.Clear();
            for (int i = 0; i < bsz; i++)
            {
                double fi = f[mu * bsz + i];
                double back = 0;
                for (int d = 0; d < c; d++)
                {
                    gl[d] += delta[i * c + d] * fi;
                    back += delta[i * c + d] * labels[mu * c + d];
                }
                coef[mu * bsz + i] = back * df[mu * bsz + i] / t;
            }
            gl.CopyTo(gL.AsSpan(mu * c, c));
        });
        Gemm.Multiply(coef.AsSpan(0, k * bsz), x, _gM, k, n, bsz, _o.Threads);
    }

    void ParallelRows(int count, Action<int> body)
    {
        if (_o.Threads <= 1) for (int i = 0; i < count; i++) body(i);
        else Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = _o.Threads }, body);
    }

    static bool IsIdentity(ReadOnlySpan<int> rows)
    {
        for (int i = 0; i < rows.Length; i++) if (rows[i] != i) return false;
        return true;
    }

    sealed class Accumulator(int epoch)
    {
        public double Cost;
        public readonly int[] Correct = new int[NetworkState.Classes];
        public readonly int[] Total = new int[NetworkState.Classes];
        public EpochMetrics Result() => new(epoch, Cost, Correct, Total);
    }
}
