using MathNet.Numerics.LinearAlgebra;

namespace Bifurcations.Continuation;

/// <summary>A corrected point: z = (u, p / scale), the Jacobian [F_u | F_p·scale] there, and the Newton iterations it took.</summary>
sealed record Node(double[] Z, double[,] Jacobian, int Iterations);

/// <summary>
/// The one Newton corrector of the project: F(z) = 0 together with the border t·(z − ẑ) = 0, solved with Math.NET's LU
/// on the (m + 1)-square bordered matrix [F_z; tᵀ]. With t the tangent and ẑ the predictor this is the pseudo-arclength
/// corrector; with t = e_p it solves at a fixed parameter.
/// </summary>
static class Corrector
{
    /// <summary>Near a branch point, two small residuals in a row with steps within this factor of the step tolerance settle Newton.</summary>
    const double BranchPointJitter = 1e3;
    /// <summary>A step this far below the step tolerance is round-off: the position is as exact as doubles make it.</summary>
    const double RoundOffStep = 1e-2;
    /// <summary>A step of at most this many units in the last place is round-off too.</summary>
    const double RoundOffUlps = 4;

    /// <summary>F and its Jacobian at z in scaled coordinates (the parameter column times the scale); null where the problem is undefined or not finite.</summary>
    public static Node? At(IContinuationProblem problem, double[] z)
    {
        int m = problem.Dimension;
        var f = new double[m];
        var jac = new double[m, m + 1];
        return Evaluate(problem, z, f, jac) ? new Node((double[])z.Clone(), jac, 0) : null;
    }

    static bool Evaluate(IContinuationProblem problem, double[] z, double[] f, double[,] jac)
    {
        int m = problem.Dimension;
        double scale = problem.ParameterScale;
        if (!problem.Evaluate(z.AsSpan(0, m), z[m] * scale, f, jac)) return false;
        for (int i = 0; i < m; i++)
        {
            jac[i, m] *= scale;
            if (!double.IsFinite(f[i])) return false;
            for (int j = 0; j <= m; j++) if (!double.IsFinite(jac[i, j])) return false;
        }
        return true;
    }

    /// <summary>
    /// Newton from the predictor: converged when max|F| ≤ max(tolerance, the problem's floor) and the last step is below the
    /// step tolerance (relative to max(1, |z_i|)). Null if it fails, leaves the problem's domain, or wanders farther than
    /// <paramref name="reach"/> from the predictor (it would be converging to another branch).
    /// </summary>
    public static Node? Solve(IContinuationProblem problem, double[] predictor, double[] border, double reach, NewtonSettings newton)
    {
        int m = problem.Dimension;
        var z = (double[])predictor.Clone();
        var f = new double[m];
        var jac = new double[m, m + 1];
        double lastStep = double.PositiveInfinity, lastUlps = double.PositiveInfinity, previousResidual = double.PositiveInfinity;
        bool wasSmall = false, declined = false;
        var a = Matrix<double>.Build.Dense(m + 1, m + 1);
        var rhs = Vector<double>.Build.Dense(m + 1);
        for (int it = 0; ; it++)
        {
            if (!Evaluate(problem, z, f, jac)) return null;
            double residual = 0;
            for (int i = 0; i < m; i++) residual = Math.Max(residual, Math.Abs(f[i]));
            // The problem's round-off floor is asked for only when the tolerance alone is not met (it costs an evaluation).
            // The floor is a bound, often far above the round-off actually reached: a residual under it that still falls
            // tenfold per iteration is Newton still converging, and one more step costs little. Seen on a linear label
            // ℓ ≈ −1e-9 with ∂F/∂ℓ ≈ 6e8: accepted at 1e-8 under a floor of 7e-5, where one more step gives 1e-14.
            // Only one such step is taken: a residual at real round-off jitters, and a tenfold drop in that noise must not
            // keep Newton going (a nearly symmetric pair's mixed saddle then lost its branch).
            bool converging = residual < 0.1 * previousResidual && !declined;
            bool atFloor = residual > newton.Tolerance && residual <= problem.ResidualFloor(z.AsSpan(0, m), z[m] * problem.ParameterScale);
            bool small = residual <= newton.Tolerance || (atFloor && !converging);
            previousResidual = residual;
            if (small && lastStep <= newton.StepTolerance) return new Node(z, jac, it);
            if (atFloor && converging && lastStep <= newton.StepTolerance) declined = true;
            // Near a branch point the Jacobian is nearly singular: the residual sits at round-off while Newton's steps jitter
            // by that round-off over the smallest singular value. Two such iterates in a row settle it.
            if (small && wasSmall && lastStep <= BranchPointJitter * newton.StepTolerance) return new Node(z, jac, it);
            wasSmall = small;
            // The residual has reached round-off (its terms are large beside their difference, or the root lies between two
            // adjacent doubles): Newton's step is then set by that noise over the slope, and once it is 100 times below the
            // step tolerance, or a few units in the last place, the position is as exact as doubles make it.
            if (lastStep <= RoundOffStep * newton.StepTolerance || lastUlps <= RoundOffUlps) return new Node(z, jac, it);
            if (it == newton.MaxIterations) return null;
            double offset = 0;
            for (int j = 0; j <= m; j++)
            {
                for (int i = 0; i < m; i++) a[i, j] = jac[i, j];
                a[m, j] = border[j];
                offset += border[j] * (z[j] - predictor[j]);
            }
            for (int i = 0; i < m; i++) rhs[i] = f[i];
            rhs[m] = offset;
            var step = a.Solve(rhs);
            lastStep = 0;
            lastUlps = 0;
            for (int j = 0; j <= m; j++)
            {
                if (!double.IsFinite(step[j])) return null;
                z[j] -= step[j];
                lastStep = Math.Max(lastStep, Math.Abs(step[j]) / Math.Max(1, Math.Abs(z[j])));
                lastUlps = Math.Max(lastUlps, Math.Abs(step[j]) / Ulp(z[j]));
            }
            double distance = 0;
            for (int j = 0; j <= m; j++) distance += (z[j] - predictor[j]) * (z[j] - predictor[j]);
            if (!(Math.Sqrt(distance) <= reach)) return null;
        }
    }

    static double Ulp(double x) => Math.BitIncrement(Math.Abs(x)) - Math.Abs(x);

    /// <summary>
    /// The unit tangent at a corrected point: [F_z; t_prevᵀ]·τ = e_{m+1}, normalized (so τ keeps the orientation of
    /// t_prev), and the branch-point test function det[F_z; τᵀ]. Null if the bordered matrix is singular.
    /// </summary>
    public static (double[] Tangent, double Determinant)? Tangent(double[,] jac, double[] previous)
    {
        int m = jac.GetLength(0);
        var a = Bordered(jac, previous);
        var rhs = Vector<double>.Build.Dense(m + 1);
        rhs[m] = 1;
        var tau = a.Solve(rhs);
        double norm = tau.L2Norm();
        if (!(norm > 0) || !double.IsFinite(norm)) return null;
        var t = (tau / norm).ToArray();
        return (t, Bordered(jac, t).Determinant());
    }

    /// <summary>A unit null vector of the m × (m + 1) Jacobian (the last right singular vector), for a first tangent.</summary>
    public static double[] NullVector(double[,] jac) => Svd(jac).VT.Row(jac.GetLength(0)).ToArray();

    /// <summary>
    /// The SVD of the m×(m+1) Jacobian padded to a square. Each row is first divided by its largest entry: the null space
    /// does not change, and entries near the double limit cannot overflow inside the factorization (where Math.NET's
    /// iteration then never ends: a symmetric pair, G_BB = G_AA, continued in T_r hung here).
    /// </summary>
    static MathNet.Numerics.LinearAlgebra.Factorization.Svd<double> Svd(double[,] jac)
    {
        int m = jac.GetLength(0);
        var full = Matrix<double>.Build.Dense(m + 1, m + 1);
        for (int i = 0; i < m; i++)
        {
            double scale = 0;
            for (int j = 0; j <= m; j++) scale = Math.Max(scale, Math.Abs(jac[i, j]));
            if (!double.IsFinite(scale)) throw new NumericalException("continuation: the Jacobian has an entry that is not a finite number");
            for (int j = 0; j <= m; j++) full[i, j] = scale > 0 ? jac[i, j] / scale : 0;
        }
        return full.Svd(true);
    }

    /// <summary>
    /// At a branch point: the second direction of the two-dimensional null space of the Jacobian, orthogonal to the
    /// tangent (from the two smallest right singular vectors).
    /// </summary>
    public static double[] OtherDirection(double[,] jac, double[] tangent)
    {
        int m = jac.GetLength(0);
        var vt = Svd(jac).VT;
        var v1 = vt.Row(m - 1).ToArray();
        var v2 = vt.Row(m).ToArray();
        double a = PseudoArclength.Dot(tangent, v2), b = -PseudoArclength.Dot(tangent, v1);
        var other = new double[m + 1];
        for (int j = 0; j <= m; j++) other[j] = a * v1[j] + b * v2[j];
        double norm = Math.Sqrt(PseudoArclength.Dot(other, other));
        if (!(norm > 1e-12)) return v1;
        PseudoArclength.Scale(other, 1 / norm);
        return other;
    }

    static Matrix<double> Bordered(double[,] jac, double[] border)
    {
        int m = jac.GetLength(0);
        var a = Matrix<double>.Build.Dense(m + 1, m + 1);
        for (int j = 0; j <= m; j++)
        {
            for (int i = 0; i < m; i++) a[i, j] = jac[i, j];
            a[m, j] = border[j];
        }
        return a;
    }
}
