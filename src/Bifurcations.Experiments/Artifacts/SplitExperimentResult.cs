using System.Globalization;
using Bifurcations.Data;
using Bifurcations.Experiments.IO;
using Bifurcations.Experiments.Plotting;
using Bifurcations.Experiments.Reports;
using Bifurcations.Experiments.Simulations;
using Bifurcations.Model;
using Bifurcations.Reduced;

namespace Bifurcations.Experiments.Artifacts;

/// <summary>Paper Fig. 5C–D: two memories split at a saddle, the linearized prediction against a two-memory training run, with its files.</summary>
/// <param name="Report">The comparison (split.json).</param>
/// <param name="Measurement">The two memories' trajectory.</param>
/// <param name="Prediction">The prediction at the nearest fixed point.</param>
/// <param name="Model">The reduced model of the pair.</param>
public sealed record SplitExperimentResult(SplitReport Report, SplitMeasurement Measurement, SplitPrediction Prediction, PairModel Model) : IWritable
{
    /// <summary>
    /// Trains two memories on <paramref name="pair"/> from (α, ℓ) ± δ and compares their split with the prediction of
    /// the difference-mode linearization at the fixed point nearest to where they gathered.
    /// </summary>
    /// <exception cref="NumericalException">The reduced model has no fixed point at these parameters.</exception>
    public static SplitExperimentResult Run(TrainingSet pair, SplitExperimentOptions options, IProgress<int>? progress = null)
    {
        var (parameters, rate, epochs) = options.Validated();
        if (pair.Count != 2) throw new InvalidParameterException($"the split experiment needs exactly two digits (got {pair.Count})");
        var g = pair.Gram();
        var model = new PairModel(new GramPair(g[0], g[1], g[3]), parameters, 2, pair.Labels[0] == pair.Labels[1] ? PairCase.Intra : PairCase.Inter);
        var measurement = SplitExperiment.Run(pair, options, progress);
        var points = FixedPointSolver.Solve(model);
        if (points.Count == 0) throw new NumericalException($"the reduced model has no fixed point at n = {parameters.Exponent}, T = {parameters.Temperature}");
        var nearest = points.MinBy(p => Math.Abs(p.AlphaA - measurement.GatherAlpha) + Math.Abs(p.Ell - measurement.GatherEll))!;
        var prediction = SplitAnalysis.At(model, nearest, pair.Labels[0], pair.Labels[1]);
        double? angle = null;
        if (prediction.Direction is { } pd && measurement.Direction is { } md)
            angle = Math.Acos(Math.Min(1, Math.Abs(pd[0] * md[0] + pd[1] * md[1]))) * 180 / Math.PI;
        double stiffness = rate * nearest.Eigenvalues.Max(Math.Abs);
        var report = new SplitReport(parameters.Exponent, parameters.Temperature, rate, epochs, model.Gram.ToArray(),
            new SplitReport.Gathering(measurement.GatherEpoch, measurement.GatherAlpha, measurement.GatherEll),
            FixedPointReport.From(model, [nearest]).FixedPoints[0],
            Math.Abs(nearest.AlphaA - measurement.GatherAlpha), Math.Abs(nearest.Ell - measurement.GatherEll),
            prediction.DifferenceEigenvalues, prediction.Rate, prediction.Direction,
            measurement.SplitEpoch, measurement.Rate, measurement.Direction, angle, stiffness);
        return new(report, measurement, prediction, model);
    }

    /// <summary>split.json, trajectory.csv, split.png and split-separation.png.</summary>
    public IReadOnlyList<string> Write(string folder)
    {
        Directory.CreateDirectory(folder);
        var json = Path.Combine(folder, "split.json");
        AtomicFile.WriteAllText(json, Report.ToJson() + "\n");
        var csv = Path.Combine(folder, "trajectory.csv");
        CsvOutput.Write(csv, ["epoch", "alpha_1", "ell_1", "alpha_2", "ell_2", "separation"],
            Measurement.Trajectory.Select(o => new object[] { o.Epoch, o.Alpha1, o.Ell1, o.Alpha2, o.Ell2, o.Separation }));
        return [json, csv, .. SplitFigure.Save(Model, Prediction, Measurement, Path.Combine(folder, "split.png"))];
    }

    /// <inheritdoc/>
    public IReadOnlyList<string> Summary
    {
        get
        {
            var report = Report;
            return
            [
                FormattableString.Invariant($"gathered at epoch {report.Gather.Epoch}: (α, ℓ) = ({report.Gather.Alpha:F4}, {report.Gather.Ell:G4}); nearest fixed point ({report.NearestFixedPoint.AlphaA:F4}, {report.NearestFixedPoint.Ell:G4}), |Δα| = {report.DistanceAlpha:G3}, |Δℓ| = {report.DistanceEll:G3}"),
                FormattableString.Invariant($"predicted split: rate {report.PredictedRate?.ToString("G4") ?? "none (stable difference mode)"}, direction ({Fmt(report.PredictedDirection)})"),
                FormattableString.Invariant($"measured split: epoch {report.MeasuredSplitEpoch?.ToString() ?? "none"}, rate {report.MeasuredRate?.ToString("G4") ?? "-"}, direction ({Fmt(report.MeasuredDirection)}), angle {report.AngleDegrees?.ToString("F2") ?? "-"}°"),
            ];
        }
    }

    /// <inheritdoc/>
    public IReadOnlyList<string> Warnings => [];

    static string Fmt(double[]? v) => v is null ? "-" : string.Join(", ", v.Select(x => x.ToString("F4", CultureInfo.InvariantCulture)));
}
