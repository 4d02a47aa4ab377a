using System.Text.Json.Serialization;
using Bifurcations.Data;
using Bifurcations.Experiments.IO;

namespace Bifurcations.Experiments.Artifacts;

/// <summary>One digit of a Gram report: its class and its index in the MNIST source.</summary>
public sealed record GramSample([property: JsonPropertyName("class")] int Class, [property: JsonPropertyName("index")] int Index);

/// <summary>The Gram matrix ⟨σ_i|σ_j⟩ of chosen digits, with where they come from (the <c>gram</c> JSON).</summary>
public sealed record GramReport(
    [property: JsonPropertyName("source")] string Source,
    [property: JsonPropertyName("digits")] GramSample[] Digits,
    [property: JsonPropertyName("gram")] double[][] Gram)
{
    /// <summary>The report of <paramref name="set"/>, drawn from <paramref name="source"/>.</summary>
    public static GramReport Of(TrainingSet set, string source)
    {
        var g = set.Gram();
        var rows = Enumerable.Range(0, set.Count).Select(i => g.AsSpan(i * set.Count, set.Count).ToArray()).ToArray();
        var samples = Enumerable.Range(0, set.Count).Select(i => new GramSample(set.Labels[i], set.SourceIndices[i])).ToArray();
        return new GramReport(source, samples, rows);
    }

    /// <summary>The JSON text (the project's convention, indented).</summary>
    public string ToJson() => JsonOutput.Serialize(this);
}
