using Bifurcations.Model;
using Bifurcations.Reduced;

namespace Bifurcations.Experiments.Sweeps;

/// <summary>One temperature row of the intra map: where the simulated jump happens and where the line says.</summary>
public sealed record RowAgreement(double Temperature, double? SimulatedN, double? PredictedN)
{
    /// <summary>|simulated − predicted| jump in n along this row, where both exist.</summary>
    public double? DeltaN => SimulatedN is { } s && PredictedN is { } p ? Math.Abs(s - p) : null;
}

/// <summary>The measured agreement between a simulated phase diagram and the transition line.</summary>
public sealed record Agreement(IReadOnlyList<RowAgreement> Rows, double? MeanDeltaN, double? MaxDeltaN, double? MeanDeltaTr, double? MaxDeltaTr,
    double Threshold, double? LargestNeighbourChange);

/// <summary>
/// Measures a phase diagram against T_c(n). Intra: for each temperature row, the n at which the dominant
/// coefficient rises through <see cref="Agreement.Threshold"/> into the prototype region (see
/// <see cref="Boundary"/>; linear interpolation between grid points), against the n where T_c(n) = T; the
/// same distance is also measured in T_r along each column.
/// Inter: the largest change of a memory's minor coefficient between neighbouring cells (a smooth map
/// changes little).
/// </summary>
public static class PhaseAnalysis
{
    /// <summary>
    /// The dominant α that marks the jump to a prototype: the mixture sits at 0.50–0.53, so 0.55 is just above it (with
    /// 0.75 the simulated jump lags the line, as runs are still moving at 10 000 epochs).
    /// </summary>
    public const double JumpThreshold = 0.55;

    /// <summary>How far the simulated jump (the dominant α rising through <paramref name="threshold"/>) lies from T_c(n), along rows and columns; for the inter case, the largest change between neighbouring cells.</summary>
    public static Agreement Measure(PhaseSettings s, IReadOnlyList<PhaseRun> runs, GramPair gram, double threshold = JumpThreshold)
    {
        var byCell = runs.ToDictionary(r => (r.N, r.Temperature));
        double gab = gram.AB, gaa = gram.AA;
        if (s.Case == PhaseCase.Inter)
        {
            double largest = 0;
            foreach (var r in runs)
                foreach (var (dn, dt) in new[] { (s.NStep, 0.0), (0.0, s.TStep) })
                    if (byCell.TryGetValue((Math.Round(r.N + dn, 10), Math.Round(r.Temperature + dt, 10)), out var q))
                        for (int mu = 0; mu < r.AlphaA.Length; mu++)
                            largest = Math.Max(largest, Math.Max(Math.Abs(Minor(r, mu) - Minor(q, mu)), 0));
            return new Agreement([], null, null, null, null, threshold, largest);
        }
        var rows = new List<RowAgreement>();
        foreach (var t in s.Temperatures)
        {
            var line = s.Ns.Where(n => byCell.ContainsKey((n, t))).Select(n => byCell[(n, t)]).ToArray();
            double? simulated = Boundary(line.Select(r => (r.N, r.Dominant - threshold)).ToArray());
            rows.Add(new RowAgreement(t, simulated, TransitionLine.ExponentAt(gaa, gab, t, s.NFrom, s.NTo)));
        }
        var deltas = rows.Where(r => r.DeltaN is not null).Select(r => r.DeltaN!.Value).ToArray();
        // In T_r: along each column, where the dominant α crosses the threshold in T, against T_c(n)/784.
        var dtr = new List<double>();
        foreach (var n in s.Ns)
        {
            var column = s.Temperatures.Where(t => byCell.ContainsKey((n, t))).Select(t => byCell[(n, t)]).ToArray();
            if (Boundary(column.Select(r => (r.Temperature, r.Dominant - threshold)).ToArray()) is { } t)
                dtr.Add(Math.Abs(t - TransitionLine.Temperature(gaa, gab, n)) / NetworkParameters.PixelCount);
        }
        return new Agreement(rows, deltas.Length > 0 ? deltas.Average() : null, deltas.Length > 0 ? deltas.Max() : null,
            dtr.Count > 0 ? dtr.Average() : null, dtr.Count > 0 ? dtr.Max() : null, threshold, null);
    }

    /// <summary>
    /// The edge of the prototype region that reaches the high end of a line of cells (large n or high T,
    /// where the paper's prototypes are): walking down from the top, the first cell below the threshold,
    /// interpolated with the one above it. Null if the top cell is not a prototype or nothing falls below.
    /// A second, low-temperature region where α drifts above ½ is thereby not mistaken for the jump.
    /// </summary>
    static double? Boundary((double X, double Excess)[] cells)
    {
        if (cells.Length < 2 || !(cells[^1].Excess > 0)) return null;
        for (int i = cells.Length - 2; i >= 0; i--)
            if (cells[i].Excess <= 0)
            {
                var (lo, hi) = (cells[i], cells[i + 1]);
                return lo.X + (hi.X - lo.X) * (-lo.Excess / (hi.Excess - lo.Excess));
            }
        return null;
    }

    /// <summary>The coefficient of the sample a memory did not start from (inter: memory 0 on B, memory 1 on A).</summary>
    public static double Minor(PhaseRun r, int memory) => memory == 0 ? r.AlphaB[0] : r.AlphaA[1];
}
