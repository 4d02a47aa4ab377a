using Bifurcations.Analysis;
using Bifurcations.Experiments.Simulations;
using OxyPlot;
using OxyPlot.Axes;
using OxyPlot.Series;

namespace Bifurcations.Experiments.Plotting;

/// <summary>
/// The simulated cascade beside its two predictions, side by side on one ᾱ scale: every memory's path (left) and every
/// group's path (middle: exact groups, right: class means) in (ᾱ_a, ᾱ_b), coloured by the class it ends as, with the
/// level-1 and level-2 splits marked where they happen.
/// </summary>
public static class CascadeFigure
{
    /// <summary>The three panels in (ᾱ of class <paramref name="x"/>, ᾱ of class <paramref name="y"/>), indices into the run's classes.</summary>
    public static PlotModel Build(CascadeRunResult r, int x, int y)
    {
        var o = r.Options;
        var plot = new PlotModel
        {
            Title = FormattableString.Invariant($"Cascade of {string.Join("/", o.Classes)}, n = {o.Exponent:G3}, T_r = {o.ReducedTemperature:G3}, seed {o.Seed}: simulation | exact groups | class means (from epoch {r.SeedEpoch})"),
            TitleFontSize = 12,
        };
        plot.Axes.Add(new LinearAxis { Position = AxisPosition.Left, Title = $"ᾱ_{{{o.Classes[y]}}}", Minimum = -0.15, Maximum = 1.05 });
        var panels = new (string Name, IReadOnlyList<AlphaSnapshot> Records, int[] Final, IEnumerable<int> Drawn, IReadOnlyList<SplitLevel> Levels)[]
        {
            ("simulation", r.Records, r.FinalClass, Enumerable.Range(0, r.FinalClass.Length), r.Observed),
            (FormattableString.Invariant($"exact groups ({r.Exact.FinalClassAgreement:P0} end right)"), r.Exact.Prediction.Records, r.Exact.Prediction.FinalClass, r.Exact.Prediction.Representatives(), r.Exact.Levels),
            (FormattableString.Invariant($"class means ({r.ClassMean.FinalClassAgreement:P0} end right)"), r.ClassMean.Prediction.Records, r.ClassMean.Prediction.FinalClass, r.ClassMean.Prediction.Representatives(), r.ClassMean.Levels),
        };
        var named = new HashSet<int>();
        for (int p = 0; p < panels.Length; p++)
        {
            var (name, records, final, drawn, levels) = panels[p];
            string key = $"x{p}";
            plot.Axes.Add(new LinearAxis
            {
                Position = AxisPosition.Bottom,
                Key = key,
                StartPosition = p / 3.0 + (p > 0 ? 0.02 : 0),
                EndPosition = (p + 1) / 3.0 - (p < 2 ? 0.02 : 0),
                Title = $"ᾱ_{{{o.Classes[x]}}}: {name}",
                Minimum = -0.15,
                Maximum = 1.05,
            });
            foreach (int mu in drawn.OrderBy(mu => final[mu]))
            {
                int c = final[mu];
                var line = new KeyedLineSeries
                {
                    XAxisKey = key,
                    Color = OxyColor.FromAColor(140, Palettes.Classes[c]),
                    StrokeThickness = p == 0 ? 0.7 : 1.6,
                    Title = named.Add(c) ? $"ends as {c}" : null,
                };
                foreach (var rec in records) line.Points.Add(new DataPoint(rec.AlphaBar[mu][x], rec.AlphaBar[mu][y]));
                plot.Series.Add(line);
            }
            foreach (int level in new[] { 1, 2 })
            {
                var marks = new ScatterSeries
                {
                    XAxisKey = key,
                    MarkerType = level == 1 ? MarkerType.Diamond : MarkerType.Triangle,
                    MarkerSize = 6,
                    MarkerFill = OxyColors.Black,
                    Title = p == 0 ? $"level-{level} split" : null,
                };
                foreach (var l in levels.Where(l => l.Level == level)) marks.Points.Add(new ScatterPoint(l.Location[x], l.Location[y]));
                if (marks.Points.Count > 0) plot.Series.Add(marks);
            }
        }
        plot.Legends.Add(new OxyPlot.Legends.Legend { LegendPosition = OxyPlot.Legends.LegendPosition.TopRight, LegendFontSize = 10 });
        return plot;
    }

}
