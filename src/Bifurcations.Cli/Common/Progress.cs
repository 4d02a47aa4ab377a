using Spectre.Console;

namespace Bifurcations.Cli.Common;

/// <summary>
/// A Spectre.Console progress bar on a terminal; in logs and captured output, a plain line every 10%.
/// The work reports (steps done, status text).
/// </summary>
internal static class Progress
{
    /// <summary>
    /// The work's step count as an <see cref="IProgress{T}"/> reported on the calling thread, in order (System.Progress
    /// posts to the thread pool, so its reports can arrive out of order or after the work has finished).
    /// </summary>
    public static IProgress<int> Steps(Action<int, string> report) => new InlineProgress<int>(k => report(k, ""));

    public static T Run<T>(CliContext ctx, string title, int total, Func<Action<int, string>, T> work)
    {
        if (!ctx.Interactive)
        {
            int nextTenth = 1;
            return work((done, status) =>
            {
                if (done * 10 < nextTenth * total && done != total) return;
                while (nextTenth * total <= done * 10) nextTenth++;
                ctx.Error.WriteLine($"{title}: {done}/{total}  {status}");
            });
        }
        T result = default!;
        var started = DateTime.UtcNow;
        AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .Start(p =>
            {
                var task = p.AddTask(title, maxValue: total);
                int last = 0;
                result = work((done, status) =>
                {
                    if (done - last < Math.Max(1, total / 500) && done != total) return;
                    last = done;
                    double rate = done / Math.Max(1e-9, (DateTime.UtcNow - started).TotalSeconds);
                    task.Description = $"{title} [grey]{done}/{total}, {rate:F0}/s, {Markup.Escape(status)}[/]";
                    task.Value = done;
                });
                task.Value = total;
            });
        return result;
    }
}
