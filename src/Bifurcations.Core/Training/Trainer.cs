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
    readonly double[] _x, _labelsT, _gM, _gL;
    /// <summary>The work arrays of a whole batch; on the direct full-batch path only made when asked for (stacking).</summary>
    EpochWork? _whole;
    /// <summary>The work arrays of one block of digits on the direct full-batch path, made at the first epoch (a stacked run never needs them).</summary>
    EpochWork? _block;
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
    public double[]? Overlaps => _tracking && _overlapValid ? Whole.Overlap : null;

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
        _labelsT = new double[_k * NetworkState.Classes];
        _gM = new double[_k * _n];
        _gL = new double[_k * NetworkState.Classes];
        _power = new PowerKernel(parameters.Exponent);
        _errorPower = new ScalarPower(2 * parameters.CostExponent - 1);
        _tracking = track;
        if (full)
        {
            var packs = PackedSamples.Of(set);
            (_samplesT, _samplesPacked) = (packs.Transposed, packs.Plain);
            _identity = Enumerable.Range(0, set.Count).ToArray();
            if (_tracking) _gram = packs.Gram;
            else _blockDigits = BlockDigits(_k, set.Count);
        }
        if (!full || _tracking) _whole = new EpochWork(_k, _batch, _tracking);
        if (_tracking)
        {
            int p = set.Count;
            _coefGram = new double[_k * p];
            _scales = new double[2 * _k];
            if (overlaps is not null && overlaps.Length == _k * p)
            {
                overlaps.CopyTo(_whole!.Overlap, 0);
                _overlapValid = true;
            }
        }
    }

    /// <summary>The most memory a trainer may allocate for its state and work arrays.</summary>
    public const long MaxBytes = 8L << 30;

    /// <summary>Refuses, before allocating, a run whose arrays alone would exceed <see cref="MaxBytes"/>.</summary>
    static void CheckMemory(int k, int p, int batch, int n, bool tracking, double extraBytes = 0, string how = "", string advice = ", or minibatches")
    {
        double bytes = OverlapPath.Bytes(k, p, batch, n, tracking) + extraBytes;
        if (bytes > MaxBytes)
            throw new InvalidParameterException(FormattableString.Invariant(
                $"training K = {k} memories on P = {p} digits{how} would need {bytes / (1 << 30):F1} GB of arrays, over the limit of {MaxBytes >> 30} GB; use fewer memories or digits{advice}"));
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
        bool packed = bsz == _set.Count && _samplesT is not null && IsIdentity(rows);
        if (packed && !_tracking && InBlocks)
        {
            ForwardInBlocks(metrics, gradients);
            return;
        }
        ReadOnlySpan<double> x;
        if (packed) x = _set.Samples;
        else
        {
            for (int i = 0; i < bsz; i++) _set.Sample(rows[i]).CopyTo(_x.AsSpan(i * n, n));
            x = _x.AsSpan(0, bsz * n);
        }
        var w = Whole;
        if (_tracking && _overlapValid) { }
        else if (packed) Gemm.Multiply(State.Memories, _samplesT!, w.Overlap, k, _o.Threads);
        else Gemm.MultiplyTransposed(State.Memories, x, w.Overlap, k, bsz, n, _o.Threads);
        _overlapValid = _tracking;
        Middle(rows, w, metrics, gradients);
        if (!gradients) return;
        if (packed) Gemm.Multiply(w.Coef.AsSpan(0, k * bsz), _samplesPacked!, _gM, k, _o.Threads);
        else Gemm.Multiply(w.Coef.AsSpan(0, k * bsz), x, _gM, k, n, bsz, _o.Threads);
    }

    /// <summary>
    /// The work arrays of a whole batch. On the direct full-batch path they are made only when first asked for (by
    /// stacked training, or with <see cref="InBlocks"/> off): its epochs otherwise go a block of digits at a time.
    /// </summary>
    EpochWork Whole => _whole ??= WholeBatchWork();

    /// <summary>The whole-batch arrays for stacked training of a run that otherwise goes by blocks, within the memory limit.</summary>
    EpochWork WholeBatchWork()
    {
        CheckMemory(_k, _set.Count, _batch, _n, _tracking, 8.0 * (2.0 * _k * _batch + 40.0 * _batch), " stacked with other runs", "");
        return new EpochWork(_k, _batch, _tracking);
    }

    /// <summary>
    /// False to run the direct path's epoch on the whole set at once (K×P work arrays), as before blocks: for the test that
    /// both give the same bits, and for timing one against the other.
    /// </summary>
    internal bool InBlocks { get; set; } = true;

    /// <summary>Digits per block on the direct full-batch path (<see cref="BlockDigits"/>).</summary>
    readonly int _blockDigits;

    /// <summary>
    /// The direct full-batch epoch a block of digits at a time (docs/performance.md): the block's overlaps M·X_bᵀ, F, the
    /// outputs, δ, the metrics and coef, then its share of ∂C/∂L = F·δ and ∂C/∂M = coef·X_b added on. The work arrays are
    /// K×block, not K×P, and stay in cache between the passes up to K = 128. ∂C/∂L and ∂C/∂M continue each entry's chain over the digits
    /// in order, and the cost is summed digit by digit in order, so an epoch is bit-identical to the whole-set epoch.
    /// </summary>

    void ForwardInBlocks(Accumulator metrics, bool gradients)
    {
        var w = _block ??= new EpochWork(_k, _blockDigits, false);
        for (int from = 0; from < _set.Count; from += _blockDigits)
        {
            int len = Math.Min(_blockDigits, _set.Count - from);
            Gemm.MultiplyColumns(State.Memories, _samplesT!, w.Overlap.AsSpan(0, _k * len), _k, _o.Threads, from, len);
            Middle(_identity.AsSpan(from, len), w, metrics, gradients, continueLabelChains: from > 0);
            if (gradients) Gemm.MultiplyDepth(w.Coef.AsSpan(0, _k * len), _samplesPacked!, _gM, _k, _o.Threads, from, len, accumulate: from > 0);
        }
    }

    /// <summary>
    /// Digits per block: a multiple of <see cref="Gemm.BlockAlignment"/> (768) with about 98 000 overlaps or fewer, so
    /// fewer memories take longer blocks and the fixed cost of each block's steps stays small (K = 10: 9 216 digits; 768
    /// from K = 65 on). Up to K = 128 a block's O and F (770 KB each at most) fit in a core's L2; at K = 1 000 they are
    /// 6 MB each. Never more digits than the set has.
    /// </summary>
    internal static int BlockDigits(int memories, int digits)
    {
        int block = Gemm.BlockAlignment * Math.Max(1, 98_304 / (memories * Gemm.BlockAlignment));
        return Math.Min(block, digits); // only a block's start must be aligned, and a set of one block starts at 0
    }

    /// <summary>
    /// Everything between the two big products for these digits: F = F_n(O/T), the outputs u = Fᵀ L,
    /// δ = 2m (c−t)^{2m−1} (1−c²) and the metrics; with <paramref name="gradients"/> also ∂C/∂L = F·δ (added on, continuing
    /// each entry's chain, with <paramref name="continueLabelChains"/>) and coef = back ∘ F' / T, with back = L·δᵀ and F'
    /// formed per entry, never stored. On the direct path coef overwrites the overlaps it reads.
    /// </summary>
    void Middle(ReadOnlySpan<int> rows, EpochWork w, Accumulator metrics, bool gradients, bool continueLabelChains = false)
    {
        int bsz = rows.Length, c = NetworkState.Classes, k = _k;
        double t = _p.Temperature, m2 = 2 * _p.CostExponent;
        var (overlap, f, power) = (w.Overlap, w.F, _power);
        Parallelism.For(k, _o.Threads, mu => power.Apply(overlap.AsSpan(mu * bsz, bsz), t, f.AsSpan(mu * bsz, bsz), []));

        // uᵀ (10×B) = Lᵀ (10×K) · F (K×B): the sum over μ runs in ascending order.
        var (uT, delta, deltaT, labels, labelsT, sampleCost, predicted) = (w.UT, w.Delta, w.DeltaT, State.Labels, _labelsT, w.SampleCost, w.Predicted);
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

        Gemm.Multiply(f.AsSpan(0, k * bsz), delta.AsSpan(0, bsz * c), _gL, k, c, bsz, _o.Threads, continueLabelChains);
        var coef = w.Coef;
        Parallelism.For(k, _o.Threads, mu => power.BackPropagate(labels.AsSpan(mu * c, c), deltaT.AsSpan(0, c * bsz), c,
            overlap.AsSpan(mu * bsz, bsz), f.AsSpan(mu * bsz, bsz), t, coef.AsSpan(mu * bsz, bsz)));
    }

    /// <summary>O ← (O + c·coef·G)·s per memory, with c and s the step and renormalization of that memory.</summary>
    void TrackOverlaps()
    {
        if (!TrackingPossible()) return;
        Gemm.Multiply(Whole.Coef, _gram!, _coefGram!, _k, _o.Threads);
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
        var (overlap, coefGram, scales) = (Whole.Overlap, _coefGram!, _scales!);
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
    internal double[] OverlapArray => Whole.Overlap;
    internal double[] CoefArray => Whole.Coef;
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
        var w = Whole;
        Middle(_identity, w, metrics, gradients: true);
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
