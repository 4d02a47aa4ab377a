using System.CommandLine;
using Bifurcations.Cli.Common;
using Bifurcations.Data;
using Bifurcations.Experiments.Benchmarks;
using Bifurcations.Experiments.IO;
using Bifurcations.Training;
using Spectre.Console;

namespace Bifurcations.Cli.Commands;

/// <summary><c>bench</c>: training speed against the scalar reference and the GEMM peak.</summary>
internal static class BenchCommand
{
    public static Command Create(CliContext ctx)
    {
        var memories = new Option<int>("--memories") { Description = "Memories K", DefaultValueFactory = _ => 100 };
        var perClass = new Option<int>("--per-class") { Description = "Training digits per class (P = 10 × this)", DefaultValueFactory = _ => 20 };
        var n = new Option<double>("--n") { Description = "Exponent n", DefaultValueFactory = _ => 30 };
        var seconds = new Option<double>("--seconds") { Description = "Time budget per configuration", DefaultValueFactory = _ => 2 };
        var output = new Option<string?>("--out") { Description = "Also write the table as CSV" };
        var reduced = new Option<bool>("--reduced") { Description = "Benchmark the reduced two-digit analysis (fixed points, nullclines) instead of training" };
        var scaling = new Option<bool>("--scaling") { Description = "Time an epoch across K memories × P digits, beside the GEMM products alone, the FMA peak and max RSS" };
        var kList = new Option<string>("--k-list") { Description = "Memories for --scaling", DefaultValueFactory = _ => "10,100,1000" };
        var pList = new Option<string>("--p-list") { Description = "Digits for --scaling (the first P of the set)", DefaultValueFactory = _ => "200,2000,8630,60000" };
        var mnist = new Option<string?>("--mnist")
        {
            Description = "IDX folder for --scaling; without it the embedded digits are enlarged to the largest P (export-mnist --count), written as IDX to a temporary folder and read back",
        };
        var threads = new Option<int>("--threads") { Description = "Worker threads for --scaling", DefaultValueFactory = _ => Environment.ProcessorCount };
        var authors = new Option<string?>("--authors") { Description = "With --scaling: the authors' trainer timed on this machine (the CSV of tools/time-authors-trainer.py) for the × authors column, instead of 0.45 ms per digit at K = 100" };
        var check = new Option<int>("--check-epochs") { Description = "With --scaling: also train K = 100 on the largest P for this many epochs with the engine and with the scalar reference, and compare (0: skip)", DefaultValueFactory = _ => 0 };
        var command = new Command("bench", "Benchmark a training epoch (SIMD engine vs scalar reference vs GEMM peak)");
        foreach (var o in new Option[] { memories, perClass, n, seconds, output, reduced, scaling, kList, pList, mnist, threads, check, authors }) command.Options.Add(o);
        command.SetAction(r =>
        {
            // Each mode takes its own options; one given to another mode would be silently ignored.
            Option? Given(params Option[] options) => options.FirstOrDefault(o => r.GetResult(o) is { Implicit: false });
            if (r.GetValue(scaling) && r.GetValue(reduced)) throw new UsageException("give --scaling or --reduced, not both");
            if (!r.GetValue(scaling) && Given(kList, pList, mnist, threads, check, authors) is { } scalingOnly)
                throw new UsageException($"{scalingOnly.Name} belongs to --scaling: add --scaling or leave it out");
            if (r.GetValue(reduced) && Given(memories, perClass, n, seconds) is { } trainingOnly)
                throw new UsageException($"{trainingOnly.Name} sets the training benchmark; --reduced times the reduced model at fixed settings and repeat counts: leave it out");
            if (r.GetValue(scaling) && Given(memories, perClass, n) is { } listed)
                throw new UsageException($"{listed.Name} sets the single training benchmark; --scaling takes --k-list and --p-list");
            if (!(r.GetValue(seconds) > 0)) throw new UsageException($"--seconds {r.GetValue(seconds)} must be > 0");
            // The table's file is checked before minutes of timing, not after.
            if (r.GetValue(output) is { } target) Experiments.IO.AtomicFile.CheckTarget(target);
            if (r.GetValue(scaling))
                return Scaling(ctx, ParseList(r.GetValue(kList)!, "--k-list"), ParseList(r.GetValue(pList)!, "--p-list"), r.GetValue(mnist),
                    r.GetValue(threads), r.GetValue(seconds), r.GetValue(check), r.GetValue(output),
                    r.GetValue(authors) is { } timings ? Experiments.Benchmarks.AuthorsTimings.Read(timings) : null);
            if (r.GetValue(reduced))
            {
                var res = ReducedBenchmark.Run(new InlineProgress<string>(s => ctx.Error.WriteLine($"timing {s}…")));
                foreach (var row in res) ctx.Out.WriteLine($"{row.Task}: {row.Milliseconds:F1} ms ({row.FixedPoints} {row.Counted})");
                if (r.GetValue(output) is { } p) BenchmarkFiles.WriteReduced(res, p);
                return 0;
            }
            int k = r.GetValue(memories), pc = r.GetValue(perClass);
            if (k < 1) throw new UsageException($"--memories must be at least 1 (got {k})");
            if (pc < 1) throw new UsageException($"--per-class must be at least 1 (got {pc})");
            var rows = TrainingBenchmark.Run(k, pc, r.GetValue(n), r.GetValue(seconds),
                new InlineProgress<string>(s => ctx.Error.WriteLine($"timing {s}…")));
            var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(ctx.Out) });
            var table = new Table().AddColumns("configuration", "threads", "ms per epoch", "GFLOP/s", "runs");
            foreach (var row in rows)
                table.AddRow(row.Name, row.Threads.ToString(), (row.SecondsPerEpoch * 1e3).ToString("F3"), row.Gflops.ToString("F2"), row.Repetitions.ToString());
            console.Write(table);
            foreach (var line in BenchmarkFiles.TrainingSummary(rows, k, 10 * pc)) ctx.Out.WriteLine(line);
            if (r.GetValue(output) is { } path) BenchmarkFiles.WriteTraining(rows, path);
            return 0;
        });
        return command;
    }

    static int[] ParseList(string text, string option)
    {
        var parts = Lists.Entries(text, option);
        var values = new int[parts.Length];
        for (int i = 0; i < parts.Length; i++)
            if (!int.TryParse(parts[i], out values[i]) || values[i] < 1)
                throw new UsageException($"{option}: '{parts[i]}' is not a positive whole number");
        if (values.Length == 0) throw new UsageException($"{option} is empty");
        return values;
    }

    static int Scaling(CliContext ctx, int[] ks, int[] ps, string? mnistDir, int threads, double seconds, int checkEpochs, string? output,
        Experiments.Benchmarks.AuthorsTimings? authors)
    {
        if (threads is < 1 or > 4096) throw new UsageException($"--threads {threads} is invalid: between 1 and 4096");
        int largest = ps.Max();
        var set = ScalingBenchmark.Digits(largest, mnistDir, new InlineProgress<string>(s => ctx.Error.WriteLine(s)));
        if (largest > set.Count) throw new UsageException($"--p-list asks for {largest} digits but {set.Source} has {set.Count}");
        var rows = ScalingBenchmark.Run(set, ks, ps, threads, seconds, new InlineProgress<string>(s => ctx.Error.WriteLine($"timing {s}…")), authors);
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(ctx.Out) });
        console.Profile.Width = Math.Max(console.Profile.Width, 160); // a log or a pipe reads 80 columns: keep the table whole
        var table = new Table().AddColumns("K", "P", "path", "ms/epoch", "GFLOP/s", "% peak/core", "GEMM ms", "GEMM GFLOP/s", "GEMM % peak/core",
            "% roofline", "× authors", "model MB", "max RSS MB");
        foreach (var x in rows)
            table.AddRow(x.Memories.ToString(), x.Digits.ToString(), x.Tracked ? "tracked" : "direct", x.EpochMs.ToString("F2"), x.EpochGflops.ToString("F1"),
                (100 * x.EpochShareOfPeak).ToString("F0"), x.GemmMs.ToString("F2"), x.GemmGflops.ToString("F1"), (100 * x.GemmShareOfPeak).ToString("F0"),
                (100 * x.EpochShareOfRoofline).ToString("F0"), x.SpeedupOverAuthors is { } a ? a.ToString("F0") : "-", (x.ModelBytes / 1e6).ToString("F0"), (x.MaxRssBytes / 1e6).ToString("F0"));
        console.Write(table);
        foreach (var line in BenchmarkFiles.ScalingNotes(rows, threads, authors)) ctx.Out.WriteLine(line);
        if (output is not null) BenchmarkFiles.WriteScaling(rows, output);
        if (checkEpochs > 0)
        {
            var training = EnlargedSet.Prefix(set, largest);
            ctx.Error.WriteLine($"checking K = 100, P = {largest}, {checkEpochs} epoch(s) against the scalar reference…");
            var (dm, dl, te, tr) = ScalingBenchmark.CheckAgainstReference(training, 100, checkEpochs, threads);
            ctx.Out.WriteLine(FormattableString.Invariant(
                $"engine vs scalar reference, K = 100, P = {largest}, {checkEpochs} epochs: max |Δ memory| = {NumberFormat.Scientific(dm, 2)}, max |Δ label| = {NumberFormat.Scientific(dl, 2)} (engine {te:F1} s, reference {tr:F1} s)"));
            if (!(dm < 1e-12 && dl < 1e-12)) // the bound the trainer tests hold at P = 200
            {
                ctx.Error.WriteLine("FAIL: the engine and the scalar reference differ by more than 1e-12");
                return ExitCodes.Failure;
            }
        }
        return 0;
    }
}
