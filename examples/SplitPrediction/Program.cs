// Predict the cascade of splits of 100 memories on the digits 1, 4, 7 (paper Fig. 4): first with the class-mean model
// alone, then train the full network and predict its cascade with the exact group reduction seeded where the memories
// gather. Run: dotnet run -c Release --project examples/SplitPrediction
using Bifurcations.Data;
using Bifurcations.Experiments.Artifacts;
using Bifurcations.Experiments.Simulations;
using Bifurcations.Model;
using Bifurcations.Reduced;

var classes = new[] { 1, 4, 7 };
var digits = new DigitSelection(classes, 20, Seed: 1).Select(MnistSet.Embedded);
var parameters = NetworkParameters.FromReducedTemperature(30, 1.0);

// The small model: each class represented by its mean digit, 100 identical memories started near a 1.
var model = ThreeCategoryModel.FromClassMeans(digits, classes, parameters, memories: 100);
var tree = SplitTreeSolver.Predict(model, startAlpha: [0.8, 0.1, 0.1], startEll: [0, 0, 0]);
Console.WriteLine($"Class means, from where the memories gather (ᾱ = {string.Join(", ", tree.Gathering.Alpha.Select(a => a.ToString("F2")))}):");
foreach (var l in tree.Levels) Console.WriteLine($"  level {l.Level}: {l.Partition}, sides {string.Join(" | ", l.Sides.Select(s => s.Members.Length))}");

// The full network (a few seconds), and both models seeded with its memories where they gather.
int epochs = args.Length > 0 ? int.Parse(args[0]) : 3500; // the tests pass fewer
var run = CascadeRunResult.Run(digits, new CascadeRunOptions(classes, Exponent: 30, ReducedTemperature: 1.0) { Epochs = epochs });
Console.WriteLine($"Observed (seeded at epoch {run.SeedEpoch}):");
foreach (var l in run.Observed) Console.WriteLine($"  level {l.Level}: {l.Partition} at epoch {l.Epoch}");
foreach (var m in new[] { run.Exact, run.ClassMean })
{
    Console.WriteLine($"{m.Model}: {m.FinalClassAgreement:P0} of memories end in their simulated class");
    foreach (var s in m.Scores) Console.WriteLine("  " + CascadeFiles.Describe(s));
}
