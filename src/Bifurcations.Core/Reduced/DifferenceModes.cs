using MathNet.Numerics.LinearAlgebra;

namespace Bifurcations.Reduced;

/// <summary>
/// A mode of difference between the copies of a group under one epoch of a group map: a spread δ along
/// <see cref="Direction"/> becomes <see cref="Growth"/>·δ per epoch; <see cref="Amplitude"/> (the left eigenvector,
/// scaled so that Amplitude·Direction = 1) reads how much of a given spread lies along the mode.
/// </summary>
public sealed record DifferenceMode(double Growth, double[] Direction, double[] Amplitude)
{
    /// <summary>The growth rate per epoch, ln Growth.</summary>
    public double Rate => Math.Log(Growth);
    /// <summary>The amplitude of a spread δ (a memory's coordinates minus the group's) along this mode.</summary>
    public double Along(IReadOnlyList<double> delta) => Amplitude.Select((w, i) => w * delta[i]).Sum();
}

/// <summary>
/// The modes of difference of a group under a group map (docs/cascade.md, "The cascade"): one copy is moved against the
/// K − 1 others, and the map's Jacobian for that copy is J_self − J_other/(K − 1), taken by central differences of one
/// epoch of <see cref="IGroupDynamics.Advance"/> (so the renormalization, the clipping of labels and every normalization
/// enter as the map applies them). Its real eigenvalues above 1 are the unstable modes, fastest first (Math.NET's EVD).
/// Eigenvalues below −1 (a difference that flips sign and grows every epoch, the step's two-cycle) are not splits and are
/// not returned by <see cref="Of(IGroupDynamics, double[], int, double)"/>; with <c>growingOnly: false</c> every real
/// eigenvalue is (complex pairs never are, so the first mode returned is the leading real one).
/// </summary>
public static class DifferenceModes
{
    /// <summary>The unstable modes of difference of <paramref name="copies"/> identical memories at <paramref name="x"/>, fastest first.</summary>
    public static IReadOnlyList<DifferenceMode> Of(IGroupDynamics system, double[] x, int copies, double rate) => Of(system, x, copies, rate, growingOnly: true);

    /// <summary>
    /// Every real mode of difference, fastest first, decaying ones included where <paramref name="growingOnly"/> is
    /// false: at a symmetry-breaking point the leading mode grows by 1 per epoch, and it is the one the split takes.
    /// </summary>
    public static IReadOnlyList<DifferenceMode> Of(IGroupDynamics system, double[] x, int copies, double rate, bool growingOnly)
    {
        var jacobian = Jacobian(system, x, copies, rate);
        int d = x.Length;
        var right = jacobian.Evd();
        // The left eigenvectors are the rows of V⁻¹ of the same decomposition (w_i·v_j = δ_ij), so near-equal eigenvalues
        // cannot be paired with the wrong one. A defective (singular) V gives no amplitudes.
        var inverse = right.EigenVectors.Determinant() is var det && Math.Abs(det) > 1e-300 ? right.EigenVectors.Inverse() : null;
        var modes = new List<DifferenceMode>();
        for (int i = 0; i < d && inverse is not null; i++)
        {
            var z = right.EigenValues[i];
            if ((growingOnly && !(z.Real > 1 + 1e-9)) || Math.Abs(z.Imaginary) > 1e-9 * Math.Abs(z.Real)) continue;
            var column = right.EigenVectors.Column(i);
            double length = column.L2Norm();
            if (!(length > 0)) continue;
            // Direction of unit length; its amplitude row scaled so that Amplitude·Direction = 1.
            modes.Add(new DifferenceMode(z.Real, (column / length).ToArray(), (inverse.Row(i) * length).ToArray()));
        }
        return modes.OrderByDescending(m => m.Growth).ToArray();
    }

    /// <summary>
    /// The largest real part among the eigenvalues of the difference map at <paramref name="x"/>, stable ones included:
    /// above 1 the copies come apart, below 1 they come together. Its logarithm changes sign where a branch of identical
    /// memories gains or loses a mode of difference (<see cref="SymmetryBreaking"/>).
    /// </summary>
    /// <param name="system">The group map.</param>
    /// <param name="x">The state of the identical copies.</param>
    /// <param name="copies">K.</param>
    /// <param name="rate">The map's learning rate.</param>
    /// <param name="threads">Threads differencing the Jacobian's columns at once (the map must then be safe to call
    /// concurrently); each column is formed the same way on any thread, so the result does not depend on it.</param>
    public static double LeadingGrowth(IGroupDynamics system, double[] x, int copies, double rate, int threads = 1) =>
        Jacobian(system, x, copies, rate, threads).Evd().EigenValues.Max(z => z.Real);

    /// <summary>J_self − J_other/(K − 1) of one epoch of the map at K identical copies of x, by central differences.</summary>
    static Matrix<double> Jacobian(IGroupDynamics system, double[] x, int copies, double rate, int threads = 1)
    {
        if (threads < 1) throw new InvalidParameterException($"threads = {threads} is invalid: at least 1 thread is needed");
        if (copies < 2) throw new InvalidParameterException($"a group of {copies} copy has no differences");
        if (!(rate > 0) || !double.IsFinite(rate)) throw new InvalidParameterException($"learning rate {rate} is invalid: it must be > 0");
        if (x.Length != system.Dimension) throw new InvalidParameterException($"a state of {x.Length} coordinates, {system.Dimension} expected");
        int d = x.Length;
        var jacobian = Matrix<double>.Build.Dense(d, d);
        void Column(int c)
        {
            double h = 1e-6 * Math.Max(1e-2, Math.Abs(x[c]));
            double[] Shift(double s) { var y = (double[])x.Clone(); y[c] += s; return y; }
            double[] One(double[] self, double[] other) => system.Advance([self, other], [1, copies - 1], rate)[0];
            var selfColumn = One(Shift(h), x).Zip(One(Shift(-h), x), (a, b) => (a - b) / (2 * h));
            var otherColumn = One(x, Shift(h)).Zip(One(x, Shift(-h)), (a, b) => (a - b) / (2 * h));
            int r = 0;
            foreach (var (s, o) in selfColumn.Zip(otherColumn)) jacobian[r++, c] = s - o / (copies - 1);
        }
        Training.Parallelism.ForRethrowing(d, threads, Column);
        if (jacobian.Enumerate().Any(v => !double.IsFinite(v))) throw new NumericalException("the difference Jacobian of the group map is not finite");
        return jacobian;
    }
}
