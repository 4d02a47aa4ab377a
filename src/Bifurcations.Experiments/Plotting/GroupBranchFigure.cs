using Bifurcations.Experiments.Artifacts;
using Bifurcations.Linearization;
using OxyPlot;
using OxyPlot.Annotations;
using OxyPlot.Axes;
using OxyPlot.Legends;
using OxyPlot.Series;

namespace Bifurcations.Experiments.Plotting;

/// <summary>
/// The exact group system against its parameter, in three stacked panels sharing the parameter axis:
/// <list type="bullet">
/// <item>top: ᾱ of each class on the branch of K identical memories (solid where they stay together, dashed where a mode
/// of difference grows and they come apart; thin dotted where the symmetric system itself is a saddle);</item>
/// <item>middle: each split branch as the bifurcation diagram of its amplitude, ᾱ_A − ᾱ_B of the class the breaking mode
/// moves most (0 is the symmetric branch; solid stable, dotted saddle): a pitchfork is symmetric about 0, a transcritical
/// branch crosses it at an angle;</item>
/// <item>bottom: the rate of difference, with its zero.</item>
/// </list>
/// Red lines mark the symmetry-breaking points, light grey ones the kinks the branch was carried across.
/// </summary>
public static class GroupBranchFigure
{
    // Not the class colours of the top panel: a split branch is not a class.
    static readonly OxyColor[] SplitColors = [OxyColors.Black, OxyColor.FromRgb(0xc2, 0x18, 0x5b), OxyColor.FromRgb(0x45, 0x5a, 0x64), OxyColor.FromRgb(0x00, 0x96, 0x88)];

    /// <summary>The figure of a computed <see cref="GroupBranches"/>.</summary>
    public static PlotModel Build(GroupBranches g)
    {
        var (o, b) = (g.Options, g.Branch);
        string name = o.Parameter.Name;
        string held = o.Parameter.Kind == Reduced.PairParameterKind.Exponent ? FormattableString.Invariant($"T_{{r}} = {o.Network.ReducedTemperature:G3}") : FormattableString.Invariant($"n = {o.Network.Exponent:G3}");
        var plot = new PlotModel { Title = $"Exact groups on {o.Digits.Count} digits of {string.Join(", ", o.Classes)}: {o.Copies} identical memories against {name} ({held})", TitleFontSize = 13 };
        plot.Legends.Add(new Legend { LegendPosition = LegendPosition.RightTop, LegendPlacement = LegendPlacement.Outside, LegendFontSize = 10 });
        plot.Axes.Add(new LinearAxis { Position = AxisPosition.Bottom, Title = name, Minimum = Math.Min(o.From, o.To), Maximum = Math.Max(o.From, o.To) });
        plot.Axes.Add(new LinearAxis { Position = AxisPosition.Left, Key = "alpha", Title = "ᾱ (class sums)", StartPosition = 0.70, EndPosition = 1 });
        plot.Axes.Add(new LinearAxis { Position = AxisPosition.Left, Key = "split", Title = "ᾱ_A − ᾱ_B", StartPosition = 0.36, EndPosition = 0.64 });
        // The rate's zero is where identical memories stop (or start) coming apart: always on the axis.
        double lo = Math.Min(0, b.Points.Min(pt => pt.DifferenceRate)), hi = Math.Max(0, b.Points.Max(pt => pt.DifferenceRate)), pad = 0.05 * (hi - lo);
        plot.Axes.Add(new LinearAxis { Position = AxisPosition.Left, Key = "rate", Title = "rate of difference", StartPosition = 0, EndPosition = 0.30, Minimum = lo - pad, Maximum = hi + pad });

        for (int c = 0; c < o.Classes.Length; c++)
        {
            var color = Palettes.Classes[o.Classes[c]];
            bool first = true;
            foreach (var (run, style) in Runs(b.Points, i => (b.Points[i].Stability == Stability.Stable ? 0 : 2) + (b.Points[i].DifferenceRate > 0 ? 1 : 0)))
            {
                var (saddle, apart) = (style >= 2, style % 2 == 1);
                var line = new LineSeries
                {
                    YAxisKey = "alpha",
                    Color = color,
                    StrokeThickness = saddle ? 1 : 2,
                    LineStyle = saddle ? LineStyle.Dot : apart ? LineStyle.Dash : LineStyle.Solid,
                };
                if (first) { line.Title = $"ᾱ_{{{o.Classes[c]}}} (dashed: memories come apart)"; first = false; }
                line.Points.AddRange(run.Select(pt => new DataPoint(pt.Parameter, pt.ClassAlpha[c])));
                plot.Series.Add(line);
            }
        }

        var zero = new LineSeries { YAxisKey = "split", Color = OxyColors.Gray, StrokeThickness = 1, Title = "symmetric branch (A = B)" };
        zero.Points.AddRange([new DataPoint(b.Points.Min(p => p.Parameter), 0), new DataPoint(b.Points.Max(p => p.Parameter), 0)]);
        plot.Series.Add(zero);
        for (int s = 0; s < g.Splits.Count; s++)
        {
            var (i, sp) = g.Splits[s];
            var mode = b.SymmetryBreaking[i].Mode!;
            var direction = g.ClassDirection(mode);
            int c = Enumerable.Range(0, direction.Length).MaxBy(k => Math.Abs(direction[k]));
            bool first = true;
            if (sp.Points.Count < 2) continue;
            // The breaking point's own stability is marginal (an eigenvalue at 0, read as noise): the stretch up to it is
            // drawn in the style of the point before, the stretch after it in the style of the point after.
            double at = b.SymmetryBreaking[i].Parameter;
            int Style(int k) => sp.Points[k].Parameter == at && k > 0 ? Style(k - 1) : sp.Points[k].Stability == Stability.Stable ? 0 : 1;
            foreach (var (run, style) in Runs(sp.Points, Style))
            {
                var line = new LineSeries
                {
                    YAxisKey = "split",
                    Color = SplitColors[s % SplitColors.Length],
                    StrokeThickness = 1.6,
                    LineStyle = style == 0 ? LineStyle.Solid : LineStyle.Dot,
                };
                if (first) { line.Title = $"split {sp.CopiesA}+{sp.CopiesB}: ᾱ_{{{o.Classes[c]}}} of A − B (dotted: saddle)"; first = false; }
                line.Points.AddRange(run.Select(pt => new DataPoint(pt.Parameter, pt.ClassAlphaA[c] - pt.ClassAlphaB[c])));
                plot.Series.Add(line);
            }
        }

        if (g.Splits.Count == 0)
            plot.Annotations.Add(new TextAnnotation
            {
                YAxisKey = "split",
                TextPosition = new DataPoint((o.From + o.To) / 2, 0),
                Text = b.SymmetryBreaking.Count == 0 ? "no symmetry-breaking point on this range: no split branch" : "no split branch followed",
                Stroke = OxyColors.Undefined,
                TextVerticalAlignment = VerticalAlignment.Bottom,
            });
        foreach (var kink in b.Kinks)
            plot.Annotations.Add(new LineAnnotation { Type = LineAnnotationType.Vertical, X = kink.From, YAxisKey = "alpha", Color = OxyColors.LightGray, LineStyle = LineStyle.Dot });

        var rate = new LineSeries { YAxisKey = "rate", Color = OxyColors.Black, StrokeThickness = 1.5, Title = "rate of difference (per unit time)", MarkerType = MarkerType.Circle, MarkerSize = 1.5 };
        rate.Points.AddRange(b.Points.Select(pt => new DataPoint(pt.Parameter, pt.DifferenceRate)));
        plot.Series.Add(rate);
        plot.Annotations.Add(new LineAnnotation { Type = LineAnnotationType.Horizontal, Y = 0, YAxisKey = "rate", Color = OxyColors.Gray, LineStyle = LineStyle.Dash });
        foreach (var s in b.SymmetryBreaking)
            foreach (var key in new[] { "alpha", "split", "rate" })
                plot.Annotations.Add(new LineAnnotation
                {
                    Type = LineAnnotationType.Vertical,
                    X = s.Parameter,
                    YAxisKey = key,
                    Color = OxyColors.Red,
                    LineStyle = s.AcrossKink ? LineStyle.Dot : LineStyle.Dash,
                    Text = key == "alpha" ? FormattableString.Invariant($"{(s.AcrossKink ? "sign change across a kink" : "breaking")} at {s.Parameter:G6}") : null,
                });
        return plot;
    }

    /// <summary>The points cut where their style changes, each run sharing its last point with the next so the line is unbroken.</summary>
    static IEnumerable<(List<T> Points, int Style)> Runs<T>(IReadOnlyList<T> points, Func<int, int> style)
    {
        var run = new List<T>();
        for (int k = 0; k < points.Count; k++)
        {
            if (run.Count > 0 && style(k - 1) != style(k))
            {
                yield return (run, style(k - 1));
                run = [run[^1]];
            }
            run.Add(points[k]);
        }
        if (run.Count > 1) yield return (run, style(points.Count - 1));
    }
}
