using System.Runtime.CompilerServices;
using Bifurcations.Data;

namespace Bifurcations.Training;

/// <summary>
/// The digits of a training set packed for the kernels, once per set however many trainers use it (runs
/// in parallel or stacked share one copy): Xᵀ for the overlaps M·Xᵀ, X for ∂C/∂M = coef·X, and on demand
/// the packed Gram matrix G = X·Xᵀ for tracked overlaps.
/// </summary>
internal sealed class PackedSamples
{
    static readonly ConditionalWeakTable<TrainingSet, PackedSamples> Cache = new();

    readonly TrainingSet _set;
    readonly Lazy<PackedOperand> _transposed, _plain, _gram;

    PackedSamples(TrainingSet set)
    {
        _set = set;
        _transposed = new(() => Gemm.Pack(set.Samples, set.Count, set.Dimension, transposed: true));
        _plain = new(() => Gemm.Pack(set.Samples, set.Dimension, set.Count, transposed: false));
        _gram = new(() =>
        {
            var gram = new double[(long)set.Count * set.Count];
            Gemm.Multiply(set.Samples, Transposed, gram, set.Count, Environment.ProcessorCount);
            return Gemm.Pack(gram, set.Count, set.Count, transposed: false);
        });
    }

    public static PackedSamples Of(TrainingSet set) => Cache.GetValue(set, s => new PackedSamples(s));

    /// <summary>Xᵀ as the right operand of M·Xᵀ (columns: digits).</summary>
    public PackedOperand Transposed => _transposed.Value;
    /// <summary>X as the right operand of coef·X (columns: pixels).</summary>
    public PackedOperand Plain => _plain.Value;
    /// <summary>G = X·Xᵀ as the right operand of coef·G.</summary>
    public PackedOperand Gram => _gram.Value;
}
