using Bifurcations.Continuation;
using Bifurcations.Experiments.Simulations;
using Bifurcations.Experiments.Training;
using Bifurcations.Experiments.Validation;
using Bifurcations.Model;
using Bifurcations.Reduced;
using Bifurcations.Training;

namespace Bifurcations.Tests.Api;

/// <summary>Every options record refuses a value out of range with a message naming it, before any work starts.</summary>
public class OptionsTests
{
    public static TheoryData<string, Action> Refusals => new()
    {
        { "seed count 1", () => new FoldCurveOptions { Seeds = 1 }.Validated() },
        { "range [2, 1]", () => new ParameterRange(PairParameter.Exponent, 2, 1).Validated(PaperValues.Model(15)) },
        { "n = -3", () => new ParameterRange(PairParameter.Exponent, -3, 5).Validated(PaperValues.Model(15)) },
        { "slow-flow step 0", () => new SlowFlowOptions(Step: 0).Validated() },
        { "step budget 0", () => new SlowFlowOptions(MaxSteps: 0).Validated() },
        { "bisection depth 4", () => new FixedPointOptions(MaxDepth: 4).Validated() },
        { "memories = 0", () => new SweepOptions { Memories = 0 }.Validated() },
        { "threads = -1", () => new SweepOptions { Threads = -1 }.Validated() },
        { "learning rate 0", () => new SplitExperimentOptions(new NetworkParameters(15, 700), 0, 10).Validated() },
        { "start α = 1.2", () => new SplitExperimentOptions(new NetworkParameters(15, 700), 1e-3, 10) { Alpha = 1.2 }.Validated() },
        { "checkpoint interval 0", () => StackedRuns.Train([], 10, 1, checkpointEvery: 0) },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public void AValueOutOfRangeIsNamed(string named, Action validate)
    {
        var e = Assert.Throws<InvalidParameterException>(validate);
        Assert.Contains(named, e.Message);
    }

    [Fact]
    public void TheDefaultsAreValid()
    {
        new FoldCurveOptions().Validated();
        new SlowFlowOptions().Validated();
        new FixedPointOptions().Validated();
        new SweepOptions().Validated();
        Assert.Equal(0.01, StartBias.PaperOptions.Validated().Rate);
        Assert.Equal(Environment.ProcessorCount, new SweepOptions().WorkerThreads);
        Assert.Equal(3, new SweepOptions { Threads = 3 }.WorkerThreads);
        _ = new ContinuationSettings();
    }
}
