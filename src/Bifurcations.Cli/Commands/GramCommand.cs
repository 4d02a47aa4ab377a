using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Serialization;
using Bifurcations.Data;
using Bifurcations.Experiments.IO;

namespace Bifurcations.Cli.Commands;

/// <summary><c>gram</c>: the Gram matrix ⟨σ_i|σ_j⟩ of chosen digits as JSON.</summary>
public static class GramCommand
{
    public sealed record Sample([property: JsonPropertyName("class")] int Class, [property: JsonPropertyName("index")] int Index);

    public sealed record GramReport(
        [property: JsonPropertyName("source")] string Source,
        [property: JsonPropertyName("digits")] Sample[] Digits,
        [property: JsonPropertyName("gram")] double[][] Gram);

    public static Command Create(CliContext ctx)
    {
        var digits = new DigitOptions("1,4", 1, seedOnlyPicks: true);
        var output = new Option<string?>("--out") { Description = "Also write the JSON to this file (another result there is refused unless --force)" };
        var force = ResultSettings.ForceOption();
        var command = new Command("gram", "Print the Gram matrix <σ_i|σ_j> of chosen digits as JSON");
        digits.AddTo(command);
        command.Options.Add(output);
        command.Options.Add(force);
        command.SetAction(r =>
        {
            var set = digits.Select(r);
            var json = ToJson(Report(set, digits.LoadSet(r).Source));
            if (r.GetValue(output) is { } path)
            {
                OutputFile.RefuseOther(path, System.Text.Encoding.UTF8.GetBytes(json + "\n"), r.GetValue(force));
                AtomicFile.WriteAllText(path, json + "\n");
            }
            ctx.Out.WriteLine(json);
            return 0;
        });
        return command;
    }

    public static GramReport Report(TrainingSet set, string source)
    {
        var g = set.Gram();
        var rows = Enumerable.Range(0, set.Count).Select(i => g.AsSpan(i * set.Count, set.Count).ToArray()).ToArray();
        var samples = Enumerable.Range(0, set.Count).Select(i => new Sample(set.Labels[i], set.SourceIndices[i])).ToArray();
        return new GramReport(source, samples, rows);
    }

    public static string ToJson<T>(T value) => JsonOutput.Serialize(value);
}
