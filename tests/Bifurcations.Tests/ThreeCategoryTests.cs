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

public class PopulationTests
{
    [Fact]
    public void DisappearanceOrderAndSpearmanOnAKnownCase()
    {
        static int[] Pop(params (int Class, int Count)[] entries)
        {
            var p = new int[10];
            foreach (var (c, n) in entries) p[c] = n;
            return p;
        }
        var runs = new[]
        {
            new Bifurcations.Sweeps.PopulationRun(700, Pop((1, 5), (4, 3), (7, 2)), []),
            new Bifurcations.Sweeps.PopulationRun(800, Pop((1, 6), (4, 2)), []),
            new Bifurcations.Sweeps.PopulationRun(900, Pop((1, 9)), []),
        };
        var order = Bifurcations.Sweeps.PopulationSweep.DisappearanceOrder(runs).Where(x => x.Class is 1 or 4 or 7).ToArray();
        Assert.Equal([7, 4, 1], order.Select(x => x.Class));
        Assert.Equal(800, order[0].Temperature);
        Assert.Equal(900, order[1].Temperature);
        Assert.Null(order[2].Temperature);
        Assert.Equal(1, Bifurcations.Sweeps.PopulationSweep.Spearman([1, 4, 7], [1, 4, 7]), 1e-12);
        Assert.Equal(-1, Bifurcations.Sweeps.PopulationSweep.Spearman([1, 4, 7], [7, 4, 1]), 1e-12);
    }

    [Fact]
    public void PopulationsCountMemoriesByTheirLargestPositiveLabel()
    {
        var s = new Bifurcations.Model.NetworkState(3, 4);
        Array.Fill(s.Labels, -1.0);
        s.Label(0)[3] = 0.5;
        s.Label(1)[3] = 0.9;
        // memory 2 keeps every label at −1: it belongs to no class
        var pop = Bifurcations.Sweeps.PopulationSweep.Populations(s);
        Assert.Equal(2, pop[3]);
        Assert.Equal(2, pop.Sum());
    }
}
