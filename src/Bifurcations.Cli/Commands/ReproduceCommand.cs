using System.CommandLine;
using Bifurcations.Data;
using Bifurcations.IO;

namespace Bifurcations.Cli.Commands;

/// <summary>
/// <c>reproduce</c>: the README's main job. It grows with the project; for now it draws the embedded
/// digits and the Gram matrix of the paper's 1/4 pair.
/// </summary>
public static class ReproduceCommand
{
    public static Command Create(CliContext ctx)
    {
        var output = new Option<string>("--out") { Description = "Folder for every figure and table", DefaultValueFactory = _ => "output" };
        var command = new Command("reproduce", "Reproduce the paper's analysis on the embedded MNIST digits into output/");
        command.Options.Add(output);
        command.SetAction(r =>
        {
            var dir = r.GetValue(output)!;
            var set = new DigitSelection(DigitSelection.ParseClasses("0-9"), 4, Seed: 0).Select(MnistSet.Embedded);
            foreach (var p in DigitsCommand.Draw(set, 4, Path.Combine(dir, "digits.png"), svg: true)) ctx.Out.WriteLine($"wrote {p}");
            var pair = new DigitSelection([1, 4], 1, Seed: 0).Select(MnistSet.Embedded);
            var gramPath = Path.Combine(dir, "gram-1-4.json");
            AtomicFile.WriteAllText(gramPath, GramCommand.ToJson(GramCommand.Report(pair, MnistSet.Embedded.Source)) + "\n");
            ctx.Out.WriteLine($"wrote {gramPath}");
            return 0;
        });
        return command;
    }
}
