using Bifurcations.Linearization;
using MathNet.Numerics.LinearAlgebra;

namespace Bifurcations.Continuation;

/// <summary>
/// A reduced model written as its velocity field du/dt = F(u, p) and nothing else, as a continuation problem: its
/// Jacobian by central differences, its stability from the eigenvalues of ∂F/∂u, no events. The quickest way to put a
/// model of one's own under the engine and under the kit's checks; the project's own problems implement
/// <see cref="IContinuationProblem"/> directly, with exact Jacobians and the events of their charts.
/// </summary>
public sealed class FieldProblem : IContinuationProblem
{
    readonly Func<double[], double, double[]> _field;

    readonly Func<double[], double, double[,]>? _stateJacobian;

    readonly int _threads;

    /// <summary>
    /// The last point <see cref="Evaluate"/> differenced, and its Jacobian: the engine asks for the stability of each
    /// point it has just corrected, whose Jacobian the corrector's last iteration formed.
    /// </summary>
    sealed record Differenced(double[] U, double P, double[,] Jacobian);
    Differenced? _last;

    /// <summary>
    /// A field of <paramref name="dimension"/> states in the parameter <paramref name="parameterName"/>. Give
    /// <paramref name="stateJacobian"/> (∂F/∂u, dimension × dimension) where the field varies on scales finer than a
    /// difference step can follow (a stiff label, a state near a kink): it replaces the differences in the state; the
    /// parameter column is still differenced. With <paramref name="threads"/> above 1 the Jacobian's columns are differenced
    /// on that many threads at once, so the field must be safe to call concurrently; each column is formed the same way on
    /// any thread, so the Jacobian does not depend on the thread count.
    /// </summary>
    public FieldProblem(int dimension, string parameterName, Func<double[], double, double[]> field, double parameterScale = 1,
        Func<double[], double, double[,]>? stateJacobian = null, int threads = 1)
    {
        if (dimension < 1) throw new InvalidParameterException($"dimension {dimension} is invalid: at least 1");
        if (!(parameterScale > 0)) throw new InvalidParameterException($"parameter scale {parameterScale} is invalid: it must be > 0");
        if (threads < 1) throw new InvalidParameterException($"threads = {threads} is invalid: at least 1 thread is needed");
        (Dimension, ParameterName, _field, ParameterScale, _stateJacobian, _threads) = (dimension, parameterName, field, parameterScale, stateJacobian, threads);
    }

    /// <inheritdoc/>
    public int Dimension { get; }
    /// <inheritdoc/>
    public string ParameterName { get; }
    /// <inheritdoc/>
    public double ParameterScale { get; }

    /// <summary>F(u, p), checked for its size (non-finite values are returned as they are; <see cref="Evaluate"/> refuses them).</summary>
    public double[] Field(ReadOnlySpan<double> u, double p)
    {
        var f = _field(u.ToArray(), p);
        if (f.Length != Dimension) throw new InvalidParameterException($"the field returned {f.Length} values, {Dimension} expected");
        return f;
    }

    /// <inheritdoc/>
    public bool Evaluate(ReadOnlySpan<double> u, double p, Span<double> f, double[,] jacobian)
    {
        var value = Field(u, p);
        if (value.Any(v => !double.IsFinite(v))) return false;
        value.CopyTo(f);
        var x = u.ToArray();
        var exact = _stateJacobian?.Invoke(x, p);
        if (exact is not null && (exact.GetLength(0) != Dimension || exact.GetLength(1) != Dimension))
            throw new InvalidParameterException($"the state Jacobian is {exact.GetLength(0)} × {exact.GetLength(1)}, {Dimension} × {Dimension} expected");
        void Column(int c)
        {
            if (exact is not null && c < Dimension)
            {
                for (int r = 0; r < Dimension; r++) jacobian[r, c] = exact[r, c];
                return;
            }
            // Central differences, the step relative to the coordinate (the parameter in its own scale): 1e-6 balances
            // the truncation error (h², 1e-12) against the cancellation of F over the step (1e-16/h, 1e-10).
            double at = c < Dimension ? x[c] : p, h = 1e-6 * Math.Max(c < Dimension ? 1 : ParameterScale, Math.Abs(at));
            double[] Shifted(double s) { var y = (double[])x.Clone(); if (c < Dimension) y[c] += s; return _field(y, c < Dimension ? p : p + s); }
            var (plus, minus) = (Shifted(h), Shifted(-h));
            for (int r = 0; r < Dimension; r++) jacobian[r, c] = (plus[r] - minus[r]) / (2 * h);
        }
        Training.Parallelism.ForRethrowing(Dimension + 1, _threads, Column);
        _last = new Differenced(x, p, (double[,])jacobian.Clone());
        return true;
    }

    /// <inheritdoc/>
    public (Eigenvalue[] Spectrum, Stability Stability) Stability(ReadOnlySpan<double> u, double p)
    {
        var last = _last;
        bool known = last is not null && last.P.Equals(p) && u.SequenceEqual(last.U);
        var j = known ? last!.Jacobian : new double[Dimension, Dimension + 1];
        if (!known && !Evaluate(u, p, new double[Dimension], j))
            throw new NumericalException($"the field is not defined (not finite) at u = ({string.Join(", ", u.ToArray())}), {ParameterName} = {p}: no stability there");
        // Entries near the top of the double range (a label of 10^-185) are solved on the matrix divided by a power of two.
        var spectrum = JacobianEigen.Of(j, Dimension).Spectrum;
        int positive = spectrum.Count(e => e.Real > 0), negative = spectrum.Count(e => e.Real < 0);
        var stability = positive == 0 ? Linearization.Stability.Stable : negative == 0 ? Linearization.Stability.Unstable : Linearization.Stability.Saddle;
        return (spectrum, stability);
    }

    /// <inheritdoc/>
    public IReadOnlyList<string> EventNames { get; } = [];
    /// <inheritdoc/>
    public void Events(ReadOnlySpan<double> u, double p, Span<double> g) { }
    /// <inheritdoc/>
    public EventOutcome OnEvent(int i, ReadOnlySpan<double> u, double p, ReadOnlySpan<double> tangent) => new EventOutcome.Pass();
    /// <inheritdoc/>
    public EventOutcome.Switch? Recoordinate(ReadOnlySpan<double> u, double p, ReadOnlySpan<double> tangent) => null;
}
