using System.CommandLine;
using Bifurcations.Benchmarks;
using Bifurcations.IO;
using Bifurcations.Training;
using Spectre.Console;

namespace Bifurcations.Cli.Commands;

/// <summary><c>bench</c>: training speed against the scalar reference and the GEMM peak.</summary>
public static class BenchCommand
{
    public static Command Create(CliContext ctx)
    {
        var memories = new Option<int>("--memories") { Description = "Memories K", DefaultValueFactory = _ => 100 };
        var perClass = new Option<int>("--per-class") { Description = "Training digits per class (P = 10 × this)", DefaultValueFactory = _ => 20 };
        var n = new Option<double>("--n") { Description = "Exponent n", DefaultValueFactory = _ => 30 };
        var seconds = new Option<double>("--seconds") { Description = "Time budget per configuration", DefaultValueFactory = _ => 2 };
        var output = new Option<string?>("--out") { Description = "Also write the table as CSV" };
        var reduced = new Option<bool>("--reduced") { Description = "Benchmark the reduced two-digit analysis (fixed points, nullclines) instead of training" };
        var command = new Command("bench", "Benchmark a training epoch (SIMD engine vs scalar reference vs GEMM peak)");
        foreach (var o in new Option[] { memories, perClass, n, seconds, output, reduced }) command.Options.Add(o);
        command.SetAction(r =>
        {
            if (r.GetValue(reduced))
            {
                var res = ReducedBenchmark.Run(new Progress<string>(s => ctx.Error.WriteLine($"timing {s}…")));
                foreach (var row in res) ctx.Out.WriteLine($"{row.Task}: {row.Milliseconds:F1} ms ({row.FixedPoints} {row.Counted})");
                if (r.GetValue(output) is { } p)
                    AtomicFile.WriteAllText(p, "task,milliseconds,count,counted\n" + string.Concat(res.Select(x => $"\"{x.Task}\",{x.Milliseconds:R},{x.FixedPoints},{x.Counted}\n")));
                return 0;
            }
            int k = r.GetValue(memories), pc = r.GetValue(perClass);
            if (k < 1) throw new UsageException($"--memories must be at least 1 (got {k})");
            if (pc < 1) throw new UsageException($"--per-class must be at least 1 (got {pc})");
            var rows = TrainingBenchmark.Run(k, pc, r.GetValue(n), r.GetValue(seconds),
                new Progress<string>(s => ctx.Error.WriteLine($"timing {s}…")));
            double flops = TrainingBenchmark.FlopsPerEpoch(k, 10 * pc, 784), engineFlops = TrainingBenchmark.EngineFlopsPerEpoch(k, 10 * pc, 784);
            var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(ctx.Out) });
            var table = new Table().AddColumns("configuration", "threads", "ms per epoch", "GFLOP/s", "runs");
            foreach (var row in rows)
                table.AddRow(row.Name, row.Threads.ToString(), (row.SecondsPerEpoch * 1e3).ToString("F3"), row.Gflops.ToString("F2"), row.Repetitions.ToString());
            console.Write(table);
            var scalar = rows[0];
            var best = rows.Where(x => x.Name.StartsWith("SIMD")).MinBy(x => x.SecondsPerEpoch)!;
            var peak = rows.Where(x => x.Name.StartsWith("GEMM")).MaxBy(x => x.Gflops)!;
            ctx.Out.WriteLine($"K = {k}, P = {10 * pc}, N = 784: direct algorithm (scalar reference) {flops / 1e6:F1} MFLOP per epoch (4KPN + 60KP);");
            ctx.Out.WriteLine($"engine with tracked overlaps {engineFlops / 1e6:F1} MFLOP per epoch (2KPN + 2KP² + 60KP + 2KPN/{Trainer.OverlapRefreshEvery}).");
            ctx.Out.WriteLine($"engine time / scalar reference time: {scalar.SecondsPerEpoch / best.SecondsPerEpoch:F1}x faster; " +
                $"engine GFLOP/s (performed) / GEMM peak = {100 * best.Gflops / peak.Gflops:F0}%");
            if (r.GetValue(output) is { } path)
                AtomicFile.WriteAllText(path, "configuration,threads,seconds_per_epoch,gflops,runs\n" +
                    string.Concat(rows.Select(x => $"{x.Name},{x.Threads},{x.SecondsPerEpoch:R},{x.Gflops:R},{x.Repetitions}\n")));
            return 0;
        });
        return command;
    }
}
