using System.Text.Json;
using Bifurcations.Continuation;
using Bifurcations.Experiments.Artifacts;
using Bifurcations.Experiments.Validation;
using Bifurcations.Reduced;

namespace Bifurcations.Tests.Plotting;

public class FoldCurvesResultTests
{
    [Fact]
    public void AnUnknownEigenvalueIsNullNotZero()
    {
        // A fold-curve point without a spectrum carries null; folds2d.json once wrote such a value as 0, an eigenvalue of
        // exactly zero, which is a claim. The convention is null for a missing value.
        var end = new BranchEnd(BranchEndReason.ParameterBound, 1, "bound");
        var points = new[] { new FoldCurvePoint(24, 0.9, 0.45, 0.55, 0.01, -2, false, null), new FoldCurvePoint(25, 0.91, 0.46, 0.54, 0.02, -1.7, false, 1e-9) };
        var raw = new ContinuationBranch([], [], end, end);
        var diagram = new FoldDiagram(PaperValues.Model(24), new ParameterRange(PairParameter.Exponent, 1.5, 72), new ParameterRange(PairParameter.ReducedTemperature, 0.6, 1.1),
            [new FoldCurve(points, [], end, end, raw)], []);
        var json = JsonDocument.Parse(new FoldCurvesResult(diagram).ToJson());
        var written = json.RootElement.GetProperty("curves")[0].GetProperty("points");
        Assert.Equal(JsonValueKind.Null, written[0].GetProperty("smallestEigenvalue").ValueKind);
        Assert.Equal(1e-9, written[1].GetProperty("smallestEigenvalue").GetDouble());
    }
}
