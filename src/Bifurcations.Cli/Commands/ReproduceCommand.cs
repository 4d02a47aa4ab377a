using System.CommandLine;
using Bifurcations.Cli.Common;
using Bifurcations.Data;
using Bifurcations.Experiments.IO;
using Bifurcations.Experiments.Simulations;

namespace Bifurcations.Cli.Commands;

/// <summary>
/// <c>reproduce</c>: the README's main job. It grows with the project; for now it draws the embedded
/// digits, the Gram matrix of a 1/4 pair, the reduced system's phase plane at n = 15, 30, 45, its
/// bifurcation diagram in n, its fold curves in (n, T_r), and the simulated phase diagrams of Fig. 6.
/// </summary>
internal static class ReproduceCommand
{
    /// <summary>The stages of the default run with their seconds measured on 2 cores (the estimate before any run in this folder).</summary>
    static readonly (string, double)[] DefaultStages =
    [
        ("digits and Gram matrix", 0.4), ("phase planes (Fig. 5B)", 0.8), ("bifurcation diagram and fold curves (Fig. 5A)", 1.8),
        ("phase diagram, intra (Fig. 6)", 15), ("phase diagram, inter (Fig. 6)", 21), ("populations (Fig. 8)", 64),
        ("canalized splits (Fig. 4, n = 30 and 3)", 6.5), ("cascade of splits, exact groups and class means", 13.5), ("three categories continued in n", 0.5), ("start bias (Fig. 7)", 89),
        ("prototypes (Fig. 2A)", 80), ("validation checks", 8),
    ];

    /// <summary>The stages of <c>--full</c> (Fig. 8 every 3 in T, Fig. 7 and 2A at the paper's sizes).</summary>
    static readonly (string, double)[] FullStages = [.. DefaultStages.Select(s => s.Item1 switch
    {
        "populations (Fig. 8)" => (s.Item1, s.Item2 * 84 / 11),
        "start bias (Fig. 7)" => (s.Item1, s.Item2 * 9 / 5 * 1.5), // 9/5 the runs, and 20 groups instead of 10 beside each
        "prototypes (Fig. 2A)" => (s.Item1, s.Item2 * 80 / 15),
        "cascade of splits, exact groups and class means" => (s.Item1, s.Item2 * 90 / 7),
        _ => s,
    })];

    /// <summary>
    /// How big each stage is. The default is the paper's settings with fewer points on the long sweeps; --full is the
    /// paper's sizes; --quick is a smoke run of every stage and every output file in well under a minute, whose numbers
    /// mean nothing (its validation checks are expected to fail).
    /// </summary>
    sealed record Sizes(double NStep, double TStep, int PhaseEpochs, double[] PopulationTemperatures, int PopulationEpochs, int SplitEpochs,
        double[] ThreeCategoryGrid, double[] BiasTrs, double[] BiasNs, int BiasEpochs, double[] PrototypeNs, double[] PrototypeTrs, int PrototypeEpochs)
    {
        /// <summary>Groups of the exact group system beside each Fig. 7 run (20 with --full: proportions to 5%).</summary>
        public int BiasGroups { get; init; } = StartBias.DefaultGroups;

        public static readonly Sizes Default = new(1, 20, 10_000, [.. Enumerable.Range(0, 11).Select(i => 650.0 + 25 * i)], 10_000, 3500,
            [.. Enumerable.Range(0, 15).Select(i => 4.0 * (i + 1) - 2)], [0.7, 0.96, 1.02], [5, 15, 25, 35, 45], 10_000, [3, 10, 20, 30, 40], [0.57, 0.83, 1.0], 10_000);

        public static readonly Sizes Full = Default with
        {
            PopulationTemperatures = [.. Enumerable.Range(0, 84).Select(i => 650.0 + 3 * i)],
            ThreeCategoryGrid = [.. Enumerable.Range(0, 30).Select(i => 2.0 * (i + 1))],
            BiasNs = [5, 10, 15, 20, 25, 30, 35, 40, 45],
            BiasGroups = 20,
            PrototypeNs = [.. Enumerable.Range(1, 20).Select(i => 2.0 * i)],
            PrototypeTrs = [0.57, 0.7, 0.83, 1.0],
        };

        public static readonly Sizes Quick = new(7, 160, 300, [650, 900], 200, 300, [10, 30, 50], [0.96], [15, 35], 200, [3, 30], [0.83], 200);
    }

    /// <summary>The stages of <c>--quick</c>: a rough guess, replaced by the folder's own timings after one run.</summary>
    static readonly (string, double)[] QuickStages = [.. DefaultStages.Select(s => (s.Item1, s.Item1.StartsWith("validation") ? s.Item2 : s.Item2 / 30))];

    public static Command Create(CliContext ctx)
    {
        var output = new Option<string>("--out") { Description = "Folder for every figure and table", DefaultValueFactory = _ => "output" };
        var command = new Command("reproduce", "Reproduce the paper's analysis on the embedded MNIST digits into output/");
        var full = new Option<bool>("--full") { Description = "The paper's sizes where the default is smaller: Fig. 8 every 3 in T and Fig. 7 with n every 5 (adds ~12 min)" };
        var quick = new Option<bool>("--quick") { Description = "A smoke run of every stage at tiny sizes (well under a minute): checks an installation and the output files; its numbers and checks mean nothing" };
        var forceOption = new Option<bool>("--force") { Description = "Discard sweeps in --out made with other settings or by another version, and recompute them" };
        command.Options.Add(output);
        command.Options.Add(full);
        command.Options.Add(quick);
        command.Options.Add(forceOption);
        command.SetAction(r =>
        {
            var dir = r.GetValue(output)!;
            bool force = r.GetValue(forceOption);
            bool paperSizes = r.GetValue(full);
            if (paperSizes && r.GetValue(quick)) throw new UsageException("give --full or --quick, not both");
            var sizes = paperSizes ? Sizes.Full : r.GetValue(quick) ? Sizes.Quick : Sizes.Default;
            // One reproduction at a time per folder; each sweep below is a run folder of its own.
            using var rootLock = RunFolder.LockOnly(dir);
            var clock = new StageClock(ctx, paperSizes ? FullStages : sizes == Sizes.Quick ? QuickStages : DefaultStages, Experiments.Validation.StageTiming.ReadCsv(Path.Combine(dir, "stages.csv")));
            // Every simulation the checks score is handed to them in memory as its stage finishes.
            var inputs = new Experiments.Validation.ValidationInputs();
            void Wrote(IEnumerable<string> files) { foreach (var f in files) ctx.Out.WriteLine($"wrote {f}"); }
            void Show(Experiments.Artifacts.IWritable result)
            {
                foreach (var line in result.Summary) ctx.Out.WriteLine(line);
                foreach (var line in result.Warnings) ctx.Error.WriteLine($"warning: {line}");
            }
            clock.Run("digits and Gram matrix", 0, 0, () =>
            {
                var set = new DigitSelection(DigitSelection.ParseClasses("0-9"), 4, DigitOptions.DefaultSeed).Select(MnistSet.Embedded);
                Wrote(Experiments.Artifacts.DigitsSheet.Write(set, 4, Path.Combine(dir, "digits.png"), svg: true));
                var pair = new DigitSelection([1, 4], 1, DigitOptions.DefaultSeed).Select(MnistSet.Embedded);
                var gramPath = Path.Combine(dir, "gram-1-4.json");
                AtomicFile.WriteAllText(gramPath, Experiments.Artifacts.GramReport.Of(pair, MnistSet.Embedded.Source).ToJson() + "\n");
                Wrote([gramPath]);
            });
            // Paper Fig. 5B: the reduced system's phase plane, below, inside and above the monostable window.
            clock.Run("phase planes (Fig. 5B)", 0, 0, () =>
            {
                foreach (var n in new[] { 15.0, 30, 45 })
                {
                    var model = new Reduced.PairModel(new Reduced.GramPair(753, 494, 719), new Model.NetworkParameters(n, 700), 2);
                    var planeDir = Path.Combine(dir, $"reduced-n{n}");
                    using var folder = ResultFolder.Open(planeDir, ResultSettings.Nullclines(model, [Reduced.ManifoldBranch.Upper]), force);
                    Wrote(Experiments.Artifacts.PhasePlane.Compute(new(model, [Reduced.ManifoldBranch.Upper], Svg: true)).Write(planeDir));
                    folder.Complete();
                }
            });
            // Paper Fig. 5A: the bifurcation diagram in n, then its folds followed in (n, T_r).
            clock.Run("bifurcation diagram and fold curves (Fig. 5A)", 0, 0, () =>
            {
                var paper = new Reduced.PairModel(new Reduced.GramPair(753, 494, 719), new Model.NetworkParameters(1.5, 700), 2);
                var diagram = Reduced.PairContinuation.Diagram(paper);
                var (lo, hi) = Reduced.PairParameter.Exponent.DefaultRange(paper);
                using (RunFolder.Open(Path.Combine(dir, "continuation"), ResultSettings.Continuation(paper, Reduced.PairParameter.Exponent, lo, hi,
                    new Reduced.PairContinuationOptions().Seeds), force))
                    Wrote(Experiments.Artifacts.DiagramFiles.Write(diagram, Path.Combine(dir, "continuation")));
                var folds = Reduced.FoldCurves.Trace(paper, 0.6, 1.1);
                if (diagram.Stalled || folds.Stalled) ctx.Error.WriteLine("warning: a continuation stalled (see continuation/diagram.json)");
                Wrote(Experiments.Plotting.FigureExport.Save(Experiments.Plotting.FoldPlaneFigure.Build(folds, Reduced.TransitionLine.Reduced(paper.Gram, 1.5, 72).Where(p => p.ReducedTemperature is >= 0.6 and <= 1.1).ToArray()), Path.Combine(dir, "continuation", "fold-curves.png"), 900, 600, svg: true));
            });
            // Paper Fig. 6: the simulated phase diagrams at the paper's sizes (725 runs each).
            foreach (var (pc, a, b) in new[] { (Experiments.Sweeps.PhaseCase.Intra, 4, 4), (Experiments.Sweeps.PhaseCase.Inter, 4, 9) })
            {
                var settings = new Experiments.Sweeps.PhaseSettings(pc, ClassA: a, ClassB: b, Seed: DigitOptions.DefaultSeed,
                    NFrom: 2, NTo: 30, NStep: sizes.NStep, TFrom: 400, TTo: 880, TStep: sizes.TStep, Epochs: sizes.PhaseEpochs).Validated();
                string name = pc.ToString().ToLowerInvariant();
                clock.Run($"phase diagram, {name} (Fig. 6)", settings.Grid.Count, (long)settings.Grid.Count * settings.Epochs, () =>
                {
                    var sweepDir = Path.Combine(dir, pc == Experiments.Sweeps.PhaseCase.Intra ? "phase-intra" : "phase-inter");
                    using var sweepFolder = Experiments.Sweeps.PhaseSweep.Open(sweepDir, settings, MnistSet.Embedded, force);
                    var runs = Progress.Run(ctx, $"phase diagram ({name})", settings.Grid.Count, report =>
                        Experiments.Sweeps.PhaseSweep.Run(settings, MnistSet.Embedded, sweepFolder, Experiments.Sweeps.Shard.Whole, Environment.ProcessorCount,
                            new InlineProgress<(int Done, int Total)>(p => report(p.Done, "")), ctx.Cancel));
                    var phase = Experiments.Artifacts.PhaseDiagram.Of(settings, runs, MnistSet.Embedded);
                    Wrote(phase.Write(sweepDir));
                    if (pc == Experiments.Sweeps.PhaseCase.Intra) inputs = inputs with { Intra = phase }; else inputs = inputs with { Inter = phase };
                });
            }
            // Paper Fig. 8: class populations against T_r (11 temperatures; the paper steps T by 3).
            var temps = sizes.PopulationTemperatures;
            clock.Run("populations (Fig. 8)", temps.Length, temps.Length * (long)sizes.PopulationEpochs, () =>
            {
                var popSet = new DigitSelection(DigitSelection.ParseClasses("0-9"), 20, DigitOptions.DefaultSeed).Select(MnistSet.Embedded);
                var popDir = Path.Combine(dir, "populations");
                var popOptions = new Experiments.Training.SweepOptions { Epochs = sizes.PopulationEpochs, Seed = DigitOptions.DefaultSeed };
                using var popFolder = RunFolder.Open(popDir, Experiments.Sweeps.PopulationSweep.Manifest(popSet, 25, popOptions), force);
                var pops = Progress.Run(ctx, "populations (Fig. 8)", temps.Length, report =>
                    Experiments.Sweeps.PopulationSweep.Run(popSet, 25, temps, popFolder, popOptions, Progress.Steps(report), ctx.Cancel));
                var populations = new Experiments.Artifacts.Populations(pops, 25, 100);
                Wrote(populations.Write(popDir));
                Show(populations);
                inputs = inputs with { Populations = pops };
            });
            // Paper Fig. 4: canalized splits of 100 memories on 1, 4, 7 with the three-category prediction.
            var splitSet = new DigitSelection([1, 4, 7], 20, DigitOptions.DefaultSeed).Select(MnistSet.Embedded);
            // The split tree predicted by the three-category groups is drawn beside the observed splits; n = 3 for contrast.
            CanalizedSplitsResult? fig4 = null;
            clock.Run("canalized splits (Fig. 4, n = 30 and 3)", 2, 2L * sizes.SplitEpochs, () =>
            {
                foreach (var (n, sub) in new[] { (30.0, ""), (3.0, "n3") })
                {
                    var canalDir = Path.Combine(dir, "canalized-splits", sub);
                    using var folder = ResultFolder.Open(canalDir, ResultSettings.CanalizedSplits(splitSet, [1, 4, 7], n, 1.0, 100, sizes.SplitEpochs, DigitOptions.DefaultSeed, 0.1), force);
                    var canal = Progress.Run(ctx, $"canalized splits (Fig. 4, n = {n})", sizes.SplitEpochs, report =>
                        CanalizedSplitsResult.Run(splitSet, new CanalizedSplitsOptions([1, 4, 7], n, 1.0) { Epochs = sizes.SplitEpochs }, new InlineProgress<int>(e => report(e, ""))));
                    Wrote(Experiments.Artifacts.CanalizedSplitsFiles.Write(canal, canalDir));
                    foreach (var line in Experiments.Artifacts.CanalizedSplitsFiles.Summary(canal)) ctx.Out.WriteLine(line);
                    folder.Complete();
                    if (n == 30) fig4 = canal;
                }
            });
            // The cascade beyond the first split: one run drawn (exact groups and class means beside the simulation), and the
            // scored grid (n = 30, T_r = 1.0 on 1/4/7 and 3/5/8, 3 seeds; --full: 90 runs over n and T_r).
            var cascadeGrid = (paperSizes ? Experiments.Sweeps.CascadeGridSettings.Full : Experiments.Sweeps.CascadeGridSettings.Subset) with { Epochs = sizes.SplitEpochs };
            clock.Run("cascade of splits, exact groups and class means", cascadeGrid.Cells.Count + 1, (cascadeGrid.Cells.Count + 1L) * sizes.SplitEpochs, () =>
            {
                var cascadeSet = new DigitSelection([1, 4, 7], 20, 0, SelectionMode.First).Select(MnistSet.Embedded);
                var one = new CascadeRunOptions([1, 4, 7], 30, 1.0) { Epochs = sizes.SplitEpochs, Seed = DigitOptions.DefaultSeed, Threads = Environment.ProcessorCount };
                var cascadeDir = Path.Combine(dir, "cascade");
                using (var folder = ResultFolder.Open(cascadeDir, ResultSettings.Cascade(cascadeSet, one), force))
                {
                    var run = CascadeCommand.Run(ctx, "cascade (1/4/7, n = 30)", cascadeSet, one);
                    Wrote(Experiments.Artifacts.CascadeFiles.Write(run, cascadeDir));
                    foreach (var line in Experiments.Artifacts.CascadeFiles.Summary(run)) ctx.Out.WriteLine(line);
                    folder.Complete();
                }
                var gridDir = Path.Combine(dir, "cascade-grid");
                using var gridFolder = Experiments.Sweeps.CascadeSweep.Open(gridDir, cascadeGrid, MnistSet.Embedded, force);
                var runs = Progress.Run(ctx, "cascade grid", cascadeGrid.Cells.Count, report => Experiments.Sweeps.CascadeSweep.Run(cascadeGrid, MnistSet.Embedded, gridFolder,
                    Environment.ProcessorCount, new InlineProgress<(int Done, int Total)>(p => report(p.Done, "")), ctx.Cancel));
                Wrote([Path.Combine(gridDir, "scores.csv"), Path.Combine(gridDir, "summary.csv")]);
                foreach (var line in Experiments.Artifacts.CascadeFiles.GridSummary(runs)) ctx.Out.WriteLine(line);
                inputs = inputs with { Cascades = runs };
            });
            // The three-category system continued in n (up and down) at the Fig. 4 temperature, with its split modes.
            var threeGrid = sizes.ThreeCategoryGrid;
            clock.Run("three categories continued in n", 0, 0, () =>
            {
                var network = Model.NetworkParameters.FromReducedTemperature(threeGrid[0], 1.0);
                var threeDir = Path.Combine(dir, "three-category");
                using var folder = ResultFolder.Open(threeDir, ResultSettings.ThreeCategory(splitSet, [1, 4, 7], network, Reduced.PairParameter.Exponent, 100, threeGrid), force);
                var three = Progress.Run(ctx, "three categories, n up and down", 2 * threeGrid.Length, report =>
                    Experiments.Artifacts.ThreeCategoryBranches.Compute(new(splitSet, [1, 4, 7], network, Reduced.PairParameter.Exponent, 100, threeGrid), Progress.Steps(report), ctx.Cancel));
                Wrote(three.Write(threeDir));
                Show(three);
                folder.Complete();
            });
            // Paper Fig. 7: saddle reached and final proportions from a start near a 1 or a 7 (three T_r, five values of n; --full: nine).
            double[] biasTrs = sizes.BiasTrs, biasNs = sizes.BiasNs;
            clock.Run("start bias (Fig. 7)", 2 * biasTrs.Length * biasNs.Length, 2L * biasTrs.Length * biasNs.Length * sizes.BiasEpochs, () =>
            {
                var biasRuns = StartBiasCommand.Write(ctx, new DigitSelection([1, 7, 9], 20, DigitOptions.DefaultSeed).Select(MnistSet.Embedded), [1, 7, 9], biasTrs, biasNs, sizes.BiasEpochs, DigitOptions.DefaultSeed, Path.Combine(dir, "start-bias"), force, out var biasFiles, sizes.BiasGroups);
                Wrote(biasFiles);
                foreach (var line in Experiments.Artifacts.StartBiasFiles.Summary(biasRuns)) ctx.Out.WriteLine(line);
                inputs = inputs with { StartBias = biasRuns };
            });
            // Paper Fig. 2A: feature-to-prototype measures against n for several T_r (--full: n every 2, four T_r).
            double[] protoNs = sizes.PrototypeNs, protoTrs = sizes.PrototypeTrs;
            clock.Run("prototypes (Fig. 2A)", protoNs.Length * protoTrs.Length, (long)protoNs.Length * protoTrs.Length * sizes.PrototypeEpochs, () =>
            {
                var protoRuns = PrototypesCommand.Write(ctx, new DigitSelection(DigitSelection.ParseClasses("0-9"), 20, DigitOptions.DefaultSeed).Select(MnistSet.Embedded), protoNs, protoTrs, sizes.PrototypeEpochs, DigitOptions.DefaultSeed, Path.Combine(dir, "prototypes"), force, out var protoFiles);
                Wrote(protoFiles);
                inputs = inputs with { Prototypes = protoRuns };
            });
            // The validation report: every prediction against its computation or simulation, with the figures.
            var checks = clock.Run("validation checks", 0, 0, () => ValidateCommand.Run(ctx, inputs with { CanalizedSplits = fig4 }));
            (string, string)[] figures =
            [
                ("Fig. 5B: phase plane at n = 15", "reduced-n15/nullclines-zoom.png"),
                ("Fig. 5B: phase plane at n = 30", "reduced-n30/nullclines-zoom.png"),
                ("Fig. 5B: phase plane at n = 45", "reduced-n45/nullclines-zoom.png"),
                ("Fig. 5A: fixed points against n", "continuation/alpha-vs-n.png"),
                ("Fig. 5A: labels against n", "continuation/ell-vs-n.png"),
                ("Saddle-node curves in (n, T_r) with the transition line", "continuation/fold-curves.png"),
                ("Fig. 6: intra phase diagram", "phase-intra/map-dominant-alpha.png"),
                ("Fig. 6: intra, dominant α against n", "phase-intra/alpha-vs-n.png"),
                ("Fig. 6: intra, memories over the grid", "phase-intra/thumbnails.png"),
                ("Fig. 6: inter phase diagram", "phase-inter/map-minor-alpha-1.png"),
                ("Fig. 4: canalized splits, ᾱ_1 against ᾱ_4 (n = 30, T_r = 1.0)", "canalized-splits/alpha1-alpha4.png"),
                ("Fig. 4: ᾱ_1 against ᾱ_7", "canalized-splits/alpha1-alpha7.png"),
                ("The class-mean model's cascade from where the memories gather, with the observed splits, n = 30", "canalized-splits/split-tree.png"),
                ("The cascade: simulation, exact groups and class means side by side, ᾱ_1 against ᾱ_4 (1/4/7, n = 30, T_r = 1.0)", "cascade/cascade-alpha1-alpha4.png"),
                ("The cascade, ᾱ_1 against ᾱ_7", "cascade/cascade-alpha1-alpha7.png"),
                ("Fig. 4 at n = 3: ᾱ_1 against ᾱ_4", "canalized-splits/n3/alpha1-alpha4.png"),
                ("Three categories 1, 4, 7: where 100 identical memories gather against n, and where they would split", "three-category/branches.png"),
                ("Fig. 8: class populations against T_r (n = 25)", "populations/populations.png"),
                ("Fig. 7: ᾱ_1 of the saddle reached from a 1 or a 7 (T_r = 0.7, 0.96, 1.02)", "start-bias/saddle-alpha.png"),
                ("Fig. 7: memories ending as 1s", "start-bias/proportions.png"),
                ("Fig. 2A: mean largest α against n", "prototypes/max-alpha.png"),
                ("Fig. 2A: samples needed to rebuild a memory against n", "prototypes/samples-needed.png"),
                ("Embedded digits", "digits.png"),
            ];
            Wrote(Experiments.Validation.Report.Write(dir, checks, figures, clock.Timings));
            ctx.Out.WriteLine($"{checks.Count(c => c.Pass)} of {checks.Count} checks pass ({Path.Combine(dir, "report.md")})" + (sizes == Sizes.Quick ? "; --quick: the checks on simulations are not meant to pass at these sizes" : ""));
            return 0;
        });
        return command;
    }
}
