using Bifurcations.Reduced;

namespace Bifurcations.Experiments.IO;

/// <summary>A trajectory of the pair system as CSV (t, alpha, ell), thinned to a size a spreadsheet opens.</summary>
public static class TrajectoryFile
{
    /// <summary>Writes at most about <paramref name="maxRows"/> evenly spaced rows, the last point always included.</summary>
    public static void Write(Trajectory t, string path, int maxRows = 5000)
    {
        if (maxRows < 2) throw new InvalidParameterException($"maxRows = {maxRows} is invalid: at least 2 rows are needed");
        int stride = Math.Max(1, t.Time.Length / maxRows);
        CsvOutput.Write(path, ["t", "alpha", "ell"], Enumerable.Range(0, t.Time.Length).Where(k => k % stride == 0 || k == t.Time.Length - 1)
            .Select(k => new object[] { t.Time[k], t.Alpha[k], t.Ell[k] }));
    }
}
