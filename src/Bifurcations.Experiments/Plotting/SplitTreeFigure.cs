using System.Globalization;
using Bifurcations.Analysis;
using Bifurcations.Experiments.Simulations;
using Bifurcations.Reduced;
using OxyPlot;
using OxyPlot.Annotations;
using OxyPlot.Axes;
using OxyPlot.Series;

namespace Bifurcations.Experiments.Plotting;

/// <summary>
/// The predicted split tree as a dendrogram in the order of the splits (the model's time scale is not the
/// simulation's: only the order and the places are compared), each split labelled with the class its mode
/// moves against the others and its ᾱ location, each leaf with the class it ends as; the observed splits of
/// a simulation, if given, are listed below in the same order.
/// </summary>
public static class SplitTreeFigure
{
    /// <summary>The predicted split tree as a dendrogram in split order, with the observed splits (if given) listed below.</summary>
    public static PlotModel Build(SplitTree tree, IReadOnlyList<ObservedSplit>? observed = null)
    {
        var plot = new PlotModel
        {
            Title = FormattableString.Invariant($"Split tree, n = {tree.Exponent:G3}, T_{{r}} = {tree.ReducedTemperature:G3}: predicted (top) and observed (bottom)"),
            TitleFontSize = 13,
        };
        var splits = tree.Splits;
        int leaves = tree.Root.Descendants().Count(d => d.Children.Count == 0);
        int rows = observed?.Count ?? 0;
        plot.Axes.Add(new LinearAxis { Position = AxisPosition.Bottom, Title = "split number", Minimum = 0, Maximum = Math.Max(splits.Count, rows) + 2.5, MajorStep = 1, MinorStep = 1 });
        plot.Axes.Add(new LinearAxis { Position = AxisPosition.Left, IsAxisVisible = false, Minimum = -rows - 0.5, Maximum = 0.8 * leaves + 0.5 });
        // Split nodes numbered in the order of SplitTree.Splits (by time).
        var rank = tree.Root.Descendants().Where(d => d.Split is not null).OrderBy(d => d.Time)
            .Select((d, i) => (d, i)).ToDictionary<(SplitTreeNode d, int i), SplitTreeNode, double>(x => x.d, x => x.i + 1.0, ReferenceEqualityComparer.Instance);
        double Rank(SplitTreeNode node) => rank[node];
        double end = splits.Count + 1;
        double slot = 0;
        Draw(plot, tree.Root, tree.Classes, Rank, end, 0, ref slot);
        if (observed is { Count: > 0 })
        {
            double y = -0.3;
            foreach (var (s, i) in observed.Select((s, i) => (s, i)))
            {
                double x = i + 1;
                var line = new LineSeries { Color = OxyColors.DimGray, StrokeThickness = 2 };
                line.Points.Add(new DataPoint(x, y + 0.25)); line.Points.Add(new DataPoint(x, y - 0.25));
                plot.Series.Add(line);
                plot.Annotations.Add(new TextAnnotation
                {
                    Text = FormattableString.Invariant($"observed, epoch {s.Epoch}: {s.Describe()} at ᾱ = ({Join(s.Location)})"),
                    TextPosition = new DataPoint(x, y),
                    TextVerticalAlignment = VerticalAlignment.Middle,
                    TextHorizontalAlignment = HorizontalAlignment.Left,
                    Stroke = OxyColors.Transparent,
                    FontSize = 11,
                });
                y -= 1;
            }
        }
        return plot;
    }

    static double Draw(PlotModel plot, SplitTreeNode node, int[] classes, Func<SplitTreeNode, double> rank, double end, double born, ref double slot)
    {
        double x1 = node.Children.Count == 0 ? end + 1.4 : rank(node);
        double y;
        if (node.Children.Count == 0)
        {
            y = 0.8 * slot++ + 0.4;
            plot.Annotations.Add(new TextAnnotation
            {
                Text = FormattableString.Invariant($"ends as {string.Join(",", node.EndClasses(classes))} ({node.Copies} memories)"),
                TextPosition = new DataPoint(x1, y),
                TextHorizontalAlignment = HorizontalAlignment.Right,
                TextVerticalAlignment = VerticalAlignment.Bottom,
                Stroke = OxyColors.Transparent,
                FontSize = 11,
            });
        }
        else
        {
            double a = Draw(plot, node.Children[0], classes, rank, end, x1, ref slot);
            double b = Draw(plot, node.Children[1], classes, rank, end, x1, ref slot);
            y = (a + b) / 2;
            var joint = new LineSeries { Color = OxyColors.Black, StrokeThickness = 2 };
            joint.Points.Add(new DataPoint(x1, a)); joint.Points.Add(new DataPoint(x1, b));
            plot.Series.Add(joint);
            plot.Annotations.Add(new TextAnnotation
            {
                Text = FormattableString.Invariant($"{node.Split!.SplitsOff(classes)} against the others at ᾱ = ({Join(node.Alpha)}), rate {node.Split!.Rate:G3}"),
                TextPosition = new DataPoint(x1, y),
                TextHorizontalAlignment = HorizontalAlignment.Left,
                FontSize = 11,
                // A label can sit on another group's branch: a white box keeps it readable instead of struck through.
                Stroke = OxyColors.Transparent,
                Background = OxyColor.FromAColor(235, OxyColors.White),
                Padding = new OxyThickness(3, 1, 3, 1),
            });
        }
        // The group's own segment: from its birth (its parent's split) to its split or the end.
        var own = new LineSeries { Color = OxyColors.Black, StrokeThickness = 2 };
        own.Points.Add(new DataPoint(born, y)); own.Points.Add(new DataPoint(x1, y));
        plot.Series.Add(own);
        return y;
    }

    static string Join(double[] v) => string.Join(", ", v.Select(x => x.ToString("F2", CultureInfo.InvariantCulture)));
}
