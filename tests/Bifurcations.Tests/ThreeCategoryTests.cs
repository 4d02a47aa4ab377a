using Bifurcations.Data;
using Bifurcations.Model;
using Bifurcations.Reduced;

namespace Bifurcations.Tests;

public class ThreeCategoryTests
{
    [Fact]
    public void PredictedFirstSplitMatchesTheSimulationAtTr1()
    {
        // Fig. 4 settings (100 memories, 20 digits each of 1, 4, 7, n = 30), T_r = 1.0, seed 1.
        var set = new DigitSelection([1, 4, 7], 20, 1).Select(MnistSet.Embedded);
        var r = CanalizedSplitsResult.Run(set, [1, 4, 7], 30, 1.0);
        var observed = r.FirstSplit;
        Assert.NotNull(observed);
        Assert.NotNull(r.Prediction);
        var predicted = r.Prediction!.UnstableModes[0].SplitsOff([1, 4, 7]);
        Assert.Equal(1, observed!.Value.Class);
        Assert.Equal(observed.Value.Class, predicted);
        Assert.True(Math.Abs(r.Prediction.Alpha[0] - observed.Value.Location[0]) < 0.1,
            $"predicted ᾱ_1 {r.Prediction.Alpha[0]}, observed {observed.Value.Location[0]}");
        // The second mode separates 4 from 7, the simulation's second split.
        Assert.Equal(4, r.Prediction.UnstableModes[1].SplitsOff([1, 4, 7]));
    }

    [Fact]
    public void VelocitiesAreFiniteAndSplitModesNormalizedInAlpha()
    {
        var set = new DigitSelection([1, 4, 7], 5, 0).Select(MnistSet.Embedded);
        var model = ThreeCategoryModel.FromClassMeans(set, [1, 4, 7], NetworkParameters.FromReducedTemperature(30, 1.0), 2);
        var v = model.Velocity([0.4, 0.3, 0.2, -0.5, -0.5]);
        Assert.Equal(5, v.Length);
        Assert.All(v, x => Assert.True(double.IsFinite(x)));
        Assert.All(model.Modes([0.4, 0.3, 0.2, -0.5, -0.5]), m => Assert.Equal(1, m.DeltaAlpha.Sum(a => a * a), 1e-9));
    }
}
