// Real MNIST digits, their Gram matrix, and a memory written in the basis of the samples (paper eq. 1).
// Run: dotnet run --project examples/DigitsAndGram
using Bifurcations.Analysis;
using Bifurcations.Data;
using Bifurcations.Model;

// One seeded 1 and one seeded 4 from the embedded set, pixels scaled to [-1, 1].
var set = new DigitSelection(Classes: [1, 4], PerClass: 1, Seed: 0).Select(MnistSet.Embedded);
var g = set.Gram();
Console.WriteLine($"G_AA = {g[0]:F1}, G_AB = {g[1]:F1}, G_BB = {g[3]:F1}");

// A memory M = 0.8·A + 0.2·B, then its coefficients recovered with the pseudo-inverse.
var memory = new NetworkState(memoryCount: 1, dimension: set.Dimension);
for (int j = 0; j < set.Dimension; j++) memory.Memories[j] = 0.8 * set.Sample(0)[j] + 0.2 * set.Sample(1)[j];
var dec = new MoorePenrose(set).Decompose(memory);
Console.WriteLine($"alpha = ({dec.Alpha[0]:F6}, {dec.Alpha[1]:F6}), reconstruction error {dec.ReconstructionError[0]:E1}");
