using Bifurcations.Analysis;
using Bifurcations.Data;
using Bifurcations.Model;
using Bifurcations.Training;

namespace Bifurcations.Experiments.Simulations;

/// <summary>Both memories of a two-memory run at one epoch, in the (α_A, ℓ) coordinates of the reduced system.</summary>
public sealed record SplitObservation(int Epoch, double Alpha1, double Ell1, double Alpha2, double Ell2)
{
    /// <summary>The two memories' mean α.</summary>
    public double MeanAlpha => 0.5 * (Alpha1 + Alpha2);
    /// <summary>The two memories' mean ℓ.</summary>
    public double MeanEll => 0.5 * (Ell1 + Ell2);
    /// <summary>|(δα, δℓ)| between the two memories.</summary>
    public double Separation => Math.Sqrt((Alpha1 - Alpha2) * (Alpha1 - Alpha2) + (Ell1 - Ell2) * (Ell1 - Ell2));
}

/// <summary>
/// What a two-memory run shows: where the pair gathered before splitting (the mean state where it moved
/// slowest), when the separation passed <see cref="SplitExperiment.SplitThreshold"/>, the direction of the
/// separation (δα, δℓ) while it grew, and its growth rate per unit time (t = epochs × ε), fitted over the
/// epochs where the separation grew from 1e-3 × threshold to the threshold.
/// </summary>
public sealed record SplitMeasurement(IReadOnlyList<SplitObservation> Trajectory, int? SplitEpoch, int GatherEpoch,
    double GatherAlpha, double GatherEll, double[]? Direction, double? Rate);

/// <summary>
/// The experiment of paper Fig. 5C–D on the training engine: two memories started a hair apart at
/// α_A = α ± δ on the manifold (α_B = 1 − |α_A|), labels −1 except l_a = ℓ ± δ and l_b = −(ℓ ∓ δ).
/// </summary>
public static class SplitExperiment
{
    /// <summary>The separation at which the memories count as split.</summary>
    public const double SplitThreshold = 1e-3;

    /// <summary>Trains two memories started δ apart around (α, ℓ) on a pair of digits and measures when, how fast and in which direction they split.</summary>
    public static SplitMeasurement Run(TrainingSet pair, SplitExperimentOptions options, IProgress<int>? progress = null)
    {
        var (parameters, rate, epochs) = options.Validated();
        var (alpha, ell, delta) = (options.Alpha, options.Ell, options.Delta);
        if (pair.Count != 2) throw new InvalidParameterException($"the split experiment needs exactly two digits (got {pair.Count})");
        int a = pair.Labels[0], b = pair.Labels[1];
        bool intra = a == b;
        double[][] rows = [[alpha + delta, 1 - Math.Abs(alpha + delta)], [alpha - delta, 1 - Math.Abs(alpha - delta)]];
        var overrides = new List<(int, int, double)> { (0, a, ell + delta), (1, a, ell - delta) };
        if (!intra) { overrides.Add((0, b, -(ell - delta))); overrides.Add((1, b, -(ell + delta))); }
        var init = new InitialCondition.Combination(rows, new LabelRule(-1, [.. overrides])).Create(2, pair, 0);
        var trainer = new Trainer(pair, parameters, new TrainingOptions { Rate = rate, Epochs = epochs, Threads = 1 }, init);
        var decomposition = new MoorePenrose(pair);
        var trajectory = new List<SplitObservation>(epochs + 1);
        void Observe()
        {
            var alphas = decomposition.Decompose(trainer.State).Alpha; // K×P: α of memory μ on sample i
            trajectory.Add(new SplitObservation(trainer.Epoch, alphas[0], trainer.State.Label(0)[a], alphas[2], trainer.State.Label(1)[a]));
        }
        Observe();
        while (trainer.Epoch < epochs)
        {
            trainer.Step();
            Observe();
            if (trainer.Epoch % 100 == 0) progress?.Report(trainer.Epoch);
        }
        return Measure(trajectory, rate);
    }

    /// <summary>The split rate and direction of a recorded trajectory.</summary>
    public static SplitMeasurement Measure(IReadOnlyList<SplitObservation> trajectory, double rate)
    {
        int split = -1;
        for (int i = 0; i < trajectory.Count; i++)
            if (trajectory[i].Separation > SplitThreshold) { split = i; break; }
        int end = split < 0 ? trajectory.Count - 1 : split;
        // Gathering point: where the pair's mean moved slowest before the split (skipping the start).
        int gather = Math.Min(1, end);
        double slowest = double.MaxValue;
        for (int i = Math.Min(10, end); i < end; i++)
        {
            var (p, q) = (trajectory[i], trajectory[i + 1]);
            double speed = Math.Abs(q.MeanAlpha - p.MeanAlpha) + Math.Abs(q.MeanEll - p.MeanEll);
            if (speed < slowest) { slowest = speed; gather = i; }
        }
        double[]? direction = null;
        double? growth = null;
        if (split > 0)
        {
            int start = split;
            while (start > 0 && trajectory[start - 1].Separation > 1e-3 * SplitThreshold && trajectory[start - 1].Separation < trajectory[start].Separation) start--;
            var s = trajectory[split];
            double da = s.Alpha1 - s.Alpha2, dl = s.Ell1 - s.Ell2, norm = Math.Sqrt(da * da + dl * dl);
            direction = da >= 0 ? [da / norm, dl / norm] : [-da / norm, -dl / norm];
            if (split - start >= 3)
            {
                var t = Enumerable.Range(start, split - start + 1).Select(i => trajectory[i].Epoch * rate).ToArray();
                var y = Enumerable.Range(start, split - start + 1).Select(i => Math.Log(trajectory[i].Separation)).ToArray();
                growth = MathNet.Numerics.Fit.Line(t, y).B;
            }
        }
        var g = trajectory[gather];
        return new SplitMeasurement(trajectory, split < 0 ? null : trajectory[split].Epoch, g.Epoch, g.MeanAlpha, g.MeanEll, direction, growth);
    }
}
