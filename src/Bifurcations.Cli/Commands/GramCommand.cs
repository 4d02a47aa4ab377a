using System.CommandLine;
using Bifurcations.Cli.Common;
using Bifurcations.Data;
using Bifurcations.Experiments.Artifacts;
using Bifurcations.Experiments.IO;

namespace Bifurcations.Cli.Commands;

/// <summary><c>gram</c>: the Gram matrix ⟨σ_i|σ_j⟩ of chosen digits as JSON.</summary>
internal static class GramCommand
{
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
            var json = GramReport.Of(set, digits.LoadSet(r).Source).ToJson();
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
}
