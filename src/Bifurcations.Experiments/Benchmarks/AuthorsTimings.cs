using System.Globalization;

namespace Bifurcations.Experiments.Benchmarks;

/// <summary>
/// The authors' numpy trainer timed on this machine: the table <c>tools/time-authors-trainer.py --csv</c> writes (K, P,
/// epochs, fastest_ms, median_ms, median_ms_per_digit). Their trainer handles one digit at a time, so its cost is linear
/// in P (docs/performance.md): a shape timed at the same K and another P is scaled by its cost per digit.
/// </summary>
public sealed class AuthorsTimings
{
    readonly List<(int K, int P, double MedianMs)> _rows;

    /// <summary>Where the timings came from, for the table's notes.</summary>
    public string Source { get; }

    AuthorsTimings(List<(int, int, double)> rows, string source) => (_rows, Source) = (rows, source);

    /// <summary>The fixed cost measured before these were timed: 0.45 ms per digit at K = 100 (AMD machine, 2026).</summary>
    public static AuthorsTimings Default { get; } = new([(100, 1, ScalingBenchmark.AuthorsMsPerDigitAtK100)], "0.45 ms per digit at K = 100, measured on the AMD machine");

    /// <summary>The authors' median ms per epoch at K memories and P digits: timed there, or scaled from the same K; null if K was not timed.</summary>
    public double? MsPerEpoch(int k, int p)
    {
        foreach (var row in _rows)
            if (row.K == k && row.P == p) return row.MedianMs;
        var perDigit = _rows.Where(r => r.K == k).Select(r => r.MedianMs / r.P).ToArray();
        if (perDigit.Length == 0) return null;
        Array.Sort(perDigit);
        int half = perDigit.Length / 2;
        double median = perDigit.Length % 2 == 1 ? perDigit[half] : (perDigit[half - 1] + perDigit[half]) / 2;
        return median * p;
    }

    /// <summary>Reads the tool's CSV; a missing file or a malformed line is a one-line error naming it.</summary>
    public static AuthorsTimings Read(string path)
    {
        if (Directory.Exists(path)) throw new DataException($"{path} is a folder: give the CSV file tools/time-authors-trainer.py --csv wrote");
        if (!File.Exists(path)) throw new DataException($"{path}: no such file (write it with tools/time-authors-trainer.py --csv)");
        var lines = File.ReadAllLines(path);
        if (lines.Length == 0 || lines[0].Trim() != "K,P,epochs,fastest_ms,median_ms,median_ms_per_digit")
            throw new DataException($"{path}: not a table of tools/time-authors-trainer.py (its header is K,P,epochs,fastest_ms,median_ms,median_ms_per_digit)");
        var rows = new List<(int, int, double)>();
        for (int i = 1; i < lines.Length; i++)
        {
            if (lines[i].Trim().Length == 0) continue;
            var cells = lines[i].Split(',');
            static bool Whole(string s, out int v) => int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out v) && v >= 1;
            static bool Positive(string s) => double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && v > 0 && double.IsFinite(v);
            if (cells.Length != 6 || !Whole(cells[0], out int k) || !Whole(cells[1], out int p) || !Whole(cells[2], out _) || !cells.Skip(3).All(Positive))
                throw new DataException($"{path}, line {i + 1}: '{lines[i]}' is not K,P,epochs,fastest_ms,median_ms,median_ms_per_digit with whole K, P, epochs ≥ 1 and positive times");
            rows.Add((k, p, double.Parse(cells[4], CultureInfo.InvariantCulture)));
        }
        if (rows.Count == 0) throw new DataException($"{path}: no timings in it");
        return new AuthorsTimings(rows, $"timed on this machine ({Path.GetFileName(path)}; scaled per digit where P differs)");
    }
}
