// The feature-to-prototype transition line of paper Fig. 6: the closed form, the cost equality it encodes
// solved numerically, and the exact equal-cost line from the full cost.
// Run: dotnet run -c Release --project examples/TransitionLine
using Bifurcations.Reduced;

var gram = new GramPair(aa: 753, ab: 494, bb: 753); // two samples of one class, equal norms
Console.WriteLine("   n   T_c closed   criterion   exact line   gap");
foreach (var row in TransitionLine.Compare(gram, [2, 5, 10, 20, 30]))
    Console.WriteLine($"{row.N,4} {row.ClosedForm,12:F3} {row.Criterion,11:F3} {row.EqualCost,12:F3} {row.RelativeGap,6:P1}");
