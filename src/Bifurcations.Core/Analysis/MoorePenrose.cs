using Bifurcations.Data;
using Bifurcations.Model;
using MathNet.Numerics.LinearAlgebra;

namespace Bifurcations.Analysis;

/// <summary>
/// Memories written in the basis of the training samples (paper eqs. 1–2): α^μ = M^μ·X⁺, the
/// class aggregates ᾱ^μ_d = Σ_{i ∈ d} α^μ_i, and how well αX reconstructs M.
/// </summary>
/// <param name="MemoryCount">K, the memories decomposed.</param>
/// <param name="SampleCount">P, the training digits.</param>
/// <param name="Alpha">K×P coefficients, row-major.</param>
/// <param name="AlphaByClass">K×10 class aggregates ᾱ, row-major.</param>
/// <param name="ReconstructionError">‖M^μ − α^μX‖₂ per memory.</param>
/// <param name="RelativeReconstructionError">‖M^μ − α^μX‖₂ / ‖M^μ‖₂ per memory (0 for a zero memory).</param>
public sealed record Decomposition(int MemoryCount, int SampleCount, double[] Alpha, double[] AlphaByClass,
    double[] ReconstructionError, double[] RelativeReconstructionError)
{
    /// <summary>The coefficients α^μ_i of memory μ on the P training digits.</summary>
    public ReadOnlySpan<double> AlphaOf(int mu) => Alpha.AsSpan(mu * SampleCount, SampleCount);
    /// <summary>The class coordinates ᾱ^μ_d of memory μ: its coefficients summed over each class.</summary>
    public ReadOnlySpan<double> AlphaBarOf(int mu) => AlphaByClass.AsSpan(mu * NetworkState.Classes, NetworkState.Classes);
}

/// <summary>
/// Projects memories on the span of a training set with the Moore–Penrose pseudo-inverse X⁺ of the
/// P×N sample matrix (Math.NET's SVD). X⁺ is computed once and reused for every decomposition.
/// <para>
/// With more digits than pixels (P &gt; N) the SVD of X itself would build its P×P left factor (29 GB at P = 60 000,
/// and minutes already at P = 8 630), so X is first reduced to N×N by a thin QR factorization, X = QR, and
/// X⁺ = R⁺Qᵀ (exact for any R, since Q has orthonormal columns). R has the singular values of X, and R⁺ keeps those
/// above the same threshold as the SVD of X would, max(P, N)·σ_max·ε (docs/model.md).
/// </para>
/// </summary>
public sealed class MoorePenrose
{
    readonly TrainingSet _set;
    readonly Matrix<double> _x;
    readonly Matrix<double> _pinv;

    readonly double[] _classWeights;
    /// <summary>X⁺C packed once for the products of <see cref="ClassAggregates"/> (a run records ᾱ every few epochs).</summary>
    readonly Lazy<Training.PackedOperand> _packedWeights;

    /// <summary>Computes the pseudo-inverse X⁺ of the training digits (by SVD) once, for any number of decompositions.</summary>
    public MoorePenrose(TrainingSet set)
    {
        _set = set;
        _x = Matrix<double>.Build.Dense(set.Count, set.Dimension, (i, j) => set.Samples[i * set.Dimension + j]);
        _pinv = set.Count > set.Dimension ? TallPseudoInverse(_x) : _x.PseudoInverse();
        // ᾱ_d = Σ_{i ∈ d} α_i = M·(X⁺·C) with C the P×10 class indicator: one N×10 matrix, row-major.
        var indicator = Matrix<double>.Build.Dense(set.Count, NetworkState.Classes, (i, d) => set.Labels[i] == d ? 1 : 0);
        var w = _pinv * indicator;
        _classWeights = new double[set.Dimension * NetworkState.Classes];
        for (int j = 0; j < set.Dimension; j++)
            for (int d = 0; d < NetworkState.Classes; d++) _classWeights[j * NetworkState.Classes + d] = w[j, d];
        _packedWeights = new(() => Training.Gemm.Pack(_classWeights, NetworkState.Classes, set.Dimension, transposed: false));
    }

    /// <summary>X⁺ = R⁺Qᵀ for a tall X = QR, with R⁺ from the SVD of R cut where the SVD of X would be cut.</summary>
    static Matrix<double> TallPseudoInverse(Matrix<double> x)
    {
        var qr = x.QR(MathNet.Numerics.LinearAlgebra.Factorization.QRMethod.Thin);
        var svd = qr.R.Svd(computeVectors: true);
        var sigma = svd.S;
        double cut = Math.Max(x.RowCount, x.ColumnCount) * sigma.Maximum() * MathNet.Numerics.Precision.DoublePrecision;
        var inverse = Matrix<double>.Build.Dense(sigma.Count, sigma.Count);
        for (int i = 0; i < sigma.Count; i++)
            if (sigma[i] > cut) inverse[i, i] = 1 / sigma[i];
        // R = U Σ Vᵀ, so R⁺ = V Σ⁺ Uᵀ and X⁺ = V Σ⁺ (Q U)ᵀ.
        return svd.VT.TransposeThisAndMultiply(inverse).TransposeAndMultiply(qr.Q * svd.U);
    }

    /// <summary>
    /// The class aggregates ᾱ (K×10, row-major) alone, as M·(X⁺C): K·N·10 products instead of the K·N·P of α and the
    /// K·P·N of the reconstruction, for recording a training run every few epochs. One product with the packed weights:
    /// a record of K = 100 memories costs about 0.1 ms instead of the 2.4 ms of a plain loop.
    /// </summary>
    public double[] ClassAggregates(double[] memories, int memoryCount)
    {
        int n = _set.Dimension, c = NetworkState.Classes;
        if (memories.Length != memoryCount * n) throw new ArgumentException("memories do not match the training set's dimension");
        var bar = new double[memoryCount * c];
        Training.Gemm.Multiply(memories, _packedWeights.Value, bar, memoryCount, threads: 1);
        return bar;
    }

    /// <summary>Decomposes every memory of a network state.</summary>
    public Decomposition Decompose(NetworkState state) => Decompose(state.Memories, state.MemoryCount);

    /// <summary>Decomposes <paramref name="memoryCount"/> memories stored row by row in <paramref name="memories"/>.</summary>
    public Decomposition Decompose(double[] memories, int memoryCount)
    {
        int n = _set.Dimension, p = _set.Count;
        if (memories.Length != memoryCount * n) throw new ArgumentException("memories do not match the training set's dimension");
        var m = Matrix<double>.Build.Dense(memoryCount, n, (i, j) => memories[i * n + j]);
        var alpha = m * _pinv;                    // K×P
        var residual = m - alpha * _x;            // K×N
        var a = new double[memoryCount * p];
        var bar = new double[memoryCount * NetworkState.Classes];
        var err = new double[memoryCount];
        var rel = new double[memoryCount];
        for (int mu = 0; mu < memoryCount; mu++)
        {
            for (int i = 0; i < p; i++)
            {
                a[mu * p + i] = alpha[mu, i];
                bar[mu * NetworkState.Classes + _set.Labels[i]] += alpha[mu, i];
            }
            err[mu] = residual.Row(mu).L2Norm();
            double norm = m.Row(mu).L2Norm();
            rel[mu] = norm > 0 ? err[mu] / norm : 0.0;
        }
        return new Decomposition(memoryCount, p, a, bar, err, rel);
    }
}
