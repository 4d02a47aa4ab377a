using Bifurcations.Linearization;
using Bifurcations.Reduced;

namespace Bifurcations.Continuation;

/// <summary>
/// A fold followed in two parameters: the state is (u, p / S_p) and the parameter q, and the residual is F(u, p; q)
/// together with the fold's test function, the determinant of F_u with each row of [F_u | F_p] normalized,
/// g = det F_u / ∏‖(F_u, F_p)_i‖. g is the sine of the angle between the rows (m = 2), or their cosine with the
/// parameter's column (m = 1): well scaled however stiff the problem, and zero exactly where F_u is singular while
/// [F_u | F_p] is not, i.e. at a fold. The rows for u and p are exact (the inner problem's own Jacobian); the q column and
/// g's derivatives are central differences (docs/continuation.md, "Fold curves").
/// The inner problem's events carry over: a change of chart is followed, a change of its dimension (a label reaching its
/// clip) ends the curve, and so does p leaving [<see cref="PMin"/>, <see cref="PMax"/>].
/// </summary>
internal sealed class FoldProblem : IContinuationProblem, IEquatable<FoldProblem>
{
    public ITwoParameterProblem Inner { get; }
    /// <summary>S_p: the state holds p / S_p.</summary>
    public double PScale { get; }
    public double PMin { get; }
    public double PMax { get; }

    public FoldProblem(ITwoParameterProblem inner, double pScale, double qScale, double pMin, double pMax)
    {
        (Inner, PScale, ParameterScale, PMin, PMax) = (inner, pScale, qScale, pMin, pMax);
        _innerEvents = inner.EventNames.Count;
    }

    readonly int _innerEvents;
    int M => Inner.Dimension;
    public int Dimension => M + 1;
    public string ParameterName => Inner.SecondParameterName;
    public double ParameterScale { get; }
    /// <summary>The name of the parameter the fold turns in.</summary>
    public string FoldParameterName => Inner.ParameterName;

    public IReadOnlyList<string> EventNames => [.. Inner.EventNames, $"{Inner.ParameterName} min", $"{Inner.ParameterName} max"];

    /// <summary>F and the raw Jacobian of the inner piece at (u, p; q); false where undefined.</summary>
    static bool Inner_(ITwoParameterProblem? piece, ReadOnlySpan<double> u, double p, Span<double> f, double[,] j) =>
        piece is not null && piece.Evaluate(u, p, f, j) && AllFinite(f, j);

    static bool AllFinite(Span<double> f, double[,] j)
    {
        foreach (var v in f) if (!double.IsFinite(v)) return false;
        foreach (var v in j) if (!double.IsFinite(v)) return false;
        return true;
    }

    /// <summary>The test function g at (u, p; q) from the inner piece there.</summary>
    double? Test(ITwoParameterProblem? piece, ReadOnlySpan<double> u, double p)
    {
        int m = M;
        Span<double> f = stackalloc double[m];
        var j = new double[m, m + 1];
        if (!Inner_(piece, u, p, f, j)) return null;
        return Test(j, piece!.ParameterScale);
    }

    static double Test(double[,] j, double pScale)
    {
        int m = j.GetLength(0);
        double norm = 1;
        for (int i = 0; i < m; i++)
        {
            double s = 0;
            for (int k = 0; k < m; k++) s += j[i, k] * j[i, k];
            s += j[i, m] * pScale * j[i, m] * pScale;
            norm *= Math.Sqrt(s);
        }
        double det = m switch
        {
            1 => j[0, 0],
            2 => j[0, 0] * j[1, 1] - j[0, 1] * j[1, 0],
            _ => MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.Dense(m, m, (r, c) => j[r, c]).Determinant(),
        };
        return norm > 0 ? det / norm : double.NaN;
    }

    public bool Evaluate(ReadOnlySpan<double> x, double q, Span<double> f, double[,] jacobian)
    {
        int m = M;
        var piece = Inner.WithSecond(q);
        var u = x[..m];
        double p = x[m] * PScale;
        var j = new double[m, m + 1];
        if (!Inner_(piece, u, p, f[..m], j)) return false;
        var g = Test(j, piece!.ParameterScale);
        if (!double.IsFinite(g)) return false;
        f[m] = g;
        for (int i = 0; i < m; i++)
        {
            for (int k = 0; k < m; k++) jacobian[i, k] = j[i, k];
            jacobian[i, m] = j[i, m] * PScale;
        }
        // ∂/∂q of F and g, and ∂g/∂(u, p), by central differences.
        double hq = 1e-6 * ParameterScale;
        Span<double> fp = stackalloc double[m], fm = stackalloc double[m];
        var jp = new double[m, m + 1];
        var jm = new double[m, m + 1];
        var up = Inner.WithSecond(q + hq);
        var down = Inner.WithSecond(q - hq);
        if (!Inner_(up, u, p, fp, jp) || !Inner_(down, u, p, fm, jm)) return false;
        for (int i = 0; i < m; i++) jacobian[i, m + 1] = (fp[i] - fm[i]) / (2 * hq);
        var state = x.ToArray();
        // The first estimate is the one the two pieces at q ± hq already give.
        var gq = Central(dq => Inner.WithSecond(q + dq) is { } at ? Test(at, state.AsSpan(0, m), p) : null, hq,
            (Test(jp, up!.ParameterScale) - Test(jm, down!.ParameterScale)) / (2 * hq));
        if (gq is null) return false;
        jacobian[m, m + 1] = gq.Value;
        var shifted = x.ToArray();
        for (int k = 0; k <= m; k++)
        {
            int index = k;
            var gk = Central(h =>
            {
                shifted[index] = state[index] + h;
                var value = Test(piece, shifted.AsSpan(0, m), shifted[m] * PScale);
                shifted[index] = state[index];
                return value;
            }, 1e-6 * Math.Max(1, Math.Abs(state[k])));
            if (gk is null) return false;
            jacobian[m, k] = gk.Value;
        }
        return true;
    }

    /// <summary>
    /// The derivative at 0 of <paramref name="g"/> by central differences, from step h down by tens until two estimates
    /// agree to 1e-3 (or to 1e-9 absolutely: g is a sine or cosine). A step fixed at 1e-6 is too coarse where the field
    /// varies on a far smaller scale than its coordinate (a linear label ℓ ≈ 10^−4 inside tanh(ℓ·x^n) with x^n ≈ 10^6
    /// bends g on a scale of 10^−6, and one fixed step gave ∂g/∂ℓ five times too large, so Newton on the fold curve never
    /// converged). <paramref name="first"/>, if given, is the estimate at h already known. Null where g is undefined.
    /// </summary>
    static double? Central(Func<double, double?> g, double h, double? first = null)
    {
        double? Estimate(double step) => g(step) is { } plus && g(-step) is { } minus ? (plus - minus) / (2 * step) : null;
        var previous = first is { } known && double.IsFinite(known) ? known : Estimate(h);
        if (previous is null) return null;
        double best = previous.Value, change = double.PositiveInfinity;
        for (int refinement = 0; refinement < 4; refinement++)
        {
            h /= 10;
            if (Estimate(h) is not { } next || !double.IsFinite(next)) break;
            double moved = Math.Abs(next - previous.Value);
            if (moved <= 1e-3 * Math.Max(Math.Abs(next), Math.Abs(previous.Value)) || moved <= 1e-9) return next; // g lies in [−1, 1]
            // Where round-off takes over before the estimates settle, the step whose estimate moved least is kept.
            if (moved < change) (best, change) = (next, moved);
            previous = next;
        }
        return best;
    }

    public double ResidualFloor(ReadOnlySpan<double> x, double q) =>
        Inner.WithSecond(q)?.ResidualFloor(x[..M], x[M] * PScale) ?? 0;

    public (Eigenvalue[] Spectrum, Stability Stability) Stability(ReadOnlySpan<double> x, double q) =>
        (Inner.WithSecond(q) ?? Inner).Stability(x[..M], x[M] * PScale);

    public void Events(ReadOnlySpan<double> x, double q, Span<double> g)
    {
        var piece = Inner.WithSecond(q);
        double p = x[M] * PScale;
        if (piece is null) g[.._innerEvents].Fill(double.NaN);
        else piece.Events(x[..M], p, g[.._innerEvents]);
        g[_innerEvents] = double.IsFinite(PMin) ? (p - PMin) / PScale : 1;
        g[_innerEvents + 1] = double.IsFinite(PMax) ? (PMax - p) / PScale : 1;
    }

    public EventOutcome OnEvent(int i, ReadOnlySpan<double> x, double q, ReadOnlySpan<double> tangent)
    {
        int m = M;
        if (i >= _innerEvents)
            return new EventOutcome.EndBranch(BranchEndReason.ParameterBound, $"the fold's {Inner.ParameterName} left [{PMin}, {PMax}]");
        var piece = Inner.WithSecond(q) ?? Inner;
        var outcome = piece.OnEvent(i, x[..m], x[m] * PScale, tangent[..(m + 1)]);
        switch (outcome)
        {
            case EventOutcome.Switch sw when sw.Next is ITwoParameterProblem next && next.Dimension == m:
                double[]? hint = sw.TangentHint is null ? null : [.. sw.TangentHint, tangent[m + 1]];
                return new EventOutcome.Switch(new FoldProblem(next, PScale, ParameterScale, PMin, PMax), [.. sw.State, x[m]], sw.What, hint, sw.Recorded);
            case EventOutcome.Switch sw:
                return new EventOutcome.EndBranch(BranchEndReason.NonSmooth, $"the fold reaches a non-smooth place ({sw.What})");
            default:
                return outcome;
        }
    }

    public EventOutcome.Switch? Recoordinate(ReadOnlySpan<double> u, double p, ReadOnlySpan<double> tangent) => null;

    public bool Equals(FoldProblem? other) => other is not null && Inner.PieceKey.Equals(other.Inner.PieceKey);
    public override bool Equals(object? obj) => obj is FoldProblem f && Equals(f);
    public override int GetHashCode() => Inner.PieceKey.GetHashCode();
    public override string ToString() => $"fold of {Inner}";
}
