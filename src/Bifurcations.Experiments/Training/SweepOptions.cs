using Bifurcations.Model;
using Bifurcations.Training;

namespace Bifurcations.Experiments.Training;

/// <summary>The training settings every run of a sweep shares (each run has its own n and T).</summary>
public sealed record SweepOptions
{
    /// <summary>K, memories per run.</summary>
    public int Memories { get; init; } = 100;
    /// <summary>Epochs per run.</summary>
    public int Epochs { get; init; } = 10_000;
    /// <summary>Learning rate ε.</summary>
    public double Rate { get; init; } = 0.005;
    /// <summary>Seed of the start (and of the digits' order where one is drawn).</summary>
    public int Seed { get; init; } = 1;
    /// <summary>Worker threads; 0 for every core. Results do not depend on it.</summary>
    public int Threads { get; init; }

    /// <summary>The threads to use: <see cref="Threads"/>, or every core when it is 0.</summary>
    public int WorkerThreads => Threads > 0 ? Threads : Environment.ProcessorCount;

    /// <summary>This, or an error naming the first value out of range.</summary>
    public SweepOptions Validated()
    {
        new TrainingOptions { Rate = Rate, Epochs = Epochs, Seed = Seed }.Validated();
        if (Memories is < 1 or > NetworkState.MaxMemories) throw new InvalidParameterException($"memories = {Memories} is invalid: between 1 and {NetworkState.MaxMemories}");
        if (Threads < 0) throw new InvalidParameterException($"threads = {Threads} is invalid: 0 (every core) or more");
        return this;
    }
}
