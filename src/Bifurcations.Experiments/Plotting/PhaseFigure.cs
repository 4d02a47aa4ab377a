using Bifurcations.Data;
using Bifurcations.Experiments.Sweeps;
using Bifurcations.Model;
using Bifurcations.Reduced;
using OxyPlot;
using OxyPlot.Axes;
using OxyPlot.Legends;
using OxyPlot.Series;

namespace Bifurcations.Experiments.Plotting;

/// <summary>Paper Fig. 6: maps of the final coefficients over (n, T_r) with the transition lines, α(n) cuts, memory thumbnails.</summary>
public static class PhaseFigure
{
    /// <summary>A map of <paramref name="value"/> over the grid, with T_{c}(n) (closed form) and, if given, the exact equal-cost line.</summary>
    public static PlotModel Map(PhaseSettings s, IReadOnlyList<PhaseRun> runs, Func<PhaseRun, double> value, string title,
        GramPair gram, IReadOnlyList<TransitionRow>? lines = null)
    {
        var ns = s.Ns; var ts = s.Temperatures;
        var data = new double[ns.Count, ts.Count];
        for (int i = 0; i < ns.Count; i++) for (int j = 0; j < ts.Count; j++) data[i, j] = double.NaN;
        var index = runs.ToDictionary(r => (r.N, r.Temperature));
        for (int i = 0; i < ns.Count; i++)
            for (int j = 0; j < ts.Count; j++)
                if (index.TryGetValue((ns[i], ts[j]), out var r)) data[i, j] = value(r);
        var plot = new PlotModel { Title = title, TitleFontSize = 13 };
        plot.Legends.Add(new Legend { LegendPosition = LegendPosition.TopLeft, LegendPlacement = LegendPlacement.Inside, LegendBackground = OxyColor.FromAColor(200, OxyColors.White) });
        plot.Axes.Add(new LinearColorAxis { Position = AxisPosition.Right, Palette = OxyPalettes.Viridis(200), Title = "α" });
        plot.Axes.Add(new LinearAxis { Position = AxisPosition.Bottom, Title = "n", Minimum = ns[0] - 0.5, Maximum = ns[^1] + 0.5 });
        double tr0 = ts[0] / NetworkParameters.PixelCount, tr1 = ts[^1] / NetworkParameters.PixelCount, half = s.TStep / NetworkParameters.PixelCount / 2;
        plot.Axes.Add(new LinearAxis { Position = AxisPosition.Left, Title = "T_{r} = T / 784", Minimum = tr0 - half, Maximum = tr1 + half });
        plot.Series.Add(new HeatMapSeries { X0 = ns[0], X1 = ns[^1], Y0 = tr0, Y1 = tr1, Data = data, Interpolate = false, RenderMethod = HeatMapRenderMethod.Rectangles });
        var closed = new LineSeries { Title = "T_{c}(n), closed form", Color = OxyColors.White, StrokeThickness = 2.5 };
        foreach (var (n, tr) in TransitionLine.Reduced(gram, ns[0], ns[^1]))
            if (tr >= tr0 - half && tr <= tr1 + half) closed.Points.Add(new DataPoint(n, tr));
        plot.Series.Add(closed);
        if (lines is not null)
        {
            var exact = new LineSeries { Title = "exact equal-cost line", Color = OxyColors.Red, LineStyle = LineStyle.Dash, StrokeThickness = 2 };
            foreach (var row in lines)
                if (row.EqualCost is { } e && e / NetworkParameters.PixelCount >= tr0 - half && e / NetworkParameters.PixelCount <= tr1 + half) exact.Points.Add(new DataPoint(row.N, e / NetworkParameters.PixelCount));
            // The inter case has no equal-cost line, and the line may leave the grid: no key for a line not drawn.
            if (exact.Points.Count > 1) plot.Series.Add(exact);
        }
        return plot;
    }

    /// <summary>α(n) at three temperatures (lowest, middle, highest of the grid).</summary>
    public static PlotModel Cuts(PhaseSettings s, IReadOnlyList<PhaseRun> runs, Func<PhaseRun, double> value, string what)
    {
        var ts = s.Temperatures;
        var chosen = new[] { ts[0], ts[ts.Count / 2], ts[^1] }.Distinct();
        var plot = new PlotModel { Title = $"{what} against n", TitleFontSize = 13 };
        plot.Legends.Add(new Legend { LegendPosition = LegendPosition.RightTop, LegendPlacement = LegendPlacement.Outside });
        plot.Axes.Add(new LinearAxis { Position = AxisPosition.Bottom, Title = "n" });
        plot.Axes.Add(new LinearAxis { Position = AxisPosition.Left, Title = what });
        int k = 0;
        foreach (var t in chosen)
        {
            var line = new LineSeries { Title = FormattableString.Invariant($"T = {t:G4} (T_{{r}} = {t / 784:F3})"), Color = Palettes.Classes[k++], MarkerType = MarkerType.Circle, MarkerSize = 3 };
            foreach (var r in runs.Where(r => r.Temperature == t).OrderBy(r => r.N)) line.Points.Add(new DataPoint(r.N, value(r)));
            plot.Series.Add(line);
        }
        return plot;
    }

    /// <summary>Memory 0 of every run drawn as a 28×28 tile, reconstructed as α_A·A + α_B·B, rows = T (hottest on top), columns = n.</summary>
    public static DigitGridFigure.Figure Thumbnails(PhaseSettings s, IReadOnlyList<PhaseRun> runs, TrainingSet digits, string title)
    {
        var index = runs.ToDictionary(r => (r.N, r.Temperature));
        var tiles = new List<DigitTile>();
        foreach (var t in s.Temperatures.Reverse())
            foreach (var n in s.Ns)
            {
                var pixels = new double[digits.Dimension];
                if (index.TryGetValue((n, t), out var r))
                    for (int j = 0; j < pixels.Length; j++) pixels[j] = r.AlphaA[0] * digits.Sample(0)[j] + r.AlphaB[0] * digits.Sample(1)[j];
                tiles.Add(new DigitTile(pixels));
            }
        return DigitGridFigure.Build(tiles, s.Ns.Count, title);
    }
}
