using System.CommandLine;
using Bifurcations.Cli.Common;
using Bifurcations.Experiments.IO;
using Bifurcations.Experiments.Simulations;
using Bifurcations.Experiments.Validation;

namespace Bifurcations.Cli.Commands;

/// <summary><c>validate</c>: the cross-checks alone, PASS/FAIL each; exit code 1 if one fails.</summary>
internal static class ValidateCommand
{
    public static Command Create(CliContext ctx)
    {
        var sweeps = new Option<string>("--sweeps") { Description = "Folder holding finished phase-intra/ and phase-inter/ sweeps (from reproduce) to check too", DefaultValueFactory = _ => "output" };
        var output = new Option<string?>("--out") { Description = "Also write report.md and report.html into this folder" };
        var command = new Command("validate", "Run the cross-checks between theory and simulation; exit code 1 if one fails");
        command.Options.Add(sweeps);
        command.Options.Add(output);
        command.SetAction(r =>
        {
            var dir = r.GetValue(sweeps)!;
            var inputs = ValidationInputs.FromFolder(dir);
            var checks = Run(ctx, inputs);
            foreach (var c in checks) ctx.Out.WriteLine($"{(c.Pass ? "PASS" : "FAIL")}  {c.Name}: {c.Measured} (expected {c.Expected}; {c.Tolerance})");
            if (r.GetValue(output) is { } outDir)
            {
                Directory.CreateDirectory(outDir);
                foreach (var f in Report.Write(outDir, checks, [])) ctx.Out.WriteLine($"wrote {f}");
            }
            int failed = checks.Count(c => !c.Pass);
            ctx.Out.WriteLine($"{checks.Count - failed} of {checks.Count} checks pass");
            // The checks on finished sweeps, populations and prototypes run only when --sweeps holds them: say which did not.
            var missing = inputs.Missing;
            if (missing.Count > 0)
                ctx.Error.WriteLine($"note: {dir} holds no {string.Join(", ", missing)}: the checks on {(missing.Count == 1 ? "it" : "them")} were not run (reproduce writes them)");
            return failed == 0 ? 0 : 1;
        });
        return command;
    }

    /// <summary>Runs every check on <paramref name="inputs"/> behind a progress bar.</summary>
    public static IReadOnlyList<Check> Run(CliContext ctx, ValidationInputs inputs) =>
        Progress.Run(ctx, "validation", 16, report =>
        {
            int k = 0;
            return Validator.Run(inputs, new InlineProgress<string>(s => report(++k, s)));
        });
}
