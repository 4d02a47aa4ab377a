// Paper Fig. 5A by numerical continuation: branches of fixed points in n, their stability, and the two saddle-node folds
// around the monostable window; then the same model continued in the temperature, and its folds followed in (n, T_r).
// Run: dotnet run -c Release --project examples/Continuation
using Bifurcations.Model;
using Bifurcations.Reduced;

var model = new PairModel(new GramPair(753, 494, 719), new NetworkParameters(30, temperature: 700), Memories: 2);

var inN = PairContinuation.Diagram(model, PairParameter.Exponent, 1.5, 72);
foreach (var fold in inN.Folds)
    Console.WriteLine($"fold in n at {fold.Parameter:F9}: α = {fold.AlphaA:F5}, ℓ = {fold.Ell:F5}, eigenvalue {fold.SmallestEigenvalue:E1}");

var inT = PairContinuation.Diagram(model, PairParameter.Temperature, 450, 950);
foreach (var fold in inT.Folds) Console.WriteLine($"fold in T at {fold.Parameter:F6} (n = 30)");

// Each fold in T at n = 30 lies on a saddle-node curve of the (n, T_r) plane.
var curves = FoldCurves.Trace(model, tempRFrom: 0.55, tempRTo: 1.25);
foreach (var fold in inT.Folds)
    Console.WriteLine($"  the curves at T_r = {fold.Parameter / 784:F6} fold at n = {string.Join(", ", FoldCurves.FoldsAt(curves, fold.Parameter / 784).Select(f => f.P.ToString("F6")))}");
