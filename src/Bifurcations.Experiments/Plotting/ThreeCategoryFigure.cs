using Bifurcations.Linearization;
using Bifurcations.Reduced;
using OxyPlot;
using OxyPlot.Annotations;
using OxyPlot.Axes;
using OxyPlot.Legends;
using OxyPlot.Series;

namespace Bifurcations.Experiments.Plotting;

/// <summary>
/// The three-category system against the swept parameter: α of each class along every continued branch (thin: solid
/// where the symmetric flow is stable, dotted on its saddle stretches), the points where the memories gather swept up
/// (filled) and down (open), red rings where they would split (a mode of difference grows), and grey lines at the
/// located folds where a sweep jumps.
/// </summary>
public static class ThreeCategoryFigure
{
    /// <summary>The three-category diagram against its parameter.</summary>
    public static PlotModel Build(ThreeCategoryDiagram d, int[] classes, Model.NetworkParameters network)
    {
        string held = d.Parameter.Kind == PairParameterKind.Exponent ? FormattableString.Invariant($"T_{{r}} = {network.ReducedTemperature:G3}") : FormattableString.Invariant($"n = {network.Exponent:G3}");
        var plot = new PlotModel { Title = $"Three categories {string.Join(", ", classes)}: where the memories gather against {d.Parameter.Name} ({held})", TitleFontSize = 13 };
        plot.Legends.Add(new Legend { LegendPosition = LegendPosition.RightTop, LegendPlacement = LegendPlacement.Outside });
        plot.Axes.Add(new LinearAxis { Position = AxisPosition.Bottom, Title = d.Parameter.Name });
        plot.Axes.Add(new LinearAxis { Position = AxisPosition.Left, Title = "α of the class representative" });
        for (int c = 0; c < 3; c++)
        {
            bool first = true;
            foreach (var b in d.Branches)
                foreach (var run in Runs(b.Points))
                {
                    var line = new LineSeries
                    {
                        Color = OxyColor.FromAColor(160, Palettes.Classes[classes[c]]),
                        StrokeThickness = 1.2,
                        LineStyle = run[0].Stability == Stability.Stable ? LineStyle.Solid : LineStyle.Dot
                    };
                    if (first) { line.Title = $"α_{{{classes[c]}}} along the branches (dotted: saddle)"; first = false; }
                    line.Points.AddRange(run.Select(p => new DataPoint(p.Parameter, p.Alpha[c])));
                    plot.Series.Add(line);
                }
        }
        var splits = new ScatterSeries { Title = "memories split here", MarkerType = MarkerType.Circle, MarkerSize = 6, MarkerFill = OxyColors.Undefined, MarkerStroke = OxyColors.Red, MarkerStrokeThickness = 1.5 };
        foreach (var sweep in new[] { d.Up, d.Down })
        {
            for (int c = 0; c < 3; c++)
            {
                // Up: small filled circles; down: larger open squares, so that the two sweeps stay apart where they agree.
                var gathered = new ScatterSeries
                {
                    Title = $"α_{{{classes[c]}}} where they gather ({d.Parameter.Name} {(sweep.Upwards ? "up" : "down")})",
                    MarkerType = sweep.Upwards ? MarkerType.Circle : MarkerType.Square,
                    MarkerSize = sweep.Upwards ? 2.5 : 5,
                    MarkerFill = sweep.Upwards ? Palettes.Classes[classes[c]] : OxyColors.Undefined,
                    MarkerStroke = Palettes.Classes[classes[c]],
                    MarkerStrokeThickness = 1.2,
                };
                foreach (var p in sweep.Points)
                {
                    gathered.Points.Add(new ScatterPoint(p.Parameter, p.Alpha[c]));
                    if (p.SplitRate is > 0) splits.Points.Add(new ScatterPoint(p.Parameter, p.Alpha[c]));
                }
                plot.Series.Add(gathered);
            }
            foreach (var j in sweep.Jumps)
                plot.Annotations.Add(new LineAnnotation
                {
                    Type = LineAnnotationType.Vertical,
                    X = j.Parameter,
                    Color = OxyColors.Gray,
                    LineStyle = LineStyle.Dot,
                    Text = FormattableString.Invariant($"jump {(sweep.Upwards ? "up" : "down")} at {j.Parameter:G5}{(j.Located ? "" : " (not located)")}")
                });
        }
        if (splits.Points.Count > 0) plot.Series.Add(splits);
        return plot;
    }

    /// <summary>The branch cut where its stability changes, so each stretch is drawn in its own style.</summary>
    static IEnumerable<List<SpanBranchPoint>> Runs(IReadOnlyList<SpanBranchPoint> points)
    {
        var run = new List<SpanBranchPoint>();
        foreach (var p in points)
        {
            if (run.Count > 0 && (run[^1].Stability == Stability.Stable) != (p.Stability == Stability.Stable))
            {
                run.Add(p);
                yield return run;
                run = [p];
                continue;
            }
            run.Add(p);
        }
        if (run.Count > 1) yield return run;
    }
}
