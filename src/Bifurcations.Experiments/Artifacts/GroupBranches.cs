using System.Globalization;
using Bifurcations.Data;
using Bifurcations.Experiments.IO;
using Bifurcations.Experiments.Plotting;
using Bifurcations.Model;
using Bifurcations.Reduced;

namespace Bifurcations.Experiments.Artifacts;

/// <summary>What <see cref="GroupBranches"/> continues: K identical memories of the exact group system on some digits.</summary>
/// <param name="Digits">The training digits whose span the memories live in.</param>
/// <param name="Classes">The classes, in the order ᾱ is reported.</param>
/// <param name="Network">n and T; the continued parameter starts at <paramref name="From"/>, where the rest point is settled.</param>
/// <param name="Parameter">n, T or T_r.</param>
/// <param name="From">Start of the range (the branch is seeded here).</param>
/// <param name="To">End of the range.</param>
/// <param name="Copies">K, the identical memories.</param>
/// <param name="Splits">The group sizes (K_A, K_B, summing to K) whose split branches are followed out of each breaking point.</param>
public sealed record GroupBranchOptions(TrainingSet Digits, int[] Classes, NetworkParameters Network, PairParameter Parameter, double From, double To, int Copies,
    IReadOnlyList<(int A, int B)> Splits);

/// <summary>
/// The exact group system continued in one parameter (docs/cascade.md, "Continuing the exact group system"): the branch of
/// K identical memories, its rate of difference, its symmetry-breaking points with their modes, the kinks it was carried
/// across, and the split branches of two groups out of each breaking point.
/// </summary>
public sealed class GroupBranches : IWritable
{
    GroupBranches(GroupBranchOptions options, GroupBranch branch, IReadOnlyList<(int Breaking, GroupSplitBranch Branch)> splits, IReadOnlyList<string> failures) =>
        (Options, Branch, Splits, _failures) = (options, branch, splits, failures);

    readonly IReadOnlyList<string> _failures;

    /// <summary>The settings.</summary>
    public GroupBranchOptions Options { get; }
    /// <summary>The symmetric branch.</summary>
    public GroupBranch Branch { get; }
    /// <summary>Each split branch with the index of the breaking point it leaves.</summary>
    public IReadOnlyList<(int Breaking, GroupSplitBranch Branch)> Splits { get; }

    /// <summary>Steps <see cref="Compute"/> reports: the branch, then one per split branch of each breaking point.</summary>
    public static int Steps(GroupBranchOptions o, int breakings) => 1 + breakings * o.Splits.Count;

    /// <summary>
    /// Settles K identical memories at <see cref="GroupBranchOptions.From"/> from a start spread evenly over the digits,
    /// follows their branch over the range, then each split branch out of each breaking point that has a mode.
    /// </summary>
    /// <param name="o">The digits, network, parameter range, K and split sizes.</param>
    /// <param name="progress">
    /// Told the share done and what is being done: the branch of identical memories is the first half (as far along the
    /// range as it has reached), the split branches share the second.
    /// </param>
    /// <param name="cancel">Checked between the branches and inside each.</param>
    public static GroupBranches Compute(GroupBranchOptions o, IProgress<(double Done, string What)>? progress = null, CancellationToken cancel = default)
    {
        foreach (var (a, b) in o.Splits)
            if (a < 1 || b < 1 || a + b != o.Copies)
                throw new InvalidParameterException($"split {a}+{b} is invalid: both groups need at least 1 memory and together the K = {o.Copies} copies");
        var network = o.Parameter.At(o.Network, o.From);
        var system = new GroupSystem(o.Digits, network, o.Classes);
        int p = o.Digits.Count;
        var even = Enumerable.Repeat(1.0 / p, p).ToArray();
        double size = system.Memory(new SpanGroup(even, new double[NetworkState.Classes], 1)).Max(Math.Abs);
        if (!(size > 0)) throw new NumericalException("the digits' mean is zero: no even start in their span");
        // Started on the manifold's inside (largest pixel 0.9) with labels at −0.5, as the cascade's groups are.
        var start = new SpanGroup([.. even.Select(a => 0.9 * a / size)], [.. Enumerable.Repeat(-0.5, NetworkState.Classes)], o.Copies);
        progress?.Report((0, $"settling {o.Copies} identical memories at {o.Parameter.Name} = {o.From:G6}"));
        var rest = GroupContinuation.Settle(system, start);
        string following = $"following {o.Copies} identical memories in {o.Parameter.Name}";
        var branch = GroupContinuation.Follow(system, o.Copies, o.Parameter, o.From, rest, o.From, o.To, cancel: cancel,
            progress: new InlineProgress<double>(f => progress?.Report((f / 2, f < 0.5 ? following : $"{following}: rates of difference"))));
        var breakings = branch.SymmetryBreaking.Select((b, i) => (b, i)).Where(t => t.b.Mode is not null && !t.b.AcrossKink).ToArray();
        int total = Steps(o, breakings.Length), done = 1;
        string Branches() => $"{done}/{total} branches";
        progress?.Report((total == 1 ? 1 : 0.5, Branches()));
        var splits = new List<(int, GroupSplitBranch)>();
        var failures = new List<string>();
        foreach (var (b, i) in breakings)
            foreach (var (a, c) in o.Splits)
            {
                cancel.ThrowIfCancellationRequested();
                try { splits.Add((i, GroupContinuation.FollowSplit(system, b, a, c, o.Parameter, o.From, o.To, cancel: cancel))); }
                catch (NumericalException e)
                {
                    failures.Add(FormattableString.Invariant($"split {a}+{c} out of {o.Parameter.Name} = {b.Parameter:G8}: {e.Message}"));
                }
                ++done;
                progress?.Report((0.5 + 0.5 * (done - 1) / (total - 1), Branches()));
            }
        return new(o, branch, splits, failures);
    }

    /// <summary>The breaking mode summed over each class's digits and scaled to a largest magnitude of 1 (the class-level direction).</summary>
    public double[] ClassDirection(DifferenceMode mode)
    {
        var labels = Options.Digits.Labels;
        double[] d = [.. Options.Classes.Select(c => Enumerable.Range(0, Options.Digits.Count).Where(i => labels[i] == c).Sum(i => mode.Direction[i]))];
        double scale = d.Max(Math.Abs);
        return scale > 0 ? [.. d.Select(x => x / scale)] : d;
    }

    static string Vector(IEnumerable<double> v, string format = "F3") => "(" + string.Join(", ", v.Select(x => x.ToString(format, CultureInfo.InvariantCulture))) + ")";

    /// <inheritdoc/>
    public IReadOnlyList<string> Summary
    {
        get
        {
            var (b, name) = (Branch, Options.Parameter.Name);
            var lines = new List<string>
            {
                FormattableString.Invariant($"{Options.Copies} identical memories from {name} = {Options.From:G6} to {Options.To:G6}: {b.Points.Count} rest points in {b.Pieces.Count} piece(s), {b.Kinks.Count} kink(s) crossed; ends: {b.Pieces[0].Start.Reason}, {b.Pieces[^1].Finish.Reason}"),
                FormattableString.Invariant($"rate of difference (per unit time): {b.Points[0].DifferenceRate:G3} at {name} = {b.Points[0].Parameter:G6}, {b.Points[^1].DifferenceRate:G3} at {b.Points[^1].Parameter:G6} (> 0: identical memories come apart)"),
            };
            if (b.SymmetryBreaking.Count == 0) lines.Add("no symmetry breaking on this range: the rate of difference keeps its sign");
            foreach (var s in b.SymmetryBreaking)
                lines.Add(s.AcrossKink
                    ? FormattableString.Invariant($"the rate of difference changes sign across the kink gap at {name} ≈ {s.Parameter:G8}: not bisected, no mode")
                    : FormattableString.Invariant($"symmetry breaks at {name} = {s.Parameter:G8}, ᾱ = {Vector(s.ClassAlpha)}: mode by class {Vector(ClassDirection(s.Mode!), "F2")}, growth {s.Mode!.Growth:G6} per epoch; memories come apart {(s.UnstableAbove ? "above" : "below")}"));
            foreach (var (i, sp) in Splits)
            {
                if (NotFollowed(sp))
                {
                    lines.Add(FormattableString.Invariant($"split {sp.CopiesA}+{sp.CopiesB} out of {name} = {b.SymmetryBreaking[i].Parameter:G8}: not followed, both ways stalled at the breaking point (see the warnings)"));
                    continue;
                }
                var folds = sp.Raw.SpecialPoints.Where(x => x.Kind == Continuation.SpecialPointKind.Fold).Select(x => x.Parameter.ToString("G8", CultureInfo.InvariantCulture)).ToArray();
                var ends = new[] { sp.Points[0], sp.Points[^1] };
                lines.Add(FormattableString.Invariant($"split {sp.CopiesA}+{sp.CopiesB} out of {name} = {b.SymmetryBreaking[i].Parameter:G8}: {sp.Points.Count} points over {name} {sp.Points.Min(x => x.Parameter):G6}–{sp.Points.Max(x => x.Parameter):G6}, folds at {(folds.Length == 0 ? "none" : string.Join(", ", folds))}; ends: ")
                    + string.Join("; ", ends.Select(e => FormattableString.Invariant($"{name} = {e.Parameter:G6}: A {Vector(e.ClassAlphaA)}, B {Vector(e.ClassAlphaB)} ({e.Stability.ToString().ToLowerInvariant()})"))));
            }
            return lines;
        }
    }

    /// <summary>
    /// The ends of the symmetric branch and of the split branches that are not on a bound of the range. The pieces
    /// between kinks end stalled at each kink; those inner ends are crossings (<see cref="GroupBranch.Kinks"/>), not ends.
    /// </summary>
    IEnumerable<(string Branch, Continuation.BranchEnd End)> Ends =>
        new[] { ($"the branch of {Options.Copies} identical memories (start)", Branch.Pieces[0].Start), ($"the branch of {Options.Copies} identical memories (finish)", Branch.Pieces[^1].Finish) }
            .Concat(Splits.SelectMany(s => new[] { (SplitName(s, "start"), s.Branch.Raw.Start), (SplitName(s, "finish"), s.Branch.Raw.Finish) }))
            .Where(e => e.Item2.Reason != Continuation.BranchEndReason.ParameterBound);

    string SplitName((int Breaking, GroupSplitBranch Branch) s, string end) =>
        FormattableString.Invariant($"split {s.Branch.CopiesA}+{s.Branch.CopiesB} out of {Options.Parameter.Name} = {Branch.SymmetryBreaking[s.Breaking].Parameter:G8} ({end})");

    /// <summary>A split branch that stalled at once on both ends: it was not followed (its points are the breaking point).</summary>
    static bool NotFollowed(GroupSplitBranch b) =>
        b.Raw.Start.Reason == Continuation.BranchEndReason.Stalled && b.Raw.Finish.Reason == Continuation.BranchEndReason.Stalled
        && b.Points.Max(x => x.Parameter) - b.Points.Min(x => x.Parameter) == 0;

    /// <inheritdoc/>
    public IReadOnlyList<string> Warnings
    {
        get
        {
            var w = new List<string>(_failures.Select(f => $"split branch not followed: {f}"));
            foreach (var (branch, end) in Ends)
                w.Add(FormattableString.Invariant($"{branch} ends before the range at {Options.Parameter.Name} = {end.Parameter:G8}: {end.Reason} ({end.What})"));
            return w;
        }
    }

    /// <summary>branch.csv (the symmetric branch), splits.csv (the split branches), group-branch.json and branches.png/svg.</summary>
    public IReadOnlyList<string> Write(string folder)
    {
        var (o, b) = (Options, Branch);
        Directory.CreateDirectory(folder);
        string col = CsvOutput.Column(o.Parameter.Name);
        var classCols = o.Classes.Select(c => $"alpha_{c}").ToArray();
        var branchCsv = Path.Combine(folder, "branch.csv");
        // The stability of the rest point for identical memories kept identical; whether they come apart is the rate's sign.
        CsvOutput.Write(branchCsv, [col, .. classCols, "symmetric_stability", "difference_rate"],
            b.Points.Select(pt => (object?[])[pt.Parameter, .. pt.ClassAlpha.Cast<object?>(), pt.Stability.ToString().ToLowerInvariant(), pt.DifferenceRate]));
        var splitCsv = Path.Combine(folder, "splits.csv");
        CsvOutput.Write(splitCsv, ["split", "breaking", col, .. classCols.Select(c => c + "_a"), .. classCols.Select(c => c + "_b"), "stability"],
            Splits.SelectMany(s => s.Branch.Points.Select(pt => (object?[])[$"{s.Branch.CopiesA}+{s.Branch.CopiesB}", s.Breaking, pt.Parameter,
                .. pt.ClassAlphaA.Cast<object?>(), .. pt.ClassAlphaB.Cast<object?>(), pt.Stability.ToString().ToLowerInvariant()])));
        var json = Path.Combine(folder, "group-branch.json");
        AtomicFile.WriteAllText(json, JsonOutput.Serialize(new
        {
            classes = o.Classes,
            digits = o.Digits.Count,
            parameter = o.Parameter.Name,
            from = o.From,
            to = o.To,
            // The parameter held fixed; the continued one is the range.
            n = o.Parameter.Kind == PairParameterKind.Exponent ? (double?)null : o.Network.Exponent,
            temperatureR = o.Parameter.Kind == PairParameterKind.Exponent ? o.Network.ReducedTemperature : (double?)null,
            copies = o.Copies,
            ends = Ends.Select(e => new { branch = e.Branch, p = e.End.Parameter, reason = e.End.Reason.ToString(), what = e.End.What }).ToArray(),
            kinks = b.Kinks.Select(k => new { from = k.From, to = k.To, stateJump = k.StateJump }).ToArray(),
            symmetryBreaking = b.SymmetryBreaking.Select(s => new
            {
                p = s.Parameter,
                classAlpha = s.ClassAlpha,
                acrossKink = s.AcrossKink,
                unstableAbove = s.UnstableAbove,
                growth = s.Mode?.Growth,
                modeByClass = s.Mode is { } m ? ClassDirection(m) : null,
            }).ToArray(),
            splits = Splits.Select(s => new
            {
                copiesA = s.Branch.CopiesA,
                copiesB = s.Branch.CopiesB,
                breaking = s.Breaking,
                followed = !NotFollowed(s.Branch),
                points = s.Branch.Points.Count,
                folds = s.Branch.Raw.SpecialPoints.Where(x => x.Kind == Continuation.SpecialPointKind.Fold).Select(x => x.Parameter).ToArray(),
                start = new { reason = s.Branch.Raw.Start.Reason.ToString(), p = s.Branch.Raw.Start.Parameter },
                finish = new { reason = s.Branch.Raw.Finish.Reason.ToString(), p = s.Branch.Raw.Finish.Parameter },
            }).ToArray(),
            warnings = Warnings,
        }) + "\n");
        var figure = FigureExport.Save(GroupBranchFigure.Build(this), Path.Combine(folder, "branches.png"), 1100, 750, svg: true);
        return [branchCsv, splitCsv, json, .. figure];
    }
}
