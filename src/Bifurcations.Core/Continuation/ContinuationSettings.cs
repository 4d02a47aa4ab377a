namespace Bifurcations.Continuation;

/// <summary>The corrector's Newton iterations: at most <see cref="MaxIterations"/>, converged when max|F| ≤ <see cref="Tolerance"/> and the last step ≤ <see cref="StepTolerance"/>.</summary>
public sealed record NewtonSettings(int MaxIterations = 12, double Tolerance = 1e-11, double StepTolerance = 1e-11)
{
    /// <summary>These settings, or a <see cref="InvalidParameterException"/> naming the bad one.</summary>
    public NewtonSettings Validated()
    {
        if (MaxIterations is < 1 or > 1000) throw new InvalidParameterException($"Newton iterations {MaxIterations} must be between 1 and 1000");
        if (!(Tolerance > 0 && Tolerance < 1)) throw new InvalidParameterException($"Newton tolerance {Tolerance} must be in (0, 1)");
        if (!(StepTolerance > 0 && StepTolerance < 1)) throw new InvalidParameterException($"Newton step tolerance {StepTolerance} must be in (0, 1)");
        return this;
    }
}

/// <summary>Which special points the engine looks for.</summary>
[Flags]
public enum Detection
{
    /// <summary>Nothing: the branch alone.</summary>
    None = 0,
    /// <summary>Turning points in the parameter (saddle-nodes).</summary>
    Folds = 1,
    /// <summary>Crossings with other branches.</summary>
    BranchPoints = 2,
    /// <summary>A pair of complex eigenvalues crossing the imaginary axis.</summary>
    Hopf = 4,
    /// <summary>The problem's own events (e.g. a label reaching ±1).</summary>
    Events = 8,
    /// <summary>Everything.</summary>
    All = Folds | BranchPoints | Hopf | Events,
}

/// <summary>
/// Continuation parameters (arclength in scaled units: the state as it is, the parameter divided by the problem's
/// <see cref="IContinuationProblem.ParameterScale"/>):
/// <list type="bullet">
/// <item><see cref="InitialStep"/>, <see cref="MinStep"/>, <see cref="MaxStep"/>: the step ds;</item>
/// <item><see cref="MaxTurn"/>: the largest angle (radians) between two consecutive tangents; a sharper turn is
/// retaken with half the step, so that two folds are never stepped over together;</item>
/// <item><see cref="ParameterMin"/>, <see cref="ParameterMax"/>: the branch ends where p leaves them;</item>
/// <item><see cref="MaxSteps"/>: the most points per direction;</item>
/// <item><see cref="LocationTolerance"/>: special points are located to this arclength;</item>
/// <item><see cref="MaxSwitches"/>: the most changes of chart or piece per direction (a guard against ping-pong);</item>
/// <item><see cref="FastIterations"/>, <see cref="SlowIterations"/>, <see cref="StepGrowth"/>, <see cref="StepShrink"/>: the step follows the corrector's effort;</item>
/// <item><see cref="ChordTolerance"/>: a chord that leaves its arc is retaken smaller (another branch passes close by).</item>
/// </list>
/// </summary>
public sealed record ContinuationSettings
{
    /// <summary>The first arclength step.</summary>
    public double InitialStep { get; init; } = 0.01;
    /// <summary>The smallest step before the branch is declared stalled.</summary>
    public double MinStep { get; init; } = 1e-10;
    /// <summary>The largest step.</summary>
    public double MaxStep { get; init; } = 0.05;
    /// <summary>The largest angle (radians) between successive tangents; a sharper turn halves the step.</summary>
    public double MaxTurn { get; init; } = 0.3;
    /// <summary>The branch ends when the parameter goes below this.</summary>
    public double ParameterMin { get; init; } = double.NegativeInfinity;
    /// <summary>The branch ends when the parameter goes above this.</summary>
    public double ParameterMax { get; init; } = double.PositiveInfinity;
    /// <summary>The most steps per branch direction.</summary>
    public int MaxSteps { get; init; } = 20_000;
    /// <summary>How precisely (in arclength) special points are located by bisection.</summary>
    public double LocationTolerance { get; init; } = 1e-11;
    /// <summary>The most branches followed from branch points.</summary>
    public int MaxSwitches { get; init; } = 200;
    /// <summary>The corrector's Newton settings.</summary>
    public NewtonSettings Newton { get; init; } = new();
    /// <summary>Which special points are looked for.</summary>
    public Detection Detect { get; init; } = Detection.All;
    /// <summary>A step whose corrector converged in at most this many Newton iterations grows by <see cref="StepGrowth"/>.</summary>
    public int FastIterations { get; init; } = 3;
    /// <summary>A step whose corrector needed at least this many Newton iterations shrinks by <see cref="StepShrink"/>.</summary>
    public int SlowIterations { get; init; } = 6;
    /// <summary>The factor an easy step grows by (capped at <see cref="MaxStep"/>).</summary>
    public double StepGrowth { get; init; } = 1.5;
    /// <summary>The factor a hard step shrinks by (floored at <see cref="MinStep"/>).</summary>
    public double StepShrink { get; init; } = 0.5;
    /// <summary>
    /// How far (as a share of the step) the chord may leave the mean of its end tangents before the step is retaken smaller:
    /// on one smooth arc it stays within ds·(κ·ds)²/12 ≤ 0.008·ds at the largest turn, so more means another branch.
    /// </summary>
    public double ChordTolerance { get; init; } = 0.02;

    /// <summary>These settings, or a <see cref="InvalidParameterException"/> naming the bad one.</summary>
    public ContinuationSettings Validated()
    {
        if (!(MinStep > 0) || !(InitialStep >= MinStep) || !(MaxStep >= InitialStep) || !double.IsFinite(MaxStep))
            throw new InvalidParameterException($"continuation steps must satisfy 0 < min ≤ initial ≤ max (got {MinStep}, {InitialStep}, {MaxStep})");
        if (!(MaxTurn > 0 && MaxTurn < Math.PI / 2)) throw new InvalidParameterException($"the largest turn {MaxTurn} must be in (0, π/2)");
        if (double.IsNaN(ParameterMin) || double.IsNaN(ParameterMax) || !(ParameterMax > ParameterMin))
            throw new InvalidParameterException($"the parameter range [{ParameterMin}, {ParameterMax}] is empty or reversed");
        if (MaxSteps is < 1 or > 10_000_000) throw new InvalidParameterException($"continuation steps {MaxSteps} must be between 1 and 10000000");
        if (!(LocationTolerance > 0 && LocationTolerance < 1)) throw new InvalidParameterException($"location tolerance {LocationTolerance} must be in (0, 1)");
        if (MaxSwitches is < 0 or > 100_000) throw new InvalidParameterException($"the switch budget {MaxSwitches} must be between 0 and 100000");
        if (!(FastIterations >= 1 && SlowIterations > FastIterations)) throw new InvalidParameterException($"Newton iteration thresholds {FastIterations} (fast) and {SlowIterations} (slow) must satisfy 1 ≤ fast < slow");
        if (!(StepGrowth > 1 && StepGrowth <= 10) || !(StepShrink > 0 && StepShrink < 1)) throw new InvalidParameterException($"step growth {StepGrowth} must lie in (1, 10] and shrink {StepShrink} in (0, 1)");
        if (!(ChordTolerance > 0 && ChordTolerance < 1)) throw new InvalidParameterException($"chord tolerance {ChordTolerance} must lie in (0, 1)");
        Newton.Validated();
        return this;
    }
}
