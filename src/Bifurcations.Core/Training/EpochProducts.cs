using Bifurcations.Data;

namespace Bifurcations.Training;

/// <summary>
/// The two large products of a training epoch, the overlaps M·Xᵀ and the memories' gradient C·X, on the digits
/// packed the way the trainer packs them. It exists to time the matrix kernels apart from the rest of the epoch:
/// their rate on the epoch's own shapes is the most an epoch can reach (docs/performance.md).
/// </summary>
public sealed class EpochProducts
{
    readonly PackedSamples _packed;
    readonly int _threads;
    readonly double[] _overlaps, _gradient;

    /// <param name="set">The digits (P × N).</param>
    /// <param name="memories">K, the rows of M and of C.</param>
    /// <param name="threads">Threads of the kernels.</param>
    public EpochProducts(TrainingSet set, int memories, int threads)
    {
        if (memories < 1) throw new InvalidParameterException($"memories = {memories} is invalid: at least 1 memory is needed");
        if (threads < 1) throw new InvalidParameterException($"threads = {threads} is invalid: at least 1 thread is needed");
        _packed = PackedSamples.Of(set);
        (Memories, Digits, Pixels, _threads) = (memories, set.Count, set.Dimension, threads);
        _overlaps = new double[(long)memories * set.Count];
        _gradient = new double[(long)memories * set.Dimension];
    }

    /// <summary>K.</summary>
    public int Memories { get; }
    /// <summary>P.</summary>
    public int Digits { get; }
    /// <summary>N.</summary>
    public int Pixels { get; }
    /// <summary>Floating-point operations of one <see cref="Run"/>: 2KPN for each product.</summary>
    public double Flops => 4.0 * Memories * Digits * Pixels;

    /// <summary>M·Xᵀ (K × P) of the last <see cref="Run"/>.</summary>
    public ReadOnlySpan<double> Overlaps => _overlaps;
    /// <summary>C·X (K × N) of the last <see cref="Run"/>.</summary>
    public ReadOnlySpan<double> Gradient => _gradient;

    /// <summary>Computes M·Xᵀ and C·X once.</summary>
    /// <param name="memories">M, K × N row-major.</param>
    /// <param name="coefficients">C, K × P row-major.</param>
    public void Run(ReadOnlySpan<double> memories, ReadOnlySpan<double> coefficients)
    {
        if (memories.Length != _gradient.Length) throw new InvalidParameterException($"memories hold {memories.Length} values, not K·N = {_gradient.Length}");
        if (coefficients.Length != _overlaps.Length) throw new InvalidParameterException($"coefficients hold {coefficients.Length} values, not K·P = {_overlaps.Length}");
        Gemm.Multiply(memories, _packed.Transposed, _overlaps, Memories, _threads);
        Gemm.Multiply(coefficients, _packed.Plain, _gradient, Memories, _threads);
    }
}
