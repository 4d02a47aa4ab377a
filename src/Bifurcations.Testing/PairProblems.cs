using Bifurcations.Continuation;
using Bifurcations.Model;
using Bifurcations.Reduced;

namespace Bifurcations.Testing;

/// <summary>
/// The pair model (two digits A and B, K identical memories, docs/reduced-model.md) on one branch of its manifold as
/// (α, ℓ) fields in n, two ways that share no code: the project's closed form, and the generic reduction of the full
/// network's gradient on the span of the two digits. A user's variant of the pair model is checked against either.
/// </summary>
public static class PairProblems
{
    /// <summary>
    /// The closed form (<see cref="PairField.ManifoldVelocity"/>) of <paramref name="model"/> as a field of (α, ℓ) in n,
    /// with its exact state Jacobian (<see cref="PairField.Linearize"/>, dual numbers): at small ℓ the label's rate
    /// reaches 10^5 and more, finer than any difference step can follow. The cost exponent m follows n where the
    /// model's m equals its n (the paper's m = n); give <paramref name="costExponent"/> to hold m fixed instead (a model
    /// built with m = n = 2 on purpose would otherwise move m with n when n moves).
    /// </summary>
    public static FieldProblem ClosedForm(PairModel model, ManifoldBranch branch, double? costExponent = null)
    {
        PairModel At(double n) => costExponent is { } m ? model with { Parameters = new NetworkParameters(n, model.Parameters.Temperature, m) } : model.WithExponent(n);
        return new(2, "n", (u, n) =>
        {
            var (a, l) = PairField.ManifoldVelocity(At(n), u[0], u[1], branch);
            return [a, l];
        }, stateJacobian: (u, n) => PairField.Linearize(At(n), u[0], u[1], branch).Jacobian);
    }

    /// <summary>
    /// The generic span reduction (<see cref="SpanSystem.Velocity"/>) of the same pair: digits of classes 1 and 4 (an
    /// inter pair), labels ±ℓ on them and −1 on every other class, as in the closed form's derivation. Where the span
    /// gradient underflows (<see cref="SpanSystem.Velocity"/>) the field is not defined (NaN), so checks against it are
    /// inconclusive there instead of comparing with a velocity that is 0 by round-off. The cost exponent m follows n
    /// where <paramref name="parameters"/> has m = n; give <paramref name="costExponent"/> to hold it fixed.
    /// </summary>
    public static FieldProblem Generic(GramPair gram, NetworkParameters parameters, int copies, ManifoldBranch branch, double? costExponent = null) =>
        new(2, "n", (u, n) =>
        {
            var p = new NetworkParameters(n, parameters.Temperature, costExponent ?? (parameters.CostExponent == parameters.Exponent ? null : parameters.CostExponent));
            double a = u[0], b = PairModel.AlphaB(a, branch), l = u[1];
            var labels = Enumerable.Repeat(-1.0, NetworkState.Classes).ToArray();
            labels[1] = l; labels[4] = -l;
            var v = SpanSystem.Pair(gram, 1, 4, p).Velocity([a, b], labels, copies);
            return v.Underflows ? [double.NaN, double.NaN] : [v.Alpha[0], v.Labels[1]];
        });
}
