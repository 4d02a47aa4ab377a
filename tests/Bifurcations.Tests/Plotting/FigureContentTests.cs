using Bifurcations.Experiments.Plotting;
using Bifurcations.Experiments.Validation;
using Bifurcations.Reduced;
using OxyPlot;
using OxyPlot.Axes;
using OxyPlot.Series;

namespace Bifurcations.Tests.Plotting;

/// <summary>What a figure must show: its axis titles, how many series, and the box its data must lie in.</summary>
public sealed record FigureExpectation(string XTitle, string YTitle, int MinSeries, double XMin, double XMax, double YMin, double YMax);

/// <summary>The content of a figure's data: the extent of every drawn point (lines, markers, areas, heat maps).</summary>
public static class FigureData
{
    public static (double XMin, double XMax, double YMin, double YMax, int Points) Extent(PlotModel m)
    {
        double x0 = double.PositiveInfinity, x1 = double.NegativeInfinity, y0 = double.PositiveInfinity, y1 = double.NegativeInfinity;
        int count = 0;
        void Add(double x, double y)
        {
            if (!double.IsFinite(x) || !double.IsFinite(y)) return;
            (x0, x1, y0, y1) = (Math.Min(x0, x), Math.Max(x1, x), Math.Min(y0, y), Math.Max(y1, y));
            count++;
        }
        foreach (var s in m.Series)
            switch (s)
            {
                case AreaSeries a: foreach (var p in a.Points.Concat(a.Points2)) Add(p.X, p.Y); break;
                case DataPointSeries d: foreach (var p in d.Points) Add(p.X, p.Y); break;
                case ScatterSeries sc: foreach (var p in sc.Points) Add(p.X, p.Y); break;
                case HeatMapSeries h: Add(h.X0, h.Y0); Add(h.X1, h.Y1); break;
            }
        return (x0, x1, y0, y1, count);
    }

    public static string Title(PlotModel m, AxisPosition position) => m.Axes.FirstOrDefault(a => a.Position == position)?.Title ?? "";

    /// <summary>Asserts <paramref name="m"/> shows what <paramref name="e"/> says (<paramref name="name"/> names it in failures).</summary>
    public static void Check(string name, PlotModel m, FigureExpectation e)
    {
        Assert.True(Title(m, AxisPosition.Bottom).StartsWith(e.XTitle, StringComparison.Ordinal), $"{name}: x axis '{Title(m, AxisPosition.Bottom)}', expected '{e.XTitle}…'");
        Assert.True(Title(m, AxisPosition.Left).StartsWith(e.YTitle, StringComparison.Ordinal), $"{name}: y axis '{Title(m, AxisPosition.Left)}', expected '{e.YTitle}…'");
        Assert.True(m.Series.Count >= e.MinSeries, $"{name}: {m.Series.Count} series, expected at least {e.MinSeries}");
        var (x0, x1, y0, y1, points) = Extent(m);
        Assert.True(points > 0, $"{name}: no finite data point");
        // A continuation ends on a bound (n = 72, the clip ℓ = ±1) to its solver's tolerance: 1e-9 of the box's span.
        double dx = 1e-9 * (e.XMax - e.XMin), dy = 1e-9 * (e.YMax - e.YMin);
        Assert.True(x0 >= e.XMin - dx && x1 <= e.XMax + dx, $"{name}: x data in [{x0}, {x1}], outside [{e.XMin}, {e.XMax}]");
        Assert.True(y0 >= e.YMin - dy && y1 <= e.YMax + dy, $"{name}: y data in [{y0}, {y1}], outside [{e.YMin}, {e.YMax}]");
    }
}

/// <summary>
/// Every figure <c>reproduce --quick</c> draws, checked for its content (axis titles, series, the data's box in the units
/// the axes name), the way OxyPlot exports its own example library in its tests; a new figure must be added here.
/// </summary>
[Collection(QuickReproductionCollection.Name)]
public class FigureContentTests(QuickReproduction run)
{
    const string Alpha = "α (coefficient of digit A)", Tr = "T_{r} = T / 784";
    // The quick run's grids: phase diagrams n 2…30, T 400…880; populations T 650…900; start bias n 15…35; prototypes n 3…30.
    const double TrLow = 400 / 784.0 - 0.2, TrHigh = 880 / 784.0 + 0.2;

    public static TheoryData<string, FigureExpectation> Expected() => new()
    {
        { "reduced-n15/nullclines.png", new(Alpha, "ℓ (label)", 2, -1, 1, -1, 1) },
        { "reduced-n15/nullclines-zoom.png", new(Alpha, "ℓ (label)", 2, -1, 1, -1, 1) },
        { "reduced-n30/nullclines.png", new(Alpha, "ℓ (label)", 2, -1, 1, -1, 1) },
        { "reduced-n30/nullclines-zoom.png", new(Alpha, "ℓ (label)", 2, -1, 1, -1, 1) },
        { "reduced-n45/nullclines.png", new(Alpha, "ℓ (label)", 2, -1, 1, -1, 1) },
        { "reduced-n45/nullclines-zoom.png", new(Alpha, "ℓ (label)", 2, -1, 1, -1, 1) },
        { "continuation/alpha-vs-n.png", new("n", "α", 2, 1.5, 72, -1, 1) },
        { "continuation/ell-vs-n.png", new("n", "ℓ", 2, 1.5, 72, -1, 1) },
        { "continuation/fold-curves.png", new("n", Tr, 2, 1.5, 72, 0.6, 1.1) },
        { "phase-intra/map-dominant-alpha.png", new("n", Tr, 1, 1.5, 30.5, TrLow, TrHigh) },
        { "phase-intra/alpha-vs-n.png", new("n", "dominant α", 1, 2, 30, 0, 1) },
        { "phase-inter/map-minor-alpha-1.png", new("n", Tr, 1, 1.5, 30.5, TrLow, TrHigh) },
        { "phase-inter/map-minor-alpha-2.png", new("n", Tr, 1, 1.5, 30.5, TrLow, TrHigh) },
        { "phase-inter/alpha-vs-n.png", new("n", "memory 1's minor α", 1, 2, 30, -1, 1) },
        { "populations/populations.png", new(Tr, "memories", 10, 650 / 784.0, 900 / 784.0, 0, 100) },
        { "canalized-splits/alpha1-alpha4.png", new("ᾱ_{1}", "ᾱ_{4}", 100, -1, 1, -1, 1) },
        { "canalized-splits/alpha1-alpha7.png", new("ᾱ_{1}", "ᾱ_{7}", 100, -1, 1, -1, 1) },
        { "canalized-splits/n3/alpha1-alpha4.png", new("ᾱ_{1}", "ᾱ_{4}", 100, -1, 1, -1, 1) },
        { "canalized-splits/n3/alpha1-alpha7.png", new("ᾱ_{1}", "ᾱ_{7}", 100, -1, 1, -1, 1) },
        { "canalized-splits/split-tree.png", new("ᾱ_{1}", "ᾱ_{4}", 1, -1, 1, -1, 1) },
        { "canalized-splits/n3/split-tree.png", new("ᾱ_{1}", "ᾱ_{4}", 1, -1, 1, -1, 1) },
        { "cascade/cascade-alpha1-alpha4.png", new("ᾱ_{1}: simulation", "ᾱ_{4}", 100, -1, 1, -1, 1) },
        { "cascade/cascade-alpha1-alpha7.png", new("ᾱ_{1}: simulation", "ᾱ_{7}", 100, -1, 1, -1, 1) },
        { "three-category/branches.png", new("n", "α of the class representative", 3, 10, 50, -1, 1) },
        { "start-bias/saddle-alpha.png", new("n", "ᾱ_{1}", 2, 15, 35, -1, 1) },
        { "start-bias/proportions.png", new("n", "fraction of memories ending as 1", 2, 15, 35, 0, 1) },
        { "prototypes/max-alpha.png", new("n", "mean max α", 1, 3, 30, 0, 1) },
        { "prototypes/samples-needed.png", new("n", "mean number of samples", 1, 3, 30, 1, 200) },
    };

    PlotModel Figure(string relative)
    {
        var found = run.Figures.Where(f => Path.GetRelativePath(run.Dir.Path, f.Path) == relative).ToArray();
        Assert.True(found.Length == 1, $"{relative}: drawn {found.Length} times");
        return found[0].Model;
    }

    [Theory]
    [MemberData(nameof(Expected))]
    public void TheFigureShowsWhatItsAxesSay(string relative, FigureExpectation expected)
    {
        Assert.True(run.Result.Code == 0, run.Result.Err);
        FigureData.Check(relative, Figure(relative), expected);
    }

    [Fact]
    public void EveryDrawnFigureIsChecked()
    {
        var known = Expected().Select(row => (string)row[0]).ToHashSet();
        // The image sheets are checked by their tile count instead (below).
        string[] sheets = ["digits.png", "phase-intra/thumbnails.png", "phase-inter/thumbnails.png"];
        var unchecked_ = run.Figures.Select(f => Path.GetRelativePath(run.Dir.Path, f.Path)).Where(p => !known.Contains(p) && !sheets.Contains(p)).ToArray();
        Assert.Empty(unchecked_);
    }

    [Fact]
    public void ImageSheetsHoldOneTilePerDigitOrRun()
    {
        // 4 digits of each of 10 classes; the quick phase grid (n 2, 9, 16, 23, 30 × T 400, 560, 720, 880) of memories.
        Assert.Equal(40, Figure("digits.png").Series.OfType<HeatMapSeries>().Count());
        foreach (var sheet in new[] { "phase-intra/thumbnails.png", "phase-inter/thumbnails.png" })
        {
            var tiles = Figure(sheet).Series.OfType<HeatMapSeries>().ToArray();
            Assert.Equal(20, tiles.Length);
            Assert.All(tiles, t => Assert.Equal(28 * 28, t.Data.Length));
        }
    }
}

/// <summary>The figure builders <c>reproduce</c> does not draw, rendered here from small computations.</summary>
public class StandaloneFigureContentTests
{
    [Fact]
    public void TransitionFigureShowsTheLineInT()
    {
        var rows = TransitionLine.Compare(GramPair.Symmetric(753, 494), [.. Enumerable.Range(2, 29).Select(i => (double)i)], PairCase.Intra).ToArray();
        var m = TransitionFigure.Build(rows, GramPair.Symmetric(753, 494));
        FigureExport.PngBytes(m, 900, 550);
        // T_c runs from about 2.15·784 at n = 2 down to 723.6 at n = 30 (in T_r: 2.2 to 0.92).
        FigureData.Check("transition", m, new("n", "T_{r} = T / 784", 2, 2, 30, PaperValues.TransitionTemperatures[^1].Temperature / 784 - 0.05, 2.3));
    }

    [Fact]
    public void LearningFigureShowsTheEpochs()
    {
        var set = new Data.DigitSelection([1, 4], 3, 1).Select(Data.MnistSet.Embedded);
        var options = new Training.TrainingOptions { Epochs = 30, Seed = 1 };
        var metrics = new Training.Trainer(set, new Model.NetworkParameters(20, 700), options, new Training.InitialCondition.Gaussian().Create(4, set, 1)).Run();
        var m = LearningFigure.Build(metrics, "test");
        FigureExport.PngBytes(m, 900, 550);
        FigureData.Check("learning", m, new("epoch", "training digits classified correctly", 2, 0, 30, 0, set.Count));
        Assert.Equal(30, FigureData.Extent(m).XMax);
    }

    [Fact]
    public void SplitFigureShowsBothMemoriesAndTheirSeparation()
    {
        // Paper Fig. 5C at n = 39 on a real 1/4 pair, a short run: the two paths, the nullclines and the separation.
        var pair = new Data.DigitSelection([1, 4], 1, 0).Select(Data.MnistSet.Embedded);
        var (_, measurement, prediction, model) = Experiments.Artifacts.SplitExperimentResult.Run(pair, new Experiments.Simulations.SplitExperimentOptions(new Model.NetworkParameters(39, 700), 0.0008, 400));
        var (paths, separation) = SplitFigure.Build(model, prediction, measurement);
        FigureExport.PngBytes(paths, 900, 650);
        FigureExport.PngBytes(separation, 800, 450);
        FigureData.Check("split paths", paths, new("α (coefficient of digit A)", "ℓ (label)", 4, -1, 1, -1, 1));
        Assert.Contains(paths.Series, x => x.Title == "memory 1");
        Assert.Contains(paths.Series, x => x.Title == "memory 2");
        FigureData.Check("split separation", separation, new("epoch", "|(δα, δℓ)|", 1, 0, 400, 0, 10));
    }
}
