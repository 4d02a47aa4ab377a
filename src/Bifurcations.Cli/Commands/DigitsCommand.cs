using System.CommandLine;
using Bifurcations.Cli.Common;
using Bifurcations.Data;
using Bifurcations.Experiments.Artifacts;
using Bifurcations.Experiments.Plotting;

namespace Bifurcations.Cli.Commands;

/// <summary><c>digits</c>: a PNG grid of chosen training digits, blue–white–red.</summary>
internal static class DigitsCommand
{
    public static Command Create(CliContext ctx)
    {
        var digits = new DigitOptions("0-9", 4, seedOnlyPicks: true);
        var output = new Option<string>("--out") { Description = "PNG file to write", DefaultValueFactory = _ => "output/digits.png" };
        var svg = new Option<bool>("--svg") { Description = "Also write an SVG next to the PNG" };
        var force = ResultSettings.ForceOption();
        var command = new Command("digits", "Draw chosen MNIST digits as a PNG grid (pixels in [-1, 1], blue-white-red)");
        digits.AddTo(command);
        command.Options.Add(output);
        command.Options.Add(svg);
        command.Options.Add(force);
        command.SetAction(r =>
        {
            var set = digits.Select(r);
            if (!r.GetValue(output)!.EndsWith(".png", StringComparison.OrdinalIgnoreCase))
                throw new UsageException($"--out '{r.GetValue(output)}' must name a .png file (--svg writes the .svg beside it)");
            var figure = DigitsSheet.Figure(set, digits.Selection(r).PerClass);
            OutputFile.RefuseOther(r.GetValue(output)!, FigureExport.PngBytes(figure.Model, figure.Width, figure.Height), r.GetValue(force));
            var written = DigitsSheet.Write(set, digits.Selection(r).PerClass, r.GetValue(output)!, r.GetValue(svg));
            foreach (var path in written) ctx.Out.WriteLine($"wrote {path}");
            return 0;
        });
        return command;
    }
}
