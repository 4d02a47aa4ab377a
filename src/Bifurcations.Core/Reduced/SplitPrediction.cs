using Bifurcations.Model;
using MathNet.Numerics.LinearAlgebra;

namespace Bifurcations.Reduced;

/// <summary>
/// The predicted split of two memories at a fixed point of the symmetric (K = 2) system: the eigenvalues of
/// the difference mode (δα, δℓ) = memory 1 − memory 2, and the unstable eigenvector (unit length) when
/// there is one. <see cref="SymmetricJacobian"/> is the same linearization restricted to identical
/// memories, which must equal the reduced system's Jacobian.
/// </summary>
public sealed record SplitPrediction(FixedPoint Point, double[] DifferenceEigenvalues, double[]? Direction, double? Rate,
    double[,] DifferenceJacobian, double[,] SymmetricJacobian)
{
    /// <summary>Whether the difference mode grows: the memories split.</summary>
    public bool Splits => Rate is > 0;
}

/// <summary>
/// Linearizes the two-memory system (each memory with its own α and ℓ, on the upper manifold branch) at a
/// symmetric fixed point, using the generic reduction <see cref="SpanSystem"/>: the 4×4 Jacobian J has
/// blocks [[A, B], [B, A]] by the exchange symmetry, so the modes split into the symmetric one (A + B, the
/// reduced 2-D system) and the difference one (A − B), which decides whether and how the memories split.
/// </summary>
public static class SplitAnalysis
{
    /// <summary>The linearized two-memory prediction at a fixed point: the growth rate and direction of the difference mode.</summary>
    public static SplitPrediction At(PairModel model, FixedPoint point, int classA = 1, int classB = 4)
    {
        if (model.Memories != 2) throw new InvalidParameterException($"the split analysis is for two memories (got K = {model.Memories})");
        var system = SpanSystem.Pair(model.Gram, classA, model.Case == PairCase.Intra ? classA : classB, model.Parameters);
        double[] x = [point.AlphaA, point.Ell, point.AlphaA, point.Ell];
        var jac = new double[4, 4];
        for (int k = 0; k < 4; k++)
        {
            var v = Velocities(system, model, x, k, point.Branch, classA, classB);
            for (int r = 0; r < 4; r++) jac[r, k] = v[r].Derivative;
        }
        var diff = new double[2, 2];
        var sym = new double[2, 2];
        for (int r = 0; r < 2; r++)
            for (int c = 0; c < 2; c++)
            {
                diff[r, c] = jac[r, c] - jac[r, c + 2];
                sym[r, c] = jac[r, c] + jac[r, c + 2];
            }
        var evd = Matrix<double>.Build.DenseOfArray(diff).Evd();
        var values = evd.EigenValues.Select(z => z.Real).ToArray();
        int best = Array.IndexOf(values, values.Max());
        double[]? direction = null;
        double? rate = null;
        if (values[best] > 0 && Math.Abs(evd.EigenValues[best].Imaginary) < 1e-12 * Math.Abs(values[best]))
        {
            var vec = evd.EigenVectors.Column(best).Normalize(2);
            if (vec[0] < 0) vec = -vec; // a split has no sign: report δα ≥ 0
            direction = [vec[0], vec[1]];
            rate = values[best];
        }
        return new SplitPrediction(point, values.OrderByDescending(v => v).ToArray(), direction, rate, diff, sym);
    }

    /// <summary>(α̇¹, ℓ̇¹, α̇², ℓ̇²) at x with the derivative along coordinate <paramref name="along"/>.</summary>
    static Dual[] Velocities(SpanSystem system, PairModel model, double[] x, int along, ManifoldBranch branch, int classA, int classB)
    {
        var d = new Dual[4];
        for (int i = 0; i < 4; i++) d[i] = i == along ? Dual.Variable(x[i]) : Dual.Constant(x[i]);
        var memories = new SpanMemory[2];
        for (int mu = 0; mu < 2; mu++)
        {
            var a = d[2 * mu];
            var alphaB = branch == ManifoldBranch.Upper ? 1 - Dual.Abs(a) : Dual.Abs(a) - 1;
            var labels = Enumerable.Repeat(Dual.Constant(-1), NetworkState.Classes).ToArray();
            labels[classA] = d[2 * mu + 1];
            if (model.Case == PairCase.Inter) labels[classB] = -d[2 * mu + 1];
            memories[mu] = new SpanMemory([a, alphaB], labels, 1);
        }
        var v = system.Velocities(memories);
        return [v[0].Alpha[0], v[0].Labels[classA], v[1].Alpha[0], v[1].Labels[classA]];
    }
}
