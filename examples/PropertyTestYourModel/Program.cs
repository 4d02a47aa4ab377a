// Property-test a reduced model of your own with Bifurcations.Testing: here a variant of the pair model whose cost
// exponent m is fixed at 2 (the paper ties m to n), checked against the generic reduction of the full network's
// gradient on the span of the two digits, over random realistic Gram matrices, parameters and states on either
// branch of the manifold. A copy with a wrong factor in its velocity is caught and shrunk to a small readable case.
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
        var reference = PairProblems.Generic(gram.Pair(), new NetworkParameters(c.Exponent, c.Parameters.Temperature, costExponent: 2), copies: 2, state.Branch);
        return Invariants.SameField(Variant(gram.Pair(), c, state.Branch, factor), reference, state.State, c.Exponent).ToProperty();
    });

var correct = PropertyRun.Check(SameAsGeneric(factor: 1), tests: 200);
Console.WriteLine($"variant with m = 2: {(correct.Passed ? "holds" : "FAILS")}\n{correct.Report}\n");
var broken = PropertyRun.Check(SameAsGeneric(factor: 1.02), tests: 200);
Console.WriteLine($"variant with a wrong factor 1.02 on dα/dt: {(broken.Passed ? "holds (the kit missed it)" : "caught")}\n{broken.Report}");
return correct.Passed && !broken.Passed ? 0 : 1;
