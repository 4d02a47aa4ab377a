using System.Text.Json;
using Bifurcations.Data;
using Bifurcations.Experiments.IO;
using Bifurcations.Experiments.Simulations;
using Bifurcations.Model;
using Bifurcations.Reduced;

namespace Bifurcations.Experiments.Reports;

/// <summary>
/// Prediction against measurement for paper Fig. 5C–D: the fixed point nearest to where the engine's two
/// memories gathered, the difference-mode linearization there, and what the run showed.
/// <see cref="EulerStiffness"/> is ε·max|λ| of the reduced Jacobian at that point: above 2 the training
/// rule's forward Euler step cannot resolve the fast label mode (it falls into a 2-cycle about the label
/// nullcline, docs/model.md), and the linear prediction of the split is not expected to hold.
/// </summary>
public sealed record SplitReport(double N, double Temperature, double Rate, int Epochs, double[] Gram,
    SplitReport.Gathering Gather, FixedPointReport.Point NearestFixedPoint, double DistanceAlpha, double DistanceEll,
    double[] PredictedDifferenceEigenvalues, double? PredictedRate, double[]? PredictedDirection,
    int? MeasuredSplitEpoch, double? MeasuredRate, double[]? MeasuredDirection, double? AngleDegrees, double EulerStiffness)
{
    /// <summary>Where the two memories gathered before splitting.</summary>
    /// <param name="Epoch">The epoch of closest approach to rest.</param>
    /// <param name="Alpha">Their mean α there.</param>
    /// <param name="Ell">Their mean ℓ there.</param>
    public sealed record Gathering(int Epoch, double Alpha, double Ell);

    /// <summary>Runs the split experiment on real digits and compares it with the prediction at the nearest fixed point.</summary>
    public static (SplitReport Report, SplitMeasurement Measurement, SplitPrediction Prediction, PairModel Model) Run(
        TrainingSet pair, NetworkParameters parameters, double rate, int epochs, double alpha = 0.8, double ell = 0.5,
        double delta = 1e-8, IProgress<int>? progress = null)
    {
        var g = pair.Gram();
        var model = new PairModel(new GramPair(g[0], g[1], g[3]), parameters, 2, pair.Labels[0] == pair.Labels[1] ? PairCase.Intra : PairCase.Inter);
        var measurement = SplitExperiment.Run(pair, parameters, rate, epochs, alpha, ell, delta, progress);
        var points = FixedPointSolver.Solve(model);
        if (points.Count == 0) throw new NumericalException($"the reduced model has no fixed point at n = {parameters.Exponent}, T = {parameters.Temperature}");
        var nearest = points.MinBy(p => Math.Abs(p.AlphaA - measurement.GatherAlpha) + Math.Abs(p.Ell - measurement.GatherEll))!;
        var prediction = SplitAnalysis.At(model, nearest, pair.Labels[0], pair.Labels[1]);
        double? angle = null;
        if (prediction.Direction is { } pd && measurement.Direction is { } md)
            angle = Math.Acos(Math.Min(1, Math.Abs(pd[0] * md[0] + pd[1] * md[1]))) * 180 / Math.PI;
        double stiffness = rate * nearest.Eigenvalues.Max(Math.Abs);
        var report = new SplitReport(parameters.Exponent, parameters.Temperature, rate, epochs, model.Gram.ToArray(),
            new Gathering(measurement.GatherEpoch, measurement.GatherAlpha, measurement.GatherEll),
            FixedPointReport.From(model, [nearest]).FixedPoints[0],
            Math.Abs(nearest.AlphaA - measurement.GatherAlpha), Math.Abs(nearest.Ell - measurement.GatherEll),
            prediction.DifferenceEigenvalues, prediction.Rate, prediction.Direction,
            measurement.SplitEpoch, measurement.Rate, measurement.Direction, angle, stiffness);
        return (report, measurement, prediction, model);
    }

    /// <summary>The report as JSON.</summary>
    public string ToJson() => JsonOutput.Serialize(this);
}
