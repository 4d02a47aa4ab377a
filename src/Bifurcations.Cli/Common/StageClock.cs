using System.Diagnostics;
using System.Globalization;
using Bifurcations.Experiments.Validation;

namespace Bifurcations.Cli.Common;

/// <summary>
/// Times the stages of a long job and says where it stands: before each stage a line "stage i/N: name (elapsed, about
/// … left)" on the error stream, in a terminal and in logs alike. The estimate scales the expected seconds of the
/// stages still to run by how fast the finished stages went against their own expectation; the expectation is the
/// previous run's table in the same folder if there is one, else <paramref name="defaults"/> (measured on 2 cores).
/// </summary>
internal sealed class StageClock(CliContext ctx, IReadOnlyList<(string Name, double Seconds)> defaults, IReadOnlyList<StageTiming> previous)
{
    readonly Stopwatch _total = Stopwatch.StartNew();
    readonly List<StageTiming> _done = [];

    public IReadOnlyList<StageTiming> Timings => _done;

    double Expected(string name) =>
        previous.FirstOrDefault(s => s.Stage == name)?.Seconds ?? defaults.FirstOrDefault(d => d.Name == name).Seconds;

    public T Run<T>(string name, int runs, long epochs, Func<T> work)
    {
        int index = Enumerable.Range(0, defaults.Count).FirstOrDefault(i => defaults[i].Name == name, _done.Count);
        double doneExpected = _done.Sum(s => Expected(s.Stage)), doneActual = _done.Sum(s => s.Seconds);
        // 30 s of prior weight, so that the first few short stages do not swing the estimate.
        double pace = (doneActual + 30) / (doneExpected + 30);
        double left = pace * defaults.Skip(index).Sum(d => Expected(d.Name));
        ctx.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"stage {index + 1}/{defaults.Count}: {name} ({Clock(_total.Elapsed.TotalSeconds)} elapsed, about {Clock(left)} left)"));
        var watch = Stopwatch.StartNew();
        var result = work();
        _done.Add(new StageTiming(name, runs, epochs, watch.Elapsed.TotalSeconds));
        return result;
    }

    public void Run(string name, int runs, long epochs, Action work) => Run(name, runs, epochs, () => { work(); return 0; });

    static string Clock(double seconds)
    {
        var t = TimeSpan.FromSeconds(Math.Max(0, Math.Round(seconds)));
        return t.TotalHours >= 1 ? $"{(int)t.TotalHours}h{t.Minutes:00}m" : t.TotalMinutes >= 1 ? $"{t.Minutes}m{t.Seconds:00}s" : $"{t.Seconds}s";
    }
}
