namespace Bifurcations.Reduced;

/// <summary>
/// One point of a three-category branch: n, where K identical memories rest (α, ℓ), the largest eigenvalue of
/// their symmetric flow (negative: they gather there), and their fastest mode of difference (a split if positive).
/// </summary>
public sealed record ThreeCategoryPoint(double N, double[] Alpha, double[] Ell, double SymmetricEigenvalue, int UnstableModes,
    double? SplitRate, int? SplitsOff);

/// <summary>
/// A branch followed in one direction of n. Jumps are the n where the rest point moved by more than
/// <see cref="ThreeCategoryContinuation.Jump"/> (bracketed to <see cref="ThreeCategoryContinuation.JumpTolerance"/>): a fold if
/// the other direction jumps elsewhere (hysteresis), a steep but reversible change if it jumps at the same n.
/// </summary>
public sealed record ThreeCategoryBranch(bool Upwards, IReadOnlyList<ThreeCategoryPoint> Points, IReadOnlyList<double> Jumps);

/// <summary>
/// Continuation in n of the three-category system by relaxation: at each n the K identical memories are
/// let to rest from where they rested at the previous n (natural-parameter continuation whose corrector is
/// the flow itself), so the branch followed is the one the memories gather on (attracting for the symmetric
/// flow; saddle-type branches of that flow are not followed). Where the rest point jumps, the jump is
/// bracketed by bisection in n. Swept up and down, the two sweeps show any hysteresis (folds, as in paper
/// Fig. 5A) and along them the modes of difference say whether, and which class, the memories split.
/// Each relaxation is capped at <see cref="RestTime"/>: near-marginal points may not have settled.
/// </summary>
public static class ThreeCategoryContinuation
{
    public const double JumpTolerance = 0.25;
    public const double RestTime = 120;
    /// <summary>A rest point farther than this (in α, max-abs) from the previous one is on another branch.</summary>
    public const double Jump = 0.08;

    public static ThreeCategoryBranch Follow(Func<double, ThreeCategoryModel> modelAt, IReadOnlyList<double> ns, double[] startAlpha, double[] startEll, bool upwards, IProgress<int>? progress = null)
    {
        if (ns.Count == 0) throw new UsageException("no n to continue over");
        var grid = upwards ? ns.OrderBy(n => n).ToArray() : ns.OrderByDescending(n => n).ToArray();
        var points = new List<ThreeCategoryPoint>();
        var jumps = new List<double>();
        MemoryGroup? previous = null;
        double previousN = double.NaN;
        foreach (var n in grid)
        {
            var model = modelAt(n);
            var rest = previous is null ? model.Rest(startAlpha, startEll, RestTime) : model.Rest(previous.Alpha, previous.Ell, RestTime);
            if (previous is not null && Distance(rest, previous) > Jump && Bracket(modelAt, previousN, n, previous, rest) is { } at)
                jumps.Add(at);
            points.Add(Measure(model, n, rest));
            previous = rest; previousN = n;
            progress?.Report(points.Count);
        }
        return new ThreeCategoryBranch(upwards, points, jumps);
    }

    static double Distance(MemoryGroup a, MemoryGroup b) => a.Alpha.Zip(b.Alpha, (x, y) => Math.Abs(x - y)).Max();

    /// <summary>
    /// Bisects (n_on, n_off) for the n where the branch through <paramref name="on"/> stops existing; null if
    /// the change shrinks with the bracket (a steep but continuous stretch of one branch, not a jump).
    /// </summary>
    static double? Bracket(Func<double, ThreeCategoryModel> modelAt, double nOn, double nOff, MemoryGroup on, MemoryGroup off)
    {
        while (Math.Abs(nOff - nOn) > JumpTolerance)
        {
            double mid = (nOn + nOff) / 2;
            var rest = modelAt(mid).Rest(on.Alpha, on.Ell, RestTime);
            if (Distance(rest, on) <= Jump) { nOn = mid; on = rest; } else { nOff = mid; off = rest; }
        }
        return Distance(on, off) > Jump ? (nOn + nOff) / 2 : null;
    }

    static ThreeCategoryPoint Measure(ThreeCategoryModel model, double n, MemoryGroup rest)
    {
        var modes = model.Modes([rest], 0);
        return new ThreeCategoryPoint(n, rest.Alpha, rest.Ell, model.SymmetricEigenvalues(rest)[0], modes.Count,
            modes.Count > 0 ? modes[0].Rate : null, modes.Count > 0 ? modes[0].SplitsOff(model.Classes) : null);
    }
}
