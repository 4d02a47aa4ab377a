// Train the full network with the paper's rule (docs/model.md) in the settings of paper Fig. 3 and print the
// order in which the classes are learned. Run: dotnet run -c Release --project examples/TrainNetwork
using Bifurcations.Data;
using Bifurcations.Model;
using Bifurcations.Training;

// 20 real digits of each class, 100 memories, n = 30, T_r = 0.85, ε = 0.005.
var set = new DigitSelection(Classes: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], PerClass: 20, Seed: 1).Select(MnistSet.Embedded);
var parameters = NetworkParameters.FromReducedTemperature(exponent: 30, reducedTemperature: 0.85);
var options = new TrainingOptions { Rate = 0.005, Epochs = 3500, Seed = 1 };
var initial = new InitialCondition.Gaussian().Create(100, set, options.Seed); // mean −0.003, std 1e-5

// Run() trains to options.Epochs in memory: one metrics record per update (of the state before it), then the final state's.
var metrics = new Trainer(set, parameters, options, initial).Run();

// A class is learned once half its digits are recognized (and half the digits called it are it).
foreach (var c in LearningOrder.From(metrics))
    Console.WriteLine($"class {c.Class}: {(c.Epoch is { } e ? $"learned at epoch {e}" : "not learned")}");
Console.WriteLine($"correct at the end: {metrics[^1].Correct.Sum()}/{set.Count}");
