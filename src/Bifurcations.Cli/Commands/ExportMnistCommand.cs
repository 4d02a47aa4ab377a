using System.CommandLine;
using Bifurcations.Cli.Common;
using Bifurcations.Data;
using Bifurcations.Experiments.IO;

namespace Bifurcations.Cli.Commands;

/// <summary><c>export-mnist</c>: writes the embedded digits as standard gzipped IDX files.</summary>
internal static class ExportMnistCommand
{
    public static Command Create(CliContext ctx)
    {
        var output = new Option<string>("--out") { Description = "Folder to write train-images-idx3-ubyte.gz and train-labels-idx1-ubyte.gz into", Required = true };
        var count = new Option<int?>("--count")
        {
            Description = "Write this many digits instead: the embedded ones in their order (sorted by class, so a small count holds only 0s), then one-pixel shifts of them (e.g. 60000, the size of MNIST's training set)",
        };
        var command = new Command("export-mnist", "Write the embedded MNIST digits as standard IDX files (readable with --mnist DIR)");
        var force = ResultSettings.ForceOption();
        command.Options.Add(output);
        command.Options.Add(count);
        command.Options.Add(force);
        command.SetAction(r =>
        {
            var dir = r.GetValue(output)!;
            var set = r.GetValue(count) is { } c ? OptionValue.Of("--count", () => EnlargedSet.Create(MnistSet.Embedded, c)) : MnistSet.Embedded;
            // A folder holding another export (another --count) is refused unless --force, as for every result folder.
            using var folder = ResultFolder.Open(dir, Experiments.IO.RunSettings.Of("export-mnist", ("count", set.Count), ("source", MnistSet.Embedded.Source)), r.GetValue(force));
            MnistFiles.WriteFolder(set, dir);
            folder.Complete();
            ctx.Out.WriteLine($"wrote {set.Count} digits to {dir}");
            return 0;
        });
        return command;
    }
}
