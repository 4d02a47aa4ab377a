// Property-test a reduced model of your own with Bifurcations.Testing: here a variant of the pair model whose cost
// exponent m is fixed at 2 (the paper ties m to n), checked against the full network's gradient read in the span of
// two vectors, and against the generic reduction of that gradient, over random realistic Gram matrices, parameters
// and states on either branch of the manifold. A copy with a wrong factor in its velocity is caught and shrunk to a small readable case.
// Run: dotnet run -c Release --project examples/PropertyTestYourModel
using Bifurcations.Continuation;
using Bifurcations.Model;
using Bifurcations.Reduced;
using Bifurcations.Testing;
using FsCheck;
using FsCheck.Fluent;

// The variant as a field du/dt = F(u, n) of u = (α, ℓ): K = 2 memories, cost exponent m = 2, T from T_r.
static FieldProblem Variant(GramPair gram, ParameterCase c, ManifoldBranch branch, double factor) => new(2, "n", (u, n) =>
{
    var model = new PairModel(gram, new NetworkParameters(n, c.Parameters.Temperature, costExponent: 2), Memories: 2);
    var (alpha, ell) = PairField.ManifoldVelocity(model, u[0], u[1], branch);
    return [factor * alpha, ell];
});

// The property: at every drawn (Gram, n, T_r, state) the variant's field equals the generic reduction's.
static Property SameAsGeneric(double factor) => Prop.ForAll(GramCase.Arbitrary(minSamples: 2, maxSamples: 2), ParameterCase.Arbitrary(), PairStateCase.Arbitrary(),
    (gram, c, state) =>
    {
        var reference = PairProblems.Generic(gram.Pair(), c.Parameters, copies: 2, state.Branch, costExponent: 2);
        return Invariants.SameField(Variant(gram.Pair(), c, state.Branch, factor), reference, state.State, c.Exponent).ToProperty();
    });

// And against the full network itself: its gradient, pixel by pixel, on two real vectors with the drawn Gram matrix,
// read back in their span. The lift writes (α, ℓ) out as K = 2 memories; the restriction picks dα/dt and dℓ/dt.
static Property SameAsNetwork(double factor) => Prop.ForAll(GramCase.Arbitrary(minSamples: 2, maxSamples: 2), ParameterCase.Arbitrary(), PairStateCase.Arbitrary(),
    (gram, c, state) => Invariants.VelocityIsProjectedGradient(Variant(gram.Pair(), c, state.Branch, factor), state.State, c.Exponent,
        lift: (u, n) => SpanLift.Pair(gram.Samples(1, 4), new NetworkParameters(n, c.Parameters.Temperature, costExponent: 2), copies: 2, u[0], u[1], state.Branch),
        restrict: v => [v[0].Alpha[0], v[0].Labels[1]]).ToProperty());

var network = PropertyRun.Check(SameAsNetwork(factor: 1), tests: 100);
Console.WriteLine($"variant with m = 2 against the network: {(network.Passed ? "holds" : "FAILS")}\n{network.Report}\n");
var correct = PropertyRun.Check(SameAsGeneric(factor: 1), tests: 200);
Console.WriteLine($"variant with m = 2: {(correct.Passed ? "holds" : "FAILS")}\n{correct.Report}\n");
var broken = PropertyRun.Check(SameAsGeneric(factor: 1.02), tests: 200);
Console.WriteLine($"variant with a wrong factor 1.02 on dα/dt: {(broken.Passed ? "holds (the kit missed it)" : "caught")}\n{broken.Report}");
return network.Passed && correct.Passed && !broken.Passed ? 0 : 1;
