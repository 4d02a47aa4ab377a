// Paper Fig. 5A by numerical continuation: branches of fixed points in n, their stability, and the two
// saddle-node folds around the monostable window. Run: dotnet run -c Release --project examples/Continuation
using Bifurcations.Model;
using Bifurcations.Reduced;

var model = new PairModel(new GramPair(753, 494, 719), new NetworkParameters(1.5, temperature: 700), Memories: 2);
var diagram = Continuation.Diagram(model, new ContinuationOptions(NFrom: 1.5, NTo: 72));

Console.WriteLine($"{diagram.Branches.Count} branches, {diagram.Branches.Sum(b => b.Points.Count)} points");
foreach (var fold in diagram.Folds)
    Console.WriteLine($"saddle-node at n = {fold.N:F9}: α = {fold.AlphaA:F5}, ℓ = {fold.Ell:F5} (eigenvalue {fold.SmallEigenvalue:E1})");

// Between the folds the direct solver finds one fixed point, outside them three.
foreach (var n in new[] { 20.0, 30, 45 })
    Console.WriteLine($"n = {n}: {FixedPointSolver.Solve(model.WithExponent(n), ManifoldBranch.Upper).Count} fixed points");
