using System.Numerics.Tensors;
using Bifurcations.Data;
using Bifurcations.Model;

namespace Bifurcations.Training;

/// <summary>
/// The fast training engine: the training rule of docs/model.md exactly, with the forward pass and both gradients as matrix
/// products (<see cref="Gemm"/>) on all cores. Per minibatch of B samples (X_b is B×N):
/// <code>
/// O = M X_bᵀ (K×B);  F = F_n(O/T), F' = F_n'(O/T);  u = Fᵀ L (B×10);  δ = 2m (c−t)^{2m−1} (1−c²)
/// ∂C/∂L = F δ (K×10);  coef = (L δᵀ) ∘ F' / T (K×B);  ∂C/∂M = coef X_b (K×N)
/// (the small products run on the same kernels as the big ones).
/// </code>
/// Results are bit-identical for any thread count (see <see cref="Gemm"/>).
/// <para>
/// For one minibatch holding the whole set the digits are packed once into the kernels' panel layout (both as
/// Xᵀ for the overlaps and as X for ∂C/∂M), so no epoch repacks them.
/// </para>
/// <para>
/// Overlap tracking (<see cref="OverlapPath"/>): with the paper's settings (one minibatch holding the whole set,
/// momentum 0, no noise, max-norm) a memory moves as M ← (M + c·coef·X)·s, so its overlaps move as
/// O ← (O + c·coef·G)·s with G = X Xᵀ the P×P Gram matrix. That costs 2KP² instead of 2KPN and is chosen where
/// it is cheaper (P below about N). The memories themselves are still updated exactly as in the training rule;
/// O is recomputed from them every <see cref="OverlapRefreshEvery"/> epochs so round-off cannot accumulate, and
/// checkpoints store O so a resumed run repeats the same arithmetic.
/// </para>
/// </summary>
public sealed class Trainer
{
    readonly TrainingSet _set;
    readonly NetworkParameters _p;
    TrainingOptions _o;
    readonly int _k, _n, _batch;
    readonly double[] _x, _overlap, _f, _uT, _delta, _deltaT, _labelsT, _coef, _gM, _gL, _sampleCost;
    readonly int[] _predicted;
    /// <summary>Epochs between direct recomputations of the tracked overlaps.</summary>
    public const int OverlapRefreshEvery = 50;
    readonly bool _tracking;
    readonly double[]? _coefGram, _scales;
    readonly PackedOperand? _gram, _samplesT, _samplesPacked;
    readonly int[] _identity = [];
    bool _overlapValid;
    readonly PowerKernel _power;
    readonly ScalarPower _errorPower;

    /// <summary>The state, updated in place by each step.</summary>
    public NetworkState State { get; }
    /// <summary>
    /// The momentum buffer of the memories (K×N). Without momentum (the paper's setting) it is never read, and the step
    /// does not keep it up to date: storing it cost a K×N write every epoch (docs/performance.md).
    /// </summary>
    public double[] VelocityMemories { get; }
    /// <summary>The momentum buffer of the labels (K×10).</summary>
    public double[] VelocityLabels { get; }
    /// <summary>Updates done so far.</summary>
    public int Epoch { get; private set; }

    /// <summary>The tracked overlaps M·Xᵀ (K×P) to store in a checkpoint, or null when none are tracked.</summary>
    public double[]? Overlaps => _tracking && _overlapValid ? _overlap : null;

    /// <summary>A trainer on a training set from an initial state (copied), checking sizes and memory before it allocates.</summary>
    public Trainer(TrainingSet set, NetworkParameters parameters, TrainingOptions options, NetworkState initial,
        int epoch = 0, double[]? velocityMemories = null, double[]? velocityLabels = null, double[]? overlaps = null)
    {
        if (initial.Dimension != set.Dimension) throw new ArgumentException("state and training set differ in dimension");
        PowerRange.EnsureNoUnderflow(parameters, set.LargestOverlap, "training");
        _set = set; _p = parameters; _o = options.Validated();
        State = initial;
        _k = initial.MemoryCount; _n = set.Dimension;
        _batch = _o.MinibatchSize is > 0 && _o.MinibatchSize < set.Count ? _o.MinibatchSize : set.Count;
        bool track = OverlapPath.Track(_k, set.Count, set.Dimension, _batch, _o);
        CheckMemory(_k, set.Count, _batch, set.Dimension, track);
        Epoch = epoch;
        VelocityMemories = velocityMemories ?? new double[_k * _n];
        VelocityLabels = velocityLabels ?? new double[_k * NetworkState.Classes];
        bool full = _batch == set.Count;
        _x = full ? [] : new double[_batch * _n];
        _overlap = new double[_k * _batch];
        _f = new double[_k * _batch];
        _uT = new double[_batch * NetworkState.Classes];
        _deltaT = new double[_batch * NetworkState.Classes];
        _labelsT = new double[_k * NetworkState.Classes];
        _delta = new double[_batch * NetworkState.Classes];
        _coef = track ? new double[_k * _batch] : _overlap; // the overlaps are spent once F and F' are known
        _gM = new double[_k * _n];
        _gL = new double[_k * NetworkState.Classes];
        _sampleCost = new double[_batch];
        _predicted = new int[_batch];
        _power = new PowerKernel(parameters.Exponent);
        _errorPower = new ScalarPower(2 * parameters.CostExponent - 1);
        _tracking = track;
        if (full)
        {
            var packs = PackedSamples.Of(set);
            (_samplesT, _samplesPacked) = (packs.Transposed, packs.Plain);
            _identity = Enumerable.Range(0, set.Count).ToArray();
            if (_tracking) _gram = packs.Gram;
        }
        if (_tracking)
        {
            int p = set.Count;
            _coefGram = new double[_k * p];
            _scales = new double[2 * _k];
            if (overlaps is not null && overlaps.Length == _k * p)
            {
                overlaps.CopyTo(_overlap, 0);
                _overlapValid = true;
            }
        }
    }

    /// <summary>The most memory a trainer may allocate for its state and work arrays.</summary>
    public const long MaxBytes = 8L << 30;

    /// <summary>Refuses, before allocating, a run whose arrays alone would exceed <see cref="MaxBytes"/>.</summary>
    static void CheckMemory(int k, int p, int batch, int n, bool tracking)
    {
        double bytes = OverlapPath.Bytes(k, p, batch, n, tracking);
        if (bytes > MaxBytes)
            throw new InvalidParameterException(FormattableString.Invariant(
                $"training K = {k} memories on P = {p} digits would need {bytes / (1 << 30):F1} GB of arrays, over the limit of {MaxBytes >> 30} GB; use fewer memories or digits, or minibatches"));
    }

    /// <summary>The options this trainer runs with (<see cref="TrainingOptions.Epochs"/> is where <see cref="Run"/> stops).</summary>
    public TrainingOptions Options => _o;

    /// <summary>
    /// Sets the worker threads of the next epochs (a sweep's last runs take the cores the finished ones left). Every
    /// product and loop gives each entry one fixed order of operations, so the results do not change.
    /// </summary>
    internal void UseThreads(int threads)
    {
        if (threads < 1) throw new InvalidParameterException($"threads = {threads} is invalid: at least 1 thread is needed");
        if (threads != _o.Threads) _o = _o with { Threads = threads };
    }

    /// <summary>
    /// One epoch: every minibatch's gradients from the current state, then the update.
    /// </summary>
    /// <returns>
    /// The metrics of the state <em>before</em> this update (its <see cref="EpochMetrics.Epoch"/> is <see cref="Epoch"/>
    /// as it was when called): the forward passes that gave the gradients measured them, so they cost nothing extra.
    /// With minibatches they are summed over the minibatches as each was seen. Call <see cref="Evaluate"/> for the state
    /// after the update.
    /// </returns>
    public EpochMetrics Step()
    {
        var order = EpochRandom.Order(_set.Count, _o.MinibatchSize, _o.Seed, Epoch);
        var metrics = new Accumulator(Epoch);
        for (int b = 0, start = 0; start < _set.Count; b++, start += _batch)
        {
            int size = Math.Min(_batch, _set.Count - start);
            var rows = order.AsSpan(start, size);
            if (_tracking && Epoch % OverlapRefreshEvery == 0) _overlapValid = false;
            Forward(rows, metrics, gradients: true);
            UpdateRule.Apply(State, VelocityMemories, VelocityLabels, _gM, _gL, _o, Epoch, b, _scales);
            if (_tracking) TrackOverlaps();
        }
        Epoch++;
        return metrics.Result();
    }

    /// <summary>
    /// Trains in memory from <see cref="Epoch"/> to <see cref="TrainingOptions.Epochs"/> and returns every epoch's metrics:
    /// one per update (each of the state before it, see <see cref="Step"/>), then the final state's.
    /// </summary>
    /// <param name="progress">Told the epoch reached, every 64 epochs and at the end.</param>
    /// <param name="cancel">Checked every 64 epochs; the state stays consistent (a whole number of epochs done).</param>
    public IReadOnlyList<EpochMetrics> Run(IProgress<int>? progress = null, CancellationToken cancel = default)
    {
        var metrics = new List<EpochMetrics>(Math.Max(0, _o.Epochs - Epoch) + 1);
        while (Epoch < _o.Epochs)
        {
            if (Epoch % 64 == 0)
            {
                cancel.ThrowIfCancellationRequested();
                progress?.Report(Epoch);
            }
            metrics.Add(Step());
        }
        metrics.Add(Evaluate());
        progress?.Report(Epoch);
        return metrics;
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
        int bsz = rows.Length, k = _k, n = _n;
        ReadOnlySpan<double> x;
        bool packed = bsz == _set.Count && _samplesT is not null && IsIdentity(rows);
        if (packed) x = _set.Samples;
        else
        {
            for (int i = 0; i < bsz; i++) _set.Sample(rows[i]).CopyTo(_x.AsSpan(i * n, n));
            x = _x.AsSpan(0, bsz * n);
        }
        if (_tracking && _overlapValid) { }
        else if (packed) Gemm.Multiply(State.Memories, _samplesT!, _overlap, k, _o.Threads);
        else Gemm.MultiplyTransposed(State.Memories, x, _overlap, k, bsz, n, _o.Threads);
        _overlapValid = _tracking;
        Middle(rows, metrics, gradients);
        if (!gradients) return;
        if (packed) Gemm.Multiply(_coef.AsSpan(0, k * bsz), _samplesPacked!, _gM, k, _o.Threads);
        else Gemm.Multiply(_coef.AsSpan(0, k * bsz), x, _gM, k, n, bsz, _o.Threads);
    }

    /// <summary>Everything between the two big products: F and F', the outputs, δ, the metrics, ∂C/∂L and coef.</summary>
    void Middle(ReadOnlySpan<int> rows, Accumulator metrics, bool gradients)
    {
        int bsz = rows.Length, c = NetworkState.Classes, k = _k;
        double t = _p.Temperature, m2 = 2 * _p.CostExponent;
        var (overlap, f, power) = (_overlap, _f, _power);
        Parallelism.For(k, _o.Threads, mu => power.Apply(overlap.AsSpan(mu * bsz, bsz), t, f.AsSpan(mu * bsz, bsz), []));

        // uᵀ (10×B) = Lᵀ (10×K) · F (K×B): the sum over μ runs in ascending order.
        var (uT, delta, deltaT, labels, labelsT, sampleCost, predicted) = (_uT, _delta, _deltaT, State.Labels, _labelsT, _sampleCost, _predicted);
        for (int mu = 0; mu < k; mu++)
            for (int d = 0; d < c; d++) labelsT[d * k + mu] = labels[mu * c + d];
        Gemm.Multiply(labelsT, f.AsSpan(0, k * bsz), uT, c, bsz, k, _o.Threads);

        // Per sample: δ = 2m (c−t)^{2m−1} (1−c²), the cost terms and the prediction.
        var setLabels = _set.Labels;
        var rowIndex = rows.ToArray();
        var errorPower = _errorPower;
        Parallelism.For(bsz, _o.Threads, i =>
        {
            int label = setLabels[rowIndex[i]], best = 0;
            double cost = 0;
            for (int d = 0; d < c; d++)
            {
                double ud = uT[d * bsz + i];
                var te = TanhError.Fast(ud, DenseNetwork.Target(label, d));
                double a = Math.Abs(te.Difference), p = errorPower.Pow(a);   // |c−t|^{2m−1}
                cost += p * a;
                delta[i * c + d] = m2 * (te.Difference < 0 ? -p : p) * te.OneMinusSquare;
                deltaT[d * bsz + i] = delta[i * c + d];
                if (ud > uT[best * bsz + i]) best = d;
            }
            sampleCost[i] = cost;
            predicted[i] = best;
        });
        for (int i = 0; i < bsz; i++) // sequential: the cost's sum has one order
        {
            int label = setLabels[rowIndex[i]];
            metrics.Cost += sampleCost[i];
            metrics.Total[label]++;
            metrics.Predicted[predicted[i]]++;
            if (predicted[i] == label) metrics.Correct[label]++;
        }
        if (!gradients) return;

        // ∂C/∂L (K×10) = F (K×B) · δ (B×10); back (K×B) = L (K×10) · δᵀ (10×B); coef = back ∘ F' / T.
        Gemm.Multiply(f.AsSpan(0, k * bsz), delta.AsSpan(0, bsz * c), _gL, k, c, bsz, _o.Threads);
        // back and F' are formed per entry, never stored; on the direct path coef overwrites the overlaps it reads.
        var coef = _coef;
        Parallelism.For(k, _o.Threads, mu => power.BackPropagate(labels.AsSpan(mu * c, c), deltaT.AsSpan(0, c * bsz), c,
            overlap.AsSpan(mu * bsz, bsz), f.AsSpan(mu * bsz, bsz), t, coef.AsSpan(mu * bsz, bsz)));
    }

    /// <summary>O ← (O + c·coef·G)·s per memory, with c and s the step and renormalization of that memory.</summary>
    void TrackOverlaps()
    {
        if (!TrackingPossible()) return;
        Gemm.Multiply(_coef, _gram!, _coefGram!, _k, _o.Threads);
        ApplyTracked();
    }

    /// <summary>False (and the overlaps recomputed next epoch) after a vanishing gradient, whose step is not finite.</summary>
    bool TrackingPossible()
    {
        if (_scales!.All(double.IsFinite)) return true;
        _overlapValid = false;
        return false;
    }

    void ApplyTracked()
    {
        int p = _set.Count;
        var (overlap, coefGram, scales) = (_overlap, _coefGram!, _scales!);
        Parallelism.For(_k, _o.Threads, mu =>
        {
            var row = overlap.AsSpan(mu * p, p);
            TensorPrimitives.MultiplyAdd(coefGram.AsSpan(mu * p, p), scales[2 * mu], row, row);
            if (scales[2 * mu + 1] != 1) TensorPrimitives.Multiply(row, scales[2 * mu + 1], row);
        });
    }

    // ---- The phases of one full-batch epoch, driven by StackedTrainer with the big products shared ----

    internal TrainingSet Set => _set;
    internal bool FullBatch => _samplesT is not null;
    internal bool Tracking => _tracking;
    internal NetworkParameters Parameters => _p;
    internal double[] OverlapArray => _overlap;
    internal double[] CoefArray => _coef;
    internal double[] GradientArray => _gM;
    internal double[] CoefGramArray => _coefGram!;

    /// <summary>Starts an epoch; true when the overlaps must be computed (M·Xᵀ into <see cref="OverlapArray"/>) first.</summary>
    internal bool BeginStacked()
    {
        if (_tracking && Epoch % OverlapRefreshEvery == 0) _overlapValid = false;
        return !(_tracking && _overlapValid);
    }

    /// <summary>With the overlaps in place: the middle of the epoch, up to coef (∂C/∂M = coef·X goes in <see cref="GradientArray"/>).</summary>
    internal Accumulator MiddleStacked()
    {
        var metrics = new Accumulator(Epoch);
        _overlapValid = _tracking;
        Middle(_identity, metrics, gradients: true);
        return metrics;
    }

    /// <summary>The update; true when tracked overlaps need coef·G in <see cref="CoefGramArray"/> next.</summary>
    internal bool UpdateStacked()
    {
        UpdateRule.Apply(State, VelocityMemories, VelocityLabels, _gM, _gL, _o, Epoch, 0, _scales);
        return _tracking && TrackingPossible();
    }

    internal void TrackStacked() => ApplyTracked();

    internal EpochMetrics EndStacked(Accumulator metrics)
    {
        Epoch++;
        return metrics.Result();
    }

    static bool IsIdentity(ReadOnlySpan<int> rows)
    {
        for (int i = 0; i < rows.Length; i++) if (rows[i] != i) return false;
        return true;
    }

    internal sealed class Accumulator(int epoch)
    {
        public double Cost;
        public readonly int[] Correct = new int[NetworkState.Classes];
        public readonly int[] Total = new int[NetworkState.Classes];
        public readonly int[] Predicted = new int[NetworkState.Classes];
        public EpochMetrics Result() => new(epoch, Cost, Correct, Total, Predicted);
    }
}
