namespace Bifurcations.Training;

/// <summary>
/// How a trainer gets the overlaps O = M·Xᵀ each epoch, and what that costs (docs/performance.md).
/// <list type="bullet">
/// <item><b>Direct</b>: O recomputed from the memories, 2KPN flops, no extra memory.</item>
/// <item><b>Tracked</b>: O ← (O + c·coef·G)·s through the P×P Gram matrix G = X·Xᵀ: 2KP² flops plus a direct
/// refresh every <see cref="Trainer.OverlapRefreshEvery"/> epochs (2KPN/50), and P² doubles for G.</item>
/// </list>
/// Tracking wins when P² + PN/50 &lt; PN, i.e. below P* = N(1 − 1/50) = 768 digits at N = 784, and is exact in
/// exact arithmetic only for one minibatch, momentum 0, no noise and max-norm renormalization.
/// </summary>
public static class OverlapPath
{
    /// <summary>The largest Gram matrix tracking may allocate (it is never needed beyond P*, where it is 4.7 MB).</summary>
    public const long MaxGramBytes = 256L << 20;

    /// <summary>Operations of the overlaps M·Xᵀ computed directly each epoch.</summary>
    public static double DirectFlops(int k, int p, int n) => 2.0 * k * p * n;

    /// <summary>Operations of the overlaps tracked through the Gram matrix, with the periodic refresh.</summary>
    public static double TrackedFlops(int k, int p, int n) => 2.0 * k * p * p + 2.0 * k * p * n / Trainer.OverlapRefreshEvery;

    /// <summary>True when the tracked path is allowed by the options and cheaper than the direct one.</summary>
    public static bool Track(int k, int p, int n, int batch, TrainingOptions o) =>
        o.TrackOverlaps && batch == p && o.Momentum == 0 && o.MemoryNoise == 0 && o.LabelNoise == 0
        && o.Renormalization == Renormalization.MaxNorm
        && TrackedFlops(k, p, n) < DirectFlops(k, p, n) && 8.0 * p * p <= MaxGramBytes;

    /// <summary>Flops of one epoch of the engine on the path it takes: the overlaps, ∂C/∂M (2KPN) and the 10-class terms.</summary>
    public static double EpochFlops(int k, int p, int n, bool tracked) =>
        (tracked ? TrackedFlops(k, p, n) : DirectFlops(k, p, n)) + 2.0 * k * p * n + 60.0 * k * p;

    /// <summary>
    /// Bytes of a trainer's arrays: memories with their velocity and gradient (4KN), the K×B work arrays (O and F on
    /// the direct path, where the back-propagated coefficients overwrite O; 3 when tracking, which keeps O), the digits,
    /// their two packed copies for a full batch (2PN), a gathered minibatch copy otherwise (BN), and when tracking the
    /// packed G (P²) and coef·G (KP). A full batch on the direct path goes a block of digits at a time, so its work
    /// arrays are K×block, not K×P (<see cref="Trainer.BlockDigits"/>).
    /// </summary>
    public static double Bytes(int k, int p, int batch, int n, bool tracked)
    {
        const int classes = 10;
        int width = batch == p && !tracked ? Math.Min(p, Trainer.BlockDigits(k, p)) : batch;
        double doubles = 4.0 * k * n + (tracked ? 3.0 : 2.0) * k * width + 4.0 * width * classes + (double)p * n
            + (batch == p ? 2.0 * p * n : (double)batch * n)
            + (tracked ? (double)p * p + (double)k * p : 0);
        return 8 * doubles;
    }
}
