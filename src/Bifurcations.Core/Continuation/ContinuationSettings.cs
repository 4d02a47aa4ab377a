namespace Bifurcations.Continuation;

/// <summary>The corrector's Newton iterations: at most <see cref="MaxIterations"/>, converged when max|F| ≤ <see cref="Tolerance"/> and the last step ≤ <see cref="StepTolerance"/>.</summary>
public sealed record NewtonSettings(int MaxIterations = 12, double Tolerance = 1e-11, double StepTolerance = 1e-11)
{
    public NewtonSettings Validated()
    {
        if (MaxIterations is < 1 or > 1000) throw new UsageException($"Newton iterations {MaxIterations} must be between 1 and 1000");
        if (!(Tolerance > 0 && Tolerance < 1)) throw new UsageException($"Newton tolerance {Tolerance} must be in (0, 1)");
        if (!(StepTolerance > 0 && StepTolerance < 1)) throw new UsageException($"Newton step tolerance {StepTolerance} must be in (0, 1)");
        return this;
    }
}

/// <summary>Which special points the engine looks for.</summary>
[Flags]
public enum Detection { None = 0, Folds = 1, BranchPoints = 2, Hopf = 4, Events = 8, All = Folds | BranchPoints | Hopf | Events }

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
/// <item><see cref="MaxSwitches"/>: the most changes of chart or piece per direction (a guard against ping-pong).</item>
/// </list>
/// </summary>
public sealed record ContinuationSettings
{
    public double InitialStep { get; init; } = 0.01;
    public double MinStep { get; init; } = 1e-10;
    public double MaxStep { get; init; } = 0.05;
    public double MaxTurn { get; init; } = 0.3;
    public double ParameterMin { get; init; } = double.NegativeInfinity;
    public double ParameterMax { get; init; } = double.PositiveInfinity;
    public int MaxSteps { get; init; } = 20_000;
    public double LocationTolerance { get; init; } = 1e-11;
    public int MaxSwitches { get; init; } = 200;
    public NewtonSettings Newton { get; init; } = new();
    public Detection Detect { get; init; } = Detection.All;

    public ContinuationSettings Validated()
    {
        if (!(MinStep > 0) || !(InitialStep >= MinStep) || !(MaxStep >= InitialStep) || !double.IsFinite(MaxStep))
            throw new UsageException($"continuation steps must satisfy 0 < min ≤ initial ≤ max (got {MinStep}, {InitialStep}, {MaxStep})");
        if (!(MaxTurn > 0 && MaxTurn < Math.PI / 2)) throw new UsageException($"the largest turn {MaxTurn} must be in (0, π/2)");
        if (double.IsNaN(ParameterMin) || double.IsNaN(ParameterMax) || !(ParameterMax > ParameterMin))
            throw new UsageException($"the parameter range [{ParameterMin}, {ParameterMax}] is empty or reversed");
        if (MaxSteps is < 1 or > 10_000_000) throw new UsageException($"continuation steps {MaxSteps} must be between 1 and 10000000");
        if (!(LocationTolerance > 0 && LocationTolerance < 1)) throw new UsageException($"location tolerance {LocationTolerance} must be in (0, 1)");
        if (MaxSwitches is < 0 or > 100_000) throw new UsageException($"the switch budget {MaxSwitches} must be between 0 and 100000");
        Newton.Validated();
        return this;
    }
}
