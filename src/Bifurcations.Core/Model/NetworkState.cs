namespace Bifurcations.Model;

/// <summary>
/// K memories M^μ ∈ R^N and their label vectors l^μ ∈ [-1, 1]^10, row-major. The live state of
/// training is always double precision.
/// </summary>
public sealed class NetworkState
{
    /// <summary>Label entries per memory, one per class.</summary>
    public const int Classes = 10;

    /// <summary>Number of memories K.</summary>
    public int MemoryCount { get; }
    /// <summary>Pixels per memory N.</summary>
    public int Dimension { get; }
    /// <summary>Row-major K×N memories.</summary>
    public double[] Memories { get; }
    /// <summary>Row-major K×10 labels.</summary>
    public double[] Labels { get; }

    /// <summary>The most memories a state may hold (K·N doubles are allocated at once).</summary>
    public const int MaxMemories = 100_000;

    /// <summary>K zero memories of N pixels with zero labels.</summary>
    public NetworkState(int memoryCount, int dimension) : this(memoryCount, dimension,
        new double[CheckSize(memoryCount, dimension)], new double[memoryCount * Classes])
    { }

    static int CheckSize(int memoryCount, int dimension)
    {
        if (memoryCount < 1) throw new InvalidParameterException($"memories = {memoryCount} is invalid: at least one memory is needed");
        if (memoryCount > MaxMemories) throw new InvalidParameterException($"memories = {memoryCount} is over the limit of {MaxMemories}");
        ArgumentOutOfRangeException.ThrowIfLessThan(dimension, 1);
        return memoryCount * dimension;
    }

    /// <summary>A state over the given arrays (K×N memories and K×10 labels, row by row), not copied.</summary>
    public NetworkState(int memoryCount, int dimension, double[] memories, double[] labels)
    {
        if (memoryCount < 1) throw new InvalidParameterException($"memories = {memoryCount} is invalid: at least one memory is needed");
        ArgumentOutOfRangeException.ThrowIfLessThan(dimension, 1);
        if (memories.Length != memoryCount * dimension) throw new ArgumentException("memories has the wrong length");
        if (labels.Length != memoryCount * Classes) throw new ArgumentException("labels has the wrong length");
        MemoryCount = memoryCount;
        Dimension = dimension;
        Memories = memories;
        Labels = labels;
    }

    /// <summary>Memory μ's pixels.</summary>
    public Span<double> Memory(int mu) => Memories.AsSpan(mu * Dimension, Dimension);
    /// <summary>Memory μ's ten labels.</summary>
    public Span<double> Label(int mu) => Labels.AsSpan(mu * Classes, Classes);

    /// <summary>A deep copy.</summary>
    public NetworkState Clone() => new(MemoryCount, Dimension, (double[])Memories.Clone(), (double[])Labels.Clone());
}
