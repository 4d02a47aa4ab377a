using Bifurcations.Linearization;
using Bifurcations.Reduced;
using OxyPlot;
using OxyPlot.Axes;
using OxyPlot.Legends;
using OxyPlot.Series;

namespace Bifurcations.Experiments.Plotting;

/// <summary>
/// The (α, ℓ) phase plane of the reduced system, as paper Fig. 5B: memory nullcline purple, label
/// nullcline orange, grey flow lines, stable fixed points green, saddles and unstable points red.
/// </summary>
public static class NullclineFigure
{
    static readonly OxyColor Memory = OxyColor.FromRgb(128, 60, 170), Label = OxyColor.FromRgb(240, 140, 20);
    static readonly OxyColor Stable = OxyColor.FromRgb(30, 150, 60), Unstable = OxyColor.FromRgb(210, 40, 40);

    /// <summary>The phase plane: both nullclines, the flow, and the fixed points by stability, in the given α and ℓ ranges.</summary>
    public static PlotModel Build(string title, IEnumerable<Nullcline> nullclines, IEnumerable<FixedPoint> points,
        IEnumerable<Trajectory> flow, (double From, double To) alpha, (double From, double To) ell)
    {
        var model = new PlotModel { Title = title, TitleFontSize = 13 };
        model.Legends.Add(new Legend { LegendPosition = LegendPosition.RightTop, LegendPlacement = LegendPlacement.Outside });
        model.Axes.Add(new LinearAxis { Position = AxisPosition.Bottom, Title = "α (coefficient of digit A)", Minimum = alpha.From, Maximum = alpha.To });
        model.Axes.Add(new LinearAxis { Position = AxisPosition.Left, Title = "ℓ (label)", Minimum = ell.From, Maximum = ell.To });
        bool first = true;
        foreach (var t in flow)
        {
            var s = new LineSeries { Color = OxyColor.FromAColor(110, OxyColors.Gray), StrokeThickness = 0.8, Title = first ? "flow" : null };
            for (int k = 0; k < t.Alpha.Length; k++) s.Points.Add(new DataPoint(t.Alpha[k], t.Ell[k]));
            model.Series.Add(s);
            var end = new ScatterSeries { MarkerType = MarkerType.Triangle, MarkerSize = 2, MarkerFill = OxyColors.Gray };
            end.Points.Add(new ScatterPoint(t.Alpha[^1], t.Ell[^1]));
            model.Series.Add(end);
            first = false;
        }
        foreach (var nc in nullclines)
        {
            bool firstLine = true, firstRepelling = true;
            for (int k = 0; k < nc.Polylines.Count; k++)
            {
                bool repelling = nc.IsRepelling(k);
                string branchNote = nc.Branch == ManifoldBranch.Lower ? " (α_{B} = −1 + |α|)" : "";
                var s = new LineSeries
                {
                    Color = nc.Name == "memory" ? Memory : Label,
                    StrokeThickness = repelling ? 1.2 : 2,
                    // Repelling label states dotted: the label flows away from them.
                    LineStyle = repelling ? LineStyle.Dot : nc.Branch == ManifoldBranch.Upper ? LineStyle.Solid : LineStyle.Dash,
                    Title = repelling ? (firstRepelling ? $"label nullcline, repelling{branchNote}" : null)
                        : firstLine ? $"{nc.Name} nullcline{branchNote}" : null,
                };
                foreach (var (a, l) in nc.Polylines[k]) s.Points.Add(new DataPoint(a, l));
                model.Series.Add(s);
                if (repelling) firstRepelling = false; else firstLine = false;
            }
        }
        var stable = new ScatterSeries { Title = "stable", MarkerType = MarkerType.Circle, MarkerSize = 6, MarkerFill = Stable, MarkerStroke = OxyColors.Black };
        var unstable = new ScatterSeries { Title = "saddle / unstable", MarkerType = MarkerType.Circle, MarkerSize = 6, MarkerFill = Unstable, MarkerStroke = OxyColors.Black };
        foreach (var p in points)
            (p.Stability == Stability.Stable ? stable : unstable).Points.Add(new ScatterPoint(p.AlphaA, p.Ell));
        // Keys only for kinds present (n = 30 has no saddle).
        if (stable.Points.Count > 0) model.Series.Add(stable);
        if (unstable.Points.Count > 0) model.Series.Add(unstable);
        return model;
    }
}
