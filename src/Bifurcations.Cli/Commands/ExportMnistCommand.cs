using System.CommandLine;
using Bifurcations.Data;

namespace Bifurcations.Cli.Commands;

/// <summary><c>export-mnist</c>: writes the embedded digits as standard gzipped IDX files.</summary>
public static class ExportMnistCommand
{
    public static Command Create(CliContext ctx)
    {
        var output = new Option<string>("--out") { Description = "Folder to write train-images-idx3-ubyte.gz and train-labels-idx1-ubyte.gz into", Required = true };
        var command = new Command("export-mnist", "Write the embedded MNIST digits as standard IDX files (readable with --mnist DIR)");
        command.Options.Add(output);
        command.SetAction(r =>
        {
            var dir = r.GetValue(output)!;
            MnistSet.Embedded.WriteFolder(dir);
            ctx.Out.WriteLine($"wrote {MnistSet.Embedded.Count} digits to {dir}");
            return 0;
        });
        return command;
    }
}
