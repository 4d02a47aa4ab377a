// Predict the order in which 100 memories on the digits 1, 4, 7 split (paper Fig. 4), then train the full
// network on the same digits and compare. Run: dotnet run -c Release --project examples/SplitPrediction
using Bifurcations.Data;
using Bifurcations.Experiments.Simulations;
using Bifurcations.Model;
using Bifurcations.Reduced;

var classes = new[] { 1, 4, 7 };
var digits = new DigitSelection(classes, 20, Seed: 1).Select(MnistSet.Embedded);
var parameters = NetworkParameters.FromReducedTemperature(30, 1.0);

// The reduced model: each class represented by its mean digit, 100 identical memories started near a 1.
var model = ThreeCategoryModel.FromClassMeans(digits, classes, parameters, memories: 100);
var tree = SplitTreeSolver.Predict(model, startAlpha: [0.8, 0.1, 0.1], startEll: [0, 0, 0]);
Console.WriteLine("Predicted:");
foreach (var s in tree.Splits)
    Console.WriteLine($"  {s.Describe()} at ᾱ = ({string.Join(", ", s.Alpha.Select(a => a.ToString("F2")))}), {s.Copies} memories, rate {s.Rate:G3}");

// The full network (a few seconds): the memories' ᾱ are recorded and their splits detected.
int epochs = args.Length > 0 ? int.Parse(args[0]) : 3500; // the tests pass a few hundred
var run = CanalizedSplitsResult.Run(digits, new CanalizedSplitsOptions(classes, Exponent: 30, ReducedTemperature: 1.0) { Epochs = epochs });
Console.WriteLine("Observed:");
foreach (var s in run.ObservedSplits)
    Console.WriteLine($"  epoch {s.Epoch}: {s.Describe()} at ᾱ = ({string.Join(", ", s.Location.Select(a => a.ToString("F2")))}), {s.LeftSize} | {s.RightSize} memories");

// Which pair of classes comes apart when, in each.
foreach (var (name, order) in new[] { ("predicted", PairSeparation.Of(classes, tree.Splits.Select(s => (s.Left, s.Right)))),
                                       ("observed", PairSeparation.Of(classes, run.ObservedSplits.Select(s => (s.Left, s.Right)))) })
    Console.WriteLine($"{name,-9}: {string.Join("; ", order.Select(p => $"{p.A}/{p.B} apart at split {p.Split?.ToString() ?? "never"}"))}");
