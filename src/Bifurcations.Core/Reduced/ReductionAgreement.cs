using Bifurcations.Model;

namespace Bifurcations.Reduced;

/// <summary>
/// Two independent derivations of the pair system's velocity compared: the closed form of docs/model.md
/// (<see cref="PairField"/>) and the generic reduction of the full network's gradient onto the span of the digits
/// (<see cref="SpanSystem"/>). They share no code past the model's parameters, so agreement tests both.
/// </summary>
public static class ReductionAgreement
{
    /// <summary>The outcome of a comparison.</summary>
    /// <param name="LargestDifference">The largest absolute difference of a velocity component over the cases compared (0 if none was).</param>
    /// <param name="Compared">Cases compared.</param>
    /// <param name="Cases">Cases drawn; those whose gradient underflows are not compared.</param>
    public sealed record Comparison(double LargestDifference, int Compared, int Cases);

    /// <summary>
    /// The largest absolute difference between the two velocities (α_A, α_B and ℓ) over <paramref name="cases"/>
    /// random realistic models and states: diagonals 400–784, correlations −0.3 to 0.95, n in [2, 60], T_r in
    /// [0.5, 1.1], K in 1–3, any point of the upper branch. A case whose memory gradient or label gradient underflows
    /// entirely (every component below 1e-280) is not compared: there the velocity is zero to the precision of a
    /// double. The result says how many were compared, so a caller can refuse a comparison of too few.
    /// </summary>
    public static Comparison ClosedFormAgainstGeneric(int cases, int seed)
    {
        if (cases < 1) throw new InvalidParameterException($"cases = {cases} is invalid: at least 1 case is needed");
        var rng = new Random(seed);
        double worst = 0;
        int compared = 0;
        for (int c = 0; c < cases; c++)
        {
            double gaa = 400 + 384 * rng.NextDouble(), gbb = 400 + 384 * rng.NextDouble(), corr = -0.3 + 1.25 * rng.NextDouble();
            var g = new GramPair(gaa, corr * Math.Sqrt(gaa * gbb), gbb);
            var p = NetworkParameters.FromReducedTemperature(2 + 58 * rng.NextDouble(), 0.5 + 0.6 * rng.NextDouble());
            var model = new PairModel(g, p, 1 + rng.Next(3));
            double a = 2 * rng.NextDouble() - 1, l = 2 * rng.NextDouble() - 1, b = 1 - Math.Abs(a);
            // Classes 1 and 4 of ten: the pair's labels ±ℓ, every other label −1 (it does not enter the pair's field).
            var labels = Enumerable.Repeat(-1.0, 10).ToArray(); labels[1] = l; labels[4] = -l;
            var memory = SpanMemory.Of([a, b], labels, model.Memories);
            var gradient = SpanSystem.Pair(g, 1, 4, p).Gradients([memory])[0];
            if (gradient.Memory.All(x => Math.Abs(x.Value) < 1e-280) || gradient.Labels.All(x => Math.Abs(x.Value) < 1e-280)) continue;
            compared++;
            var closed = PairField.Velocity(model, a, b, l);
            var generic = SpanSystem.Velocity(memory, gradient);
            worst = Math.Max(worst, new[]
            {
                Math.Abs(closed.AlphaA.Value - generic.Alpha[0].Value),
                Math.Abs(closed.AlphaB.Value - generic.Alpha[1].Value),
                Math.Abs(closed.Ell.Value - generic.Labels[1].Value),
            }.Max());
        }
        return new Comparison(worst, compared, cases);
    }
}
