using Bifurcations.Data;
using Bifurcations.Model;
using MathNet.Numerics.Distributions;

namespace Bifurcations.Training;

/// <summary>
/// The training rule of docs/model.md written as plainly as possible, one sample and one entry at a time, on
/// top of <see cref="DenseNetwork"/>'s definition of the gradient. It shares no code with
/// <see cref="Trainer"/>'s update, so the two check each other; it is also the baseline of the benchmark.
/// </summary>
public sealed class ScalarReferenceTrainer(TrainingSet set, NetworkParameters parameters, TrainingOptions options, NetworkState initial)
{
    readonly double[] _vM = new double[initial.Memories.Length];
    readonly double[] _vL = new double[initial.Labels.Length];
    /// <summary>The state, updated in place.</summary>
    public NetworkState State { get; } = initial;
    /// <summary>Epochs done.</summary>
    public int Epoch { get; private set; }

    /// <summary>One epoch of the training rule.</summary>
    public void Step()
    {
        var order = EpochRandom.Order(set.Count, options.MinibatchSize, options.Seed, Epoch);
        int batch = options.MinibatchSize is > 0 && options.MinibatchSize < set.Count ? options.MinibatchSize : set.Count;
        for (int b = 0, start = 0; start < set.Count; b++, start += batch)
        {
            var rows = order.Skip(start).Take(batch).ToArray();
            var samples = rows.SelectMany(r => set.Sample(r).ToArray()).ToArray();
            var minibatch = new TrainingSet(samples, rows.Select(r => set.Labels[r]).ToArray(), set.Dimension);
            var g = DenseNetwork.Gradient(State, parameters, minibatch);
            Update(g, b);
        }
        Epoch++;
    }

    void Update(Gradient g, int batch)
    {
        int k = State.MemoryCount, n = State.Dimension, c = NetworkState.Classes;
        for (int mu = 0; mu < k; mu++)
        {
            Move(g.Labels, _vL, State.Labels, mu * c, c);
            Move(g.Memories, _vM, State.Memories, mu * n, n);
        }
        if (options.LabelNoise > 0)
        {
            var rng = EpochRandom.For(options.Seed, Epoch, batch, EpochRandom.LabelNoise);
            for (int i = 0; i < State.Labels.Length; i++) State.Labels[i] += Normal.Sample(rng, 0, options.LabelNoise);
        }
        if (options.MemoryNoise > 0)
        {
            var rng = EpochRandom.For(options.Seed, Epoch, batch, EpochRandom.MemoryNoise);
            for (int i = 0; i < State.Memories.Length; i++) State.Memories[i] += Normal.Sample(rng, 0, options.MemoryNoise);
        }
        for (int i = 0; i < State.Labels.Length; i++) State.Labels[i] = Math.Min(1, Math.Max(-1, State.Labels[i]));
        for (int mu = 0; mu < k; mu++)
        {
            if (options.Renormalization == Renormalization.Clip)
            {
                for (int j = 0; j < n; j++) State.Memories[mu * n + j] = Math.Min(1, Math.Max(-1, State.Memories[mu * n + j]));
                continue;
            }
            double max = 0;
            for (int j = 0; j < n; j++) max = Math.Max(max, Math.Abs(State.Memories[mu * n + j]));
            if (max > 1) for (int j = 0; j < n; j++) State.Memories[mu * n + j] /= max;
        }
    }

    void Move(double[] grad, double[] velocity, double[] values, int offset, int length)
    {
        double gMax = 0;
        for (int i = 0; i < length; i++) gMax = Math.Max(gMax, Math.Abs(grad[offset + i]));
        for (int i = 0; i < length; i++)
            velocity[offset + i] = options.Momentum * velocity[offset + i] - (gMax > 0 ? grad[offset + i] / gMax : 0);
        double vMax = 0;
        for (int i = 0; i < length; i++) vMax = Math.Max(vMax, Math.Abs(velocity[offset + i]));
        if (vMax == 0) return;
        for (int i = 0; i < length; i++) values[offset + i] += options.Rate * velocity[offset + i] / vMax;
    }
}
