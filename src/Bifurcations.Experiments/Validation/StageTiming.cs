using System.Globalization;
using System.Text;

namespace Bifurcations.Experiments.Validation;

/// <summary>One stage of a long job: its name, the training runs and epochs it did (0 where it trains nothing), and its wall time.</summary>
public sealed record StageTiming(string Stage, int Runs, long Epochs, double Seconds)
{
    /// <summary>The stage table as Markdown: stage, runs, epochs, seconds and share of the total.</summary>
    public static string Markdown(IReadOnlyList<StageTiming> stages)
    {
        double total = stages.Sum(s => s.Seconds);
        var sb = new StringBuilder();
        sb.AppendLine("| stage | runs | epochs | seconds | share |").AppendLine("|---|---|---|---|---|");
        foreach (var s in stages)
            sb.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| {s.Stage} | {(s.Runs > 0 ? s.Runs.ToString("N0", CultureInfo.InvariantCulture) : "")} | {(s.Epochs > 0 ? s.Epochs.ToString("N0", CultureInfo.InvariantCulture) : "")} | {s.Seconds:F1} | {(total > 0 ? 100 * s.Seconds / total : 0):F1}% |"));
        sb.AppendLine(string.Create(CultureInfo.InvariantCulture, $"| total | {stages.Sum(s => s.Runs):N0} | {stages.Sum(s => s.Epochs):N0} | {total:F1} | 100% |"));
        return sb.ToString();
    }

    /// <summary>The table as CSV (stage, runs, epochs, seconds, share).</summary>
    public static string Csv(IReadOnlyList<StageTiming> stages)
    {
        double total = stages.Sum(s => s.Seconds);
        var sb = new StringBuilder("stage,runs,epochs,seconds,share\n");
        foreach (var s in stages)
            sb.Append(string.Create(CultureInfo.InvariantCulture, $"\"{s.Stage.Replace("\"", "\"\"")}\",{s.Runs},{s.Epochs},{s.Seconds:R},{(total > 0 ? s.Seconds / total : 0):R}\n"));
        return sb.ToString();
    }

    /// <summary>Reads a table written by <see cref="Csv"/>; empty if the file is missing or unreadable (it only informs an estimate).</summary>
    public static IReadOnlyList<StageTiming> ReadCsv(string path)
    {
        try
        {
            if (!File.Exists(path)) return [];
            var rows = new List<StageTiming>();
            foreach (var line in File.ReadLines(path).Skip(1))
            {
                int close = line.LastIndexOf('"');
                if (!line.StartsWith('"') || close <= 0) return [];
                var rest = line[(close + 2)..].Split(',');
                rows.Add(new StageTiming(line[1..close].Replace("\"\"", "\""), int.Parse(rest[0], CultureInfo.InvariantCulture),
                    long.Parse(rest[1], CultureInfo.InvariantCulture), double.Parse(rest[2], CultureInfo.InvariantCulture)));
            }
            return rows;
        }
        catch (Exception e) when (e is IOException or FormatException or IndexOutOfRangeException or ArgumentOutOfRangeException or UnauthorizedAccessException) { return []; }
    }
}
