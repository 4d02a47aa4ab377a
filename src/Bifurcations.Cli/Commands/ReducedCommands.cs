using System.CommandLine;
using System.Globalization;
using Bifurcations.Cli.Common;
using Bifurcations.Continuation;
using Bifurcations.Experiments.Artifacts;
using Bifurcations.Experiments.IO;
using Bifurcations.Experiments.Plotting;
using Bifurcations.Experiments.Reports;
using Bifurcations.Experiments.Simulations;
using Bifurcations.Linearization;
using Bifurcations.Reduced;

namespace Bifurcations.Cli.Commands;

/// <summary><c>nullclines</c>, <c>fixed-points</c> and <c>flow</c>: the reduced two-digit (α, ℓ) system.</summary>
internal static class ReducedCommands
{
    static Option<string> BranchOption() => new("--branch") { Description = "Manifold branch: upper (α_B = 1 − |α|), lower (α_B = −1 + |α|) or both", DefaultValueFactory = _ => "upper" };

    static ManifoldBranch[] Branches(string text) => text switch
    {
        "upper" => [ManifoldBranch.Upper],
        "lower" => [ManifoldBranch.Lower],
        "both" => [ManifoldBranch.Upper, ManifoldBranch.Lower],
        _ => throw new UsageException($"--branch '{text}' is unknown: use upper, lower or both"),
    };

    public static Command FixedPoints(CliContext ctx)
    {
        var pair = new PairOptions();
        var json = new Option<bool>("--json") { Description = "Print JSON (the documented shape) instead of a table" };
        var output = new Option<string?>("--out") { Description = "Also write the JSON to this file" };
        var strict = new Option<bool>("--strict") { Description = "Exit with code 1 if the completeness verdict fails (index sum ≠ 1 or an unsettled zero)" };
        var command = new Command("fixed-points", "All fixed points of the reduced (α, ℓ) system on both branches, with eigenvalues, stability and a completeness verdict");
        pair.AddTo(command);
        command.Options.Add(json); command.Options.Add(output); command.Options.Add(strict);
        command.SetAction(r =>
        {
            var model = pair.Model(r);
            var set = FixedPointSolver.Find(model);
            var report = FixedPointReport.From(set);
            var text = report.ToJson();
            if (r.GetValue(output) is { } path) AtomicFile.WriteAllText(path, text + "\n");
            if (r.GetValue(json)) ctx.Out.WriteLine(text);
            else foreach (var line in FixedPointTable.Lines(model, set)) ctx.Out.WriteLine(line);
            return Verdict(ctx, set.Completeness, r.GetValue(strict));
        });
        return command;
    }

    /// <summary>A failed completeness verdict is never silent: a warning on stderr, and exit code 1 under --strict.</summary>
    public static int Verdict(CliContext ctx, Completeness completeness, bool strict)
    {
        if (completeness.IsComplete) return ExitCodes.Ok;
        ctx.Error.WriteLine($"warning: fixed points {completeness.Summary}");
        return strict ? ExitCodes.Failure : ExitCodes.Ok;
    }

    public static Command NullclinesCommand(CliContext ctx)
    {
        var pair = new PairOptions();
        var branch = BranchOption();
        var output = new Option<string>("--out") { Description = "Output folder", DefaultValueFactory = _ => "output/nullclines" };
        var svg = new Option<bool>("--svg") { Description = "Also write SVG figures" };
        var force = ResultSettings.ForceOption();
        var command = new Command("nullclines", "Nullclines, fixed points and flow of the reduced (α, ℓ) system: CSV, JSON and a PNG like paper Fig. 5B");
        pair.AddTo(command);
        foreach (var o in new Option[] { branch, output, svg, force }) command.Options.Add(o);
        command.SetAction(r =>
        {
            var model = pair.Model(r);
            var branches = Branches(r.GetValue(branch)!);
            var dir = r.GetValue(output)!;
            using var folder = ResultFolder.Open(dir, ResultSettings.Nullclines(model, branches), r.GetValue(force));
            var plane = PhasePlane.Compute(new PhasePlaneOptions(model, branches, r.GetValue(svg)));
            var written = plane.Write(dir);
            folder.Complete();
            foreach (var f in written) ctx.Out.WriteLine($"wrote {f}");
            foreach (var line in plane.Summary) ctx.Out.WriteLine(line);
            return Verdict(ctx, plane.FixedPoints.Completeness, false);
        });
        return command;
    }

    public static Command FlowCommand(CliContext ctx)
    {
        var pair = new PairOptions();
        var branch = new Option<string>("--branch") { Description = "upper or lower", DefaultValueFactory = _ => "upper" };
        var alpha = new Option<double>("--alpha") { Description = "Initial α", DefaultValueFactory = _ => 0.8 };
        var ell = new Option<double>("--ell") { Description = "Initial ℓ", DefaultValueFactory = _ => 0.5 };
        var duration = new Option<double>("--duration") { Description = "Integration time (in units of the learning rate: epochs × ε)", DefaultValueFactory = _ => 2.0 };
        var steps = new Option<int>("--steps") { Description = "Steps", DefaultValueFactory = _ => 20000 };
        var euler = new Option<bool>("--euler") { Description = "The paper's forward Euler instead of RK4" };
        var slow = new Option<bool>("--slow") { Description = "The singular limit: ℓ slaved to the label state its flow reaches, the memory walked to its end (α_A, α_B leave the manifold where the renormalization does not act)" };
        var output = new Option<string?>("--out") { Description = "CSV file for the trajectory (t, alpha, ell); default: print the end point" };
        var command = new Command("flow", "Integrate the reduced (α, ℓ) dynamics from a starting point");
        pair.AddTo(command);
        foreach (var o in new Option[] { branch, alpha, ell, duration, steps, euler, slow, output }) command.Options.Add(o);
        command.SetAction(r =>
        {
            var model = pair.Model(r);
            var b = Branches(r.GetValue(branch)!);
            if (b.Length != 1) throw new UsageException("--branch must be upper or lower for flow");
            double a0 = r.GetValue(alpha), l0 = r.GetValue(ell);
            if (Math.Abs(a0) > 1 || Math.Abs(l0) > 1) throw new UsageException($"start (α, ℓ) = ({a0}, {l0}) must lie in [−1, 1]²");
            if (r.GetValue(slow) && r.GetValue(euler)) throw new UsageException("give --slow or --euler, not both");
            // The slow walk has its own step and runs to its end: a duration or step count would be ignored.
            if (r.GetValue(slow) && new Option[] { steps, duration }.FirstOrDefault(o => r.GetResult(o) is { Implicit: false }) is { } unused)
                throw new UsageException($"{unused.Name} sets the explicit integration; --slow walks to the end on its own step: leave {unused.Name} out");
            Trajectory t;
            if (r.GetValue(slow))
            {
                var walk = new SlowFlowOptions(RecordPath: true);
                var end = SlowFlow.Run(model, b[0], a0, l0, walk);
                t = end.ToTrajectory(walk.Step);
                ctx.Out.WriteLine($"slow flow: {end.Outcome switch { SlowFlowOutcome.StablePoint => "reached a stable fixed point", SlowFlowOutcome.Inactive => "no digit above threshold: the memory does not move", _ => "no end within the step budget" }} ({end.Steps} steps, {end.Jumps} jumps between label states); t is the distance walked along the manifold");
            }
            else t = OptionValue.Of("--steps/--duration", () => Flow.Integrate(model, b[0], a0, l0, r.GetValue(duration), r.GetValue(steps), r.GetValue(euler) ? FlowMethod.Euler : FlowMethod.RungeKutta4));
            // A stiff field can hold an explicit scheme at a point that is not a fixed point (its stages cancel).
            if (!r.GetValue(slow) && t.StuckSpeed(model) is { } speed)
                ctx.Error.WriteLine(FormattableString.Invariant($"warning: the integration stopped moving at (α, ℓ) = ({t.Alpha[^1]:G9}, {t.Ell[^1]:G6}), where the field is not zero (|velocity| = {speed:G3}): a numerical equilibrium of the step on this stiff system, not a fixed point (use --slow, or fixed-points)"));
            if (t.Chatters)
                ctx.Error.WriteLine(FormattableString.Invariant($"warning: ℓ reversed direction in {t.LabelReversals} of {t.Ell.Length - 2} steps: the label relaxes faster than the step dt = {r.GetValue(duration) / r.GetValue(steps):G3}, so the path chatters across the label nullcline (use --slow for the singular limit, or more --steps)"));
            if (r.GetValue(output) is { } path)
            {
                TrajectoryFile.Write(t, path);
                ctx.Out.WriteLine($"wrote {path}");
            }
            ctx.Out.WriteLine(FormattableString.Invariant($"t = {t.Time[^1]:G6}: alpha = {t.Alpha[^1]:F6}, alphaB = {PairModel.AlphaB(t.Alpha[^1], t.Branch):F6}, ell = {t.Ell[^1]:G6}"));
            return 0;
        });
        return command;
    }
}

/// <summary><c>split</c>: paper Fig. 5C–D, the split of two memories predicted and measured on the engine.</summary>
internal static class SplitCommand
{
    public static Command Create(CliContext ctx)
    {
        var pair = new PairOptions();
        var rate = new Option<double>("--rate") { Description = "Learning rate ε (the paper: 0.0004 at n = 15, 0.0008 at n = 39)", DefaultValueFactory = _ => 0.0004 };
        var epochs = new Option<int>("--epochs") { Description = "Epochs", DefaultValueFactory = _ => 3500 };
        var alpha = new Option<double>("--alpha") { Description = "Initial α of both memories", DefaultValueFactory = _ => 0.8 };
        var ell = new Option<double>("--ell") { Description = "Initial ℓ", DefaultValueFactory = _ => 0.5 };
        var delta = new Option<double>("--delta") { Description = "Initial half-separation δ", DefaultValueFactory = _ => 1e-8 };
        var output = new Option<string>("--out") { Description = "Output folder", DefaultValueFactory = _ => "output/split" };
        var force = ResultSettings.ForceOption();
        var command = new Command("split", "Two memories split at a saddle: linearized prediction against a two-memory training run (paper Fig. 5C-D)");
        pair.AddTo(command);
        foreach (var o in new Option[] { rate, epochs, alpha, ell, delta, output, force }) command.Options.Add(o);
        command.SetAction(r =>
        {
            if (pair.Gram.Given(r)) throw new UsageException($"split runs the training engine and needs real digits: use --pair (e.g. --pair 1,4), not {pair.Gram.GivenName(r)}");
            if (r.GetValue(pair.Memories) != 2) throw new UsageException("split is about two memories: --memories must be 2");
            double eps = r.GetValue(rate);
            int e = r.GetValue(epochs);
            var digits = pair.Digits(r, r.GetValue(pair.Pair) ?? "1,4");
            var parameters = pair.Parameters(r, r.GetValue(pair.N));
            var options = OptionValue.Of("--rate/--epochs/--alpha/--ell/--delta", () => new SplitExperimentOptions(parameters, eps, e)
            {
                Alpha = r.GetValue(alpha),
                Ell = r.GetValue(ell),
                Delta = r.GetValue(delta),
            }.Validated());
            var dir = r.GetValue(output)!;
            using var folder = ResultFolder.Open(dir, ResultSettings.Split(digits, options), r.GetValue(force));
            var split = Progress.Run(ctx, "training two memories", e, p => SplitExperimentResult.Run(digits, options, Progress.Steps(p)));
            var files = split.Write(dir);
            folder.Complete();
            foreach (var line in split.Summary) ctx.Out.WriteLine(line);
            // The stiffness note names the options to change, so it is the CLI's to say.
            if (split.Report.EulerStiffness > 2)
                ctx.Out.WriteLine(FormattableString.Invariant($"note: ε·max|λ| = {split.Report.EulerStiffness:F2} > 2: the training rule's Euler step cannot resolve the fast label mode here, so the linear split prediction is not expected to hold; retry with --rate below {2 * eps / split.Report.EulerStiffness:G2} (and more --epochs)"));
            foreach (var f in files) ctx.Out.WriteLine($"wrote {f}");
            return 0;
        });
        return command;
    }

}

/// <summary>
/// <c>continue</c>: the bifurcation diagram of the pair system in any of its parameters (paper Fig. 5A in n): branches,
/// stability, folds, branch points and the non-smooth events, from the continuation engine.
/// </summary>
internal static class ContinueCommand
{
    public static Command Create(CliContext ctx)
    {
        var pair = new PairOptions();
        var param = new Option<string>("--param") { Description = "Parameter to continue in: n, temperature, temp-r, memories, gab, gaa or gbb", DefaultValueFactory = _ => "n" };
        var from = new Option<double?>("--from", "--n-from") { Description = "Start of the parameter's range (default: n 1.5, T_r 0.55, K 1, G_AB 0.1·√(G_AA·G_BB), …)" };
        var to = new Option<double?>("--to", "--n-to") { Description = "End of the parameter's range (default: n 72, T_r 1.25, K 10, G_AB 0.97·√(G_AA·G_BB), …)" };
        var seeds = new Option<int>("--seeds") { Description = "Parameter values at which the direct solver seeds branches (isolated branches need enough of them)", DefaultValueFactory = _ => 56 };
        var json = new Option<bool>("--json") { Description = "Print the diagram as JSON (and write files only if --out is given)" };
        var output = new Option<string?>("--out") { Description = "Output folder (default output/continuation; none with --json). A folder holding a diagram of other settings is refused" };
        var force = new Option<bool>("--force") { Description = "Discard what --out holds if it was made with other settings" };
        var command = new Command("continue", "Continue the reduced system's fixed points in any parameter: branches, stability, folds, branch points (paper Fig. 5A)");
        pair.AddTo(command);
        foreach (var o in new Option[] { param, from, to, seeds, json, output, force }) command.Options.Add(o);
        command.SetAction(r =>
        {
            var parameter = PairParameter.Parse(r.GetValue(param)!);
            pair.RefuseContinued(r, parameter);
            RangeAliases.Check(r, parameter, from, to);
            var model = pair.Model(r, pair.Digits(r));
            var (lo, hi) = parameter.DefaultRange(model);
            double a = r.GetValue(from) ?? lo, b = r.GetValue(to) ?? hi;
            if (parameter.Kind == PairParameterKind.Exponent) model = model.WithExponent(Math.Max(1, a));
            var options = new PairContinuationOptions { Seeds = r.GetValue(seeds) }.Validated();
            // --json alone prints and writes nothing; otherwise the folder's manifest keeps other settings' results safe.
            string? dir = r.GetValue(output) ?? (r.GetValue(json) ? null : "output/continuation");
            if (dir is not null)
            {
                RunFolder.CheckPath(dir);
                // Refuse a folder of other settings before the work, not after it.
                if (!r.GetValue(force)) RunFolder.RefuseOtherSettings(dir, ResultSettings.Continuation(model, parameter, a, b, options.Seeds));
            }
            var diagram = Progress.Run(ctx, $"continuation in {parameter.Name}", options.Seeds,
                p => PairContinuation.Diagram(model, parameter, a, b, options, Progress.Steps(p), ctx.Cancel));
            var stalled = diagram.Branches.SelectMany(x => new[] { x.Start, x.Finish }).FirstOrDefault(e => e.Reason == BranchEndReason.Stalled);
            // A diagram with a stalled branch is partial: it goes to a folder named so (replacing an earlier partial one),
            // never over a complete diagram. The folder is opened only now, so a refused input leaves nothing behind.
            // With --json alone nothing is written, a partial diagram included: the JSON printed holds it ("stalled": true).
            string? target = stalled is null || dir is null ? dir : dir + "-partial";
            IReadOnlyList<string> files = [];
            if (target is not null)
                using (RunFolder.Open(target, ResultSettings.Continuation(model, parameter, a, b, options.Seeds), force: r.GetValue(force) || stalled is not null))
                    files = DiagramFiles.Write(diagram, target);
            var report = DiagramReport.From(diagram);
            if (r.GetValue(json)) ctx.Out.WriteLine(report.ToJson());
            else
            {
                foreach (var line in DiagramFiles.Summary(diagram)) ctx.Out.WriteLine(line);
                foreach (var f in files) ctx.Out.WriteLine($"wrote {f}");
            }
            foreach (var problem in diagram.SeedProblems) ctx.Error.WriteLine($"warning: {problem}");
            if (diagram.SpecialPoints.Any(x => x.Kind == SpecialPointKind.Hopf))
                ctx.Error.WriteLine("warning: a Hopf point was found; none is expected in the pair system (its Jacobian has been real-spectrum at every point checked): please report it");
            if (stalled is not null)
                throw new NumericalException($"continuation stalled: {stalled.What}; the partial diagram (branches computed so far) is in " +
                    (target ?? "the JSON printed"));
            return 0;
        });
        return command;
    }
}

/// <summary><c>folds2d</c>: saddle-node curves of the reduced system in the plane of any two parameters (default (n, T_r)).</summary>
internal static class Folds2dCommand
{
    public static Command Create(CliContext ctx)
    {
        var pair = new PairOptions();
        var param = new Option<string>("--param") { Description = "Parameter the folds turn in (default n)", DefaultValueFactory = _ => "n" };
        var param2 = new Option<string>("--param2") { Description = "Parameter the folds are followed in (default temp-r)", DefaultValueFactory = _ => "temp-r" };
        var from = new Option<double?>("--from", "--n-from") { Description = "Start of the first parameter's range (default as for continue)" };
        var to = new Option<double?>("--to", "--n-to") { Description = "End of the first parameter's range" };
        var from2 = new Option<double?>("--from2") { Description = "Start of the second parameter's range, in its own unit (default for temp-r: 0.6; otherwise as for continue)" };
        var to2 = new Option<double?>("--to2") { Description = "End of the second parameter's range, in its own unit (default for temp-r: 1.1; otherwise as for continue)" };
        var seeds = new Option<int>("--seeds2") { Description = "Values of the second parameter at which folds are seeded", DefaultValueFactory = _ => 5 };
        var json = new Option<bool>("--json") { Description = "Print the curves as JSON (and write files only if --out is given)" };
        var output = new Option<string?>("--out") { Description = "Output folder (default output/folds2d; none with --json)" };
        var force = ResultSettings.ForceOption();
        var command = new Command("folds2d", "Follow the saddle-nodes of the reduced system in two parameters: fold curves and cusps");
        pair.AddTo(command);
        foreach (var o in new Option[] { param, param2, from, to, from2, to2, seeds, json, output, force }) command.Options.Add(o);
        command.SetAction(r =>
        {
            var p = PairParameter.Parse(r.GetValue(param)!);
            var q = PairParameter.Parse(r.GetValue(param2)!);
            pair.RefuseContinued(r, p, q);
            RangeAliases.Check(r, p, from, to);
            var model = pair.Model(r, pair.Digits(r));
            var (plo, phi) = p.DefaultRange(model);
            var (qlo, qhi) = q.Kind == PairParameterKind.ReducedTemperature ? (0.6, 1.1) : q.DefaultRange(model);
            double a = r.GetValue(from) ?? plo, b = r.GetValue(to) ?? phi, a2 = r.GetValue(from2) ?? qlo, b2 = r.GetValue(to2) ?? qhi;
            var turning = OptionValue.Of("--from/--to", () => new ParameterRange(p, a, b).Validated(model));
            var followed = OptionValue.Of("--from2/--to2", () => new ParameterRange(q, a2, b2).Validated(model));
            int count = r.GetValue(seeds);
            var options = OptionValue.Of("--seeds2", () => new FoldCurveOptions { Seeds = count }.Validated());
            // --json alone prints and writes nothing; otherwise the folder's manifest keeps other settings' results safe.
            string? dir = r.GetValue(output) ?? (r.GetValue(json) ? null : "output/folds2d");
            using var folder = dir is null ? null : ResultFolder.Open(dir, ResultSettings.Folds2d(model, p, q, a, b, a2, b2, count), r.GetValue(force));
            var d = Progress.Run(ctx, "fold curves", FoldCurves.Diagrams(count), pr => FoldCurves.Trace(model, turning, followed, options, Progress.Steps(pr), ctx.Cancel));
            var result = new FoldCurvesResult(d);
            var text = result.ToJson();
            var written = new List<string>();
            if (dir is not null)
            {
                written.AddRange(result.Write(dir));
                folder!.Complete();
            }
            if (r.GetValue(json)) ctx.Out.WriteLine(text);
            else
            {
                ctx.Out.WriteLine($"{d.Curves.Count} fold curves, {d.Cusps.Count()} cusps");
                foreach (var f in written) ctx.Out.WriteLine($"wrote {f}");
            }
            foreach (var problem in d.SeedProblems) ctx.Error.WriteLine($"warning: {problem}");
            var stalled = d.Curves.SelectMany(c => new[] { c.Start, c.Finish }).FirstOrDefault(e => e.Reason == BranchEndReason.Stalled);
            if (stalled is not null) throw new NumericalException($"fold continuation stalled: {stalled.What}" + (dir is null ? "" : $"; the curves computed so far are in {dir}"));
            return 0;
        });
        return command;
    }
}

/// <summary><c>transition</c>: the feature-to-prototype line T_c(n): closed form, its criterion solved numerically, the exact equal-cost line.</summary>
internal static class TransitionCommand
{
    public static Command Create(CliContext ctx)
    {
        var gram = new GramOptions(GramPair.Symmetric(753, 494), "two samples of equal norm");
        var from = new Option<double>("--n-from") { Description = "Smallest n", DefaultValueFactory = _ => 2 };
        var to = new Option<double>("--n-to") { Description = "Largest n", DefaultValueFactory = _ => 30 };
        var step = new Option<double>("--n-step") { Description = "Step in n", DefaultValueFactory = _ => 1 };
        var pairCase = new Option<string>("--case") { Description = "intra (two samples of one class) or inter (labels ±1 on two classes) for the equal-cost line", DefaultValueFactory = _ => "intra" };
        var json = new Option<bool>("--json") { Description = "Print JSON" };
        var output = new Option<string?>("--out") { Description = "Folder for transition.csv, transition.json and transition.png" };
        var force = ResultSettings.ForceOption();
        var command = new Command("transition", "Feature-to-prototype transition line T_c(n) (paper Fig. 6): closed form, numeric criterion, exact equal-cost line");
        gram.AddTo(command);
        foreach (var o in new Option[] { from, to, step, pairCase, json, output, force }) command.Options.Add(o);
        command.SetAction(r =>
        {
            var g = gram.Value(r);
            double a = r.GetValue(from), b = r.GetValue(to), s = r.GetValue(step);
            if (!(a >= 1) || !(b >= a)) throw new UsageException($"the n range [{a}, {b}] is empty, reversed or below 1");
            if (!(s > 0)) throw new UsageException($"--n-step {s} must be > 0");
            var c = r.GetValue(pairCase) switch
            {
                "intra" => PairCase.Intra,
                "inter" => PairCase.Inter,
                var other => throw new UsageException($"--case '{other}' is unknown: use intra or inter"),
            };
            var ns = Grid.Steps(a, b, s, "n");
            var result = TransitionResult.Compute(g, ns, c);
            var rows = result.Rows;
            var text = result.ToJson();
            if (r.GetValue(output) is { } dir)
            {
                using var folder = ResultFolder.Open(dir, ResultSettings.Transition(g, ns, c), r.GetValue(force));
                result.Write(dir);
                folder.Complete();
            }
            if (r.GetValue(json)) ctx.Out.WriteLine(text);
            else
            {
                ctx.Out.WriteLine($"{"n",5} {"T_c closed",12} {"criterion",12} {"equal cost",12} {"gap",8}");
                foreach (var x in rows)
                    ctx.Out.WriteLine(FormattableString.Invariant($"{x.N,5:G4} {x.ClosedForm,12:F4} {x.Criterion,12:F4} {x.EqualCost?.ToString("F4", CultureInfo.InvariantCulture) ?? "-",12} {(x.RelativeGap is { } gap ? (100 * gap).ToString("F2", CultureInfo.InvariantCulture) + "%" : "-"),8}"));
            }
            return 0;
        });
        return command;
    }
}

/// <summary><c>canalized-splits</c>: paper Fig. 4 simulated, with the three-category model's predicted gathering point and split order.</summary>
internal static class CanalizedSplitsCommand
{
    public static Command Create(CliContext ctx)
    {
        var digitOptions = new DigitOptions("1,4,7", 20, "Seed (digits and start)");
        var n = new Option<double>("--n") { Description = "Exponent n", DefaultValueFactory = _ => 30 };
        var temperature = new TemperatureOption(1.0);
        var memories = new Option<int>("--memories") { Description = "Memories", DefaultValueFactory = _ => 100 };
        var epochs = new Option<int>("--epochs") { Description = "Epochs", DefaultValueFactory = _ => 3500 };
        var distance = new Option<double>("--split-distance") { Description = "Memories closer than this in ᾱ are one group", DefaultValueFactory = _ => 0.1 };
        var output = new Option<string>("--out") { Description = "Output folder", DefaultValueFactory = _ => "output/canalized-splits" };
        var force = ResultSettings.ForceOption();
        var command = new Command("canalized-splits", "Paper Fig. 4: memories' ᾱ paths, detected splits, and the three-category model's prediction");
        digitOptions.AddTo(command);
        command.Options.Add(n);
        temperature.AddTo(command);
        foreach (var o in new Option[] { memories, epochs, distance, output, force }) command.Options.Add(o);
        command.SetAction(r =>
        {
            var classes = digitOptions.Classes(r, 3);
            if (r.GetValue(memories) < 2) throw new UsageException($"--memories must be at least 2 (got {r.GetValue(memories)})");
            var set = digitOptions.Select(r);
            double tr = temperature.ReducedTemperature(r);
            using var folder = ResultFolder.Open(r.GetValue(output)!, ResultSettings.CanalizedSplits(set, classes, r.GetValue(n), tr, r.GetValue(memories), r.GetValue(epochs),
                r.GetValue(digitOptions.Seed), r.GetValue(distance)), r.GetValue(force));
            var result = Progress.Run(ctx, "training", r.GetValue(epochs), p => CanalizedSplitsResult.Run(set,
                new CanalizedSplitsOptions(classes, r.GetValue(n), tr)
                {
                    Memories = r.GetValue(memories),
                    Epochs = r.GetValue(epochs),
                    Seed = r.GetValue(digitOptions.Seed),
                    Detector = new Analysis.SplitDetector(r.GetValue(distance)),
                },
                new InlineProgress<int>(e => p(e, ""))));
            foreach (var f in CanalizedSplitsFiles.Write(result, r.GetValue(output)!)) ctx.Out.WriteLine($"wrote {f}");
            foreach (var line in CanalizedSplitsFiles.Summary(result)) ctx.Out.WriteLine(line);
            folder.Complete();
            return 0;
        });
        return command;
    }
}
