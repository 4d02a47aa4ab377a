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

    /// <summary>The report as JSON.</summary>
    public string ToJson() => JsonOutput.Serialize(this);
}
