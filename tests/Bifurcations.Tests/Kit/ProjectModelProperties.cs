using Bifurcations.Analysis;
using Bifurcations.Data;
using Bifurcations.Model;
using Bifurcations.Reduced;
using Bifurcations.Testing;
using Bifurcations.Training;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Bifurcations.Tests.Kit;

/// <summary>
/// The project's own reduced models under the kit's generators: real digits of random classes and counts, n and T_r over
/// the realistic range, and the kit's checks where they apply.
/// </summary>
public class ProjectModelProperties
{
    [Property(MaxTest = 40)]
    public Property TheExactGroupSystemStepsAsTheNetworkDoesOnAnyDigitsAndParameters() =>
        Prop.ForAll(DigitGramCase.Arbitrary([1, 4, 7], 1, 3), ParameterCase.Arbitrary(), Arb.Zip(Arb.From(Gen.Choose(2, 6)), Arb.From(Gen.Choose(1, 1000))), (digits, c, kSeed) =>
        {
            // Two groups (K and 1 copies) from a random start in the span, 20 epochs of the network against the reduction.
            var (k, seed) = kSeed;
            var set = digits.Samples();
            var system = new GroupSystem(set, c.Parameters);
            var rng = new Random(seed);
            SpanGroup Random(int copies)
            {
                var alpha = Enumerable.Range(0, set.Count).Select(_ => 0.05 + rng.NextDouble()).ToArray();
                double size = system.Memory(new SpanGroup(alpha, new double[10], 1)).Max(Math.Abs);
                return new SpanGroup([.. alpha.Select(a => a / size)], [.. Enumerable.Range(0, 10).Select(_ => 2 * rng.NextDouble() - 1)], copies);
            }
            SpanGroup[] groups = [Random(k), Random(1)];
            var state = new NetworkState(k + 1, set.Dimension);
            for (int mu = 0; mu <= k; mu++)
            {
                var g = groups[mu < k ? 0 : 1];
                system.Memory(g).CopyTo(state.Memory(mu));
                g.Labels.CopyTo(state.Label(mu));
            }
            // Every epoch the network's two memories are read back in the span and stepped by the reduction, as in
            // GroupSystemTests: over a whole run, round-off grows by the step's own instabilities (a label in its
            // two-cycle doubles it every epoch), in any two computations.
            var trainer = new Trainer(set, system.Parameters, new TrainingOptions { Rate = 0.005, Epochs = 20, Seed = 1 }, state);
            var span = new MoorePenrose(set);
            double worst = 0;
            for (int e = 0; e < 20; e++)
            {
                SpanGroup Read(int mu, int copies) => new(span.Decompose(trainer.State.Memory(mu).ToArray(), 1).Alpha, trainer.State.Label(mu).ToArray(), copies);
                var after = system.Step([Read(0, k), Read(k, 1)], 0.005);
                trainer.Step();
                for (int mu = 0; mu <= k; mu++)
                {
                    var g = after[mu < k ? 0 : 1];
                    worst = Math.Max(worst, system.Memory(g).Zip(trainer.State.Memory(mu).ToArray(), (a, b) => Math.Abs(a - b)).Max());
                    worst = Math.Max(worst, g.Labels.Zip(trainer.State.Label(mu).ToArray(), (a, b) => Math.Abs(a - b)).Max());
                }
            }
            return Prop.Label(worst < 1e-10, $"{digits}, {c}, K = {k}: largest difference {worst:G3} in one step, over 20 epochs");
        });

    [Property(MaxTest = 60)]
    public Property TheSpanBranchProblemsJacobianIsItsFieldsDerivative() =>
        Prop.ForAll(DigitGramCase.Arbitrary([1, 4, 7], 1, 1), ParameterCase.Arbitrary(), Arb.From(Gen.Choose(0, 1_000_000).ArrayOf(5)), (digits, c, draws) =>
        {
            // A state of the three-category form (one digit per class, 100 copies): α on the positive face, free labels in (−0.9, 0.9).
            var system = new SpanSystem(digits.Matrix, digits.Classes, c.Parameters);
            double[] w = [.. draws.Take(3).Select(x => 0.05 + x / 1e6)];
            double[] alpha = [.. w.Select(x => x / w.Sum())];
            double[] ell = [-0.9 + 1.8 * draws[3] / 1e6, -0.9 + 1.8 * draws[4] / 1e6, -0.5];
            var (problem, u) = SpanBranchProblem.For(system, PairParameter.Exponent, 100, digits.Classes, alpha, ell);
            return Invariants.JacobianMatchesDifferences(problem, u, c.Exponent).ToProperty();
        });

    [Property(MaxTest = 100)]
    public Property EveryStablePointOfARealisticPairAttracts() => Prop.ForAll(RealisticPair.Arbitrary(), c =>
    {
        // The solver's stable points (free label) under the flow itself: starts 1e-3 away return (the kit's check;
        // a stiff point, where the label is 10^5 times faster, is inconclusive and discarded).
        var model = c.Model;
        var results = FixedPointSolver.Find(model).Points
            .Where(x => x.Stability == Linearization.Stability.Stable && !x.Saturated && x.Status == FixedPointStatus.Converged)
            .Select(x => Invariants.Attracts(PairProblems.ClosedForm(model, x.Branch), [x.AlphaA, x.Ell], c.N)).ToArray();
        var violated = results.FirstOrDefault(r => r.Verdict == Verdict.Violated);
        return violated is null ? Prop.Label(true, $"{c}: {results.Length} stable points") : Prop.Label(false, $"{c}: {violated}");
    });
}
