namespace Bifurcations.Training;

/// <summary>
/// Independent full-batch runs on the same digits trained together: their memories are stacked (R runs ×
/// K memories) into one operand, so each epoch's big products (M·Xᵀ, coef·X and, when tracking, coef·G)
/// are one large product instead of R small ones. Everything else (F, the outputs, δ, the update, the
/// renormalization, the labels) stays each run's own. Because every entry of a product is a chain that
/// does not depend on the other rows (<see cref="Gemm"/>), each run's results are bit-identical to
/// training it alone.
/// </summary>
internal sealed class StackedTrainer
{
    readonly Trainer[] _runs;
    readonly int _threads, _n, _p;
    readonly PackedSamples _packs;
    readonly int[] _offsets; // first stacked row of each run
    readonly double[] _rowsN, _rowsP, _rowsP2; // stacked K×N and K×P work arrays

    public IReadOnlyList<Trainer> Runs => _runs;

    /// <param name="runs">Runs on one training set, each with one minibatch holding the whole set, all at the same epoch.</param>
    /// <param name="threads">Threads for the stacked products and for the runs' own steps (one run per thread).</param>
    public StackedTrainer(IReadOnlyList<Trainer> runs, int threads)
    {
        if (runs.Count == 0) throw new ArgumentException("no runs to stack");
        var first = runs[0];
        foreach (var r in runs)
        {
            if (!ReferenceEquals(r.Set, first.Set)) throw new ArgumentException("stacked runs must train on the same training set");
            if (!r.FullBatch) throw new ArgumentException("stacked runs must use one minibatch holding the whole set");
            if (r.Epoch != first.Epoch) throw new ArgumentException("stacked runs must be at the same epoch");
            if (r.Tracking != first.Tracking) throw new ArgumentException("stacked runs must all track their overlaps, or none");
        }
        _runs = [.. runs];
        _threads = Math.Max(1, threads);
        (_n, _p) = (first.Set.Dimension, first.Set.Count);
        _packs = PackedSamples.Of(first.Set);
        _offsets = new int[_runs.Length + 1];
        for (int i = 0; i < _runs.Length; i++) _offsets[i + 1] = _offsets[i] + _runs[i].State.MemoryCount;
        int total = _offsets[^1];
        _rowsN = new double[(long)total * _n];
        _rowsP = new double[(long)total * _p];
        _rowsP2 = first.Tracking ? new double[(long)total * _p] : [];
    }

    /// <summary>One epoch of every run; the metrics of each, in the order of <see cref="Runs"/>.</summary>
    public EpochMetrics[] Step()
    {
        int runs = _runs.Length;
        // M·Xᵀ for the runs that need it (all of them on the direct path; on refresh epochs when tracking).
        var need = Enumerable.Range(0, runs).Where(i => _runs[i].BeginStacked()).ToArray();
        if (need.Length > 0)
        {
            int rows = Gather(need, i => _runs[i].State.Memories, _n, _rowsN);
            Gemm.Multiply(_rowsN.AsSpan(0, rows * _n), _packs.Transposed, _rowsP, rows, _threads);
            Scatter(need, i => _runs[i].OverlapArray, _p, _rowsP);
        }
        var metrics = new Trainer.Accumulator[runs];
        Parallelism.For(runs, _threads, i => metrics[i] = _runs[i].MiddleStacked());

        // ∂C/∂M = coef·X for every run.
        var all = Enumerable.Range(0, runs).ToArray();
        int total = Gather(all, i => _runs[i].CoefArray, _p, _rowsP);
        Gemm.Multiply(_rowsP.AsSpan(0, total * _p), _packs.Plain, _rowsN, total, _threads);
        Scatter(all, i => _runs[i].GradientArray, _n, _rowsN);

        var track = new bool[runs];
        Parallelism.For(runs, _threads, i => track[i] = _runs[i].UpdateStacked());
        var tracked = all.Where(i => track[i]).ToArray();
        if (tracked.Length > 0)
        {
            // coef·G for the tracked runs whose step was finite; _rowsP still holds every run's coef.
            int rows = Gather(tracked, i => _runs[i].CoefArray, _p, _rowsP);
            Gemm.Multiply(_rowsP.AsSpan(0, rows * _p), _packs.Gram, _rowsP2, rows, _threads);
            Scatter(tracked, i => _runs[i].CoefGramArray, _p, _rowsP2);
            Parallelism.For(tracked.Length, _threads, j => _runs[tracked[j]].TrackStacked());
        }
        var result = new EpochMetrics[runs];
        for (int i = 0; i < runs; i++) result[i] = _runs[i].EndStacked(metrics[i]);
        return result;
    }

    /// <summary>Copies the K×width rows of the chosen runs one after another into <paramref name="stack"/>; returns the rows.</summary>
    int Gather(int[] which, Func<int, double[]> rowsOf, int width, double[] stack)
    {
        int row = 0;
        foreach (int i in which)
        {
            int k = _offsets[i + 1] - _offsets[i];
            rowsOf(i).AsSpan(0, k * width).CopyTo(stack.AsSpan(row * width, k * width));
            row += k;
        }
        return row;
    }

    /// <summary>The inverse of <see cref="Gather"/>: each run's rows back into its own array.</summary>
    void Scatter(int[] which, Func<int, double[]> rowsOf, int width, double[] stack)
    {
        int row = 0;
        foreach (int i in which)
        {
            int k = _offsets[i + 1] - _offsets[i];
            stack.AsSpan(row * width, k * width).CopyTo(rowsOf(i).AsSpan(0, k * width));
            row += k;
        }
    }
}
