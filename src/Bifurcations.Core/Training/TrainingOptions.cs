namespace Bifurcations.Training;

/// <summary>What happens to a memory whose largest pixel leaves [-1, 1] after a step (docs/model.md, training rule step 5).</summary>
public enum Renormalization
{
    /// <summary>Divide the row by its max-abs entry ("max-norm conservation", the paper's default).</summary>
    MaxNorm,
    /// <summary>Clip each pixel to [-1, 1].</summary>
    Clip,
}

/// <summary>
/// The knobs of the training rule of docs/model.md. Defaults are the paper's: one minibatch holding the whole
/// training set, no momentum, no noise, max-norm renormalization.
/// </summary>
public sealed record TrainingOptions
{
    /// <summary>Learning rate ε.</summary>
    public double Rate { get; init; } = 0.005;
    /// <summary>Epochs to train.</summary>
    public int Epochs { get; init; } = 3500;
    /// <summary>Momentum p (the paper uses 0).</summary>
    public double Momentum { get; init; }
    /// <summary>Samples per minibatch; 0 means one minibatch holding the whole set (the paper's choice).</summary>
    public int MinibatchSize { get; init; }
    /// <summary>Standard deviation of the Gaussian noise added to memories after each step.</summary>
    public double MemoryNoise { get; init; }
    /// <summary>Standard deviation of the Gaussian noise added to labels after each step (before clipping).</summary>
    public double LabelNoise { get; init; }
    /// <summary>What happens to a memory whose largest pixel leaves [−1, 1].</summary>
    public Renormalization Renormalization { get; init; } = Renormalization.MaxNorm;
    /// <summary>Seed of every random draw of the run (initial state, minibatch order, noise).</summary>
    public int Seed { get; init; }
    /// <summary>
    /// Track the overlaps M·Xᵀ through the updates instead of recomputing them (see <see cref="Trainer"/>);
    /// used only where it is exact in exact arithmetic (one minibatch, momentum 0, no noise, max-norm).
    /// </summary>
    public bool TrackOverlaps { get; init; } = true;
    /// <summary>Worker threads; results do not depend on it.</summary>
    public int Threads { get; init; } = Environment.ProcessorCount;

    /// <summary>The most epochs a run may have: its metrics (~150 bytes an epoch) are kept in memory and in checkpoints.</summary>
    public const int MaxEpochs = 5_000_000;

    /// <summary>These options, or a <see cref="InvalidParameterException"/> naming the bad one.</summary>
    public TrainingOptions Validated()
    {
        if (!(Rate > 0) || double.IsInfinity(Rate)) throw new InvalidParameterException($"learning rate {Rate} is invalid: it must be > 0");
        if (Epochs < 1) throw new InvalidParameterException($"epochs = {Epochs} is invalid: at least 1 epoch is needed");
        if (Epochs > MaxEpochs) throw new InvalidParameterException($"epochs = {Epochs} is over the limit of {MaxEpochs} (every epoch's metrics are kept)");
        if (!(Momentum >= 0 && Momentum < 1)) throw new InvalidParameterException($"momentum {Momentum} is invalid: it must lie in [0, 1)");
        if (MinibatchSize < 0) throw new InvalidParameterException($"minibatch size {MinibatchSize} is invalid: use 0 for the whole set");
        if (!(MemoryNoise >= 0) || !(LabelNoise >= 0)) throw new InvalidParameterException("noise standard deviations must be ≥ 0");
        if (Threads is < 1 or > 4096) throw new InvalidParameterException($"threads = {Threads} is invalid: between 1 and 4096");
        return this;
    }
}
