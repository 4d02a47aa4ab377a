// The reduced two-memory/two-digit system of paper Fig. 5: fixed points and their stability as n grows,
// and the predicted split of the two memories. Run: dotnet run -c Release --project examples/FixedPoints
using Bifurcations.Model;
using Bifurcations.Reduced;

// The paper's pair: Gram entries of two digits, T = 700, K = 2 identical memories.
var gram = new GramPair(aa: 753, ab: 494, bb: 719);
foreach (var n in new[] { 15.0, 30, 45 })
{
    var model = new PairModel(gram, new NetworkParameters(n, temperature: 700), Memories: 2);
    Console.WriteLine($"n = {n} (T_eff = {model.EffectiveTemperature:F1}):");
    foreach (var p in FixedPointSolver.Solve(model, ManifoldBranch.Upper))
    {
        // Where two memories sitting together at this point would split, and how fast.
        var split = SplitAnalysis.At(model, p);
        Console.WriteLine($"  α = {p.AlphaA:F4}, ℓ = {p.Ell,8:F4}  {p.Stability,-8} eigenvalues [{string.Join(", ", p.Eigenvalues.Select(e => e.ToString("G4")))}]" +
            (split.Splits ? $"  memories split at rate {split.Rate:G3} along (δα, δℓ) = ({split.Direction![0]:F3}, {split.Direction[1]:F3})" : ""));
    }
}
