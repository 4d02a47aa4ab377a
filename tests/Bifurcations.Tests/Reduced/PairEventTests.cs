using Bifurcations.Continuation;
using Bifurcations.Experiments.Validation;
using Bifurcations.Model;
using Bifurcations.Reduced;

namespace Bifurcations.Tests.Reduced;

/// <summary>Events of a continuation say what happened in the model as an enum, never as text to be matched.</summary>
public class PairEventTests
{
    [Fact]
    public void EveryEventOfTheDiagramSaysWhatHappenedInTheModel()
    {
        // The paper's diagram in n (Fig. 5A) and one in T_r, where labels reach their clip at low temperature.
        var paper = PaperValues.Model(1.5);
        var diagrams = new[] { PairContinuation.Diagram(paper), PairContinuation.Diagram(paper.WithExponent(30), PairParameter.ReducedTemperature, 0.55, 1.25) };
        var points = diagrams.SelectMany(d => d.Branches).SelectMany(b => b.SpecialPoints).ToArray();
        var events = points.Where(s => s.Kind == SpecialPointKind.Event).ToArray();
        Assert.NotEmpty(events);
        Assert.All(events, e => Assert.NotNull(e.Event));
        Assert.All(points.Where(s => s.Kind != SpecialPointKind.Event), s => Assert.Null(s.Event));
        Assert.Contains(events, e => e.Event == PairEvent.LabelClip);
        // The text agrees with the kind: a clip event speaks of the clip, an overlap kink of an overlap.
        Assert.All(events.Where(e => e.Event == PairEvent.LabelClip), e => Assert.Contains("clip", e.What));
        Assert.All(events.Where(e => e.Event == PairEvent.OverlapKink), e => Assert.Contains("overlap", e.What));
    }
}
