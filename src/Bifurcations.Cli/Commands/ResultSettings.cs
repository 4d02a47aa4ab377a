using System.CommandLine;
using Bifurcations.Data;
using Bifurcations.Experiments.IO;
using Bifurcations.Experiments.Simulations;
using Bifurcations.Model;
using Bifurcations.Reduced;

namespace Bifurcations.Cli.Commands;

/// <summary>
/// What each result folder's manifest records, so that no command overwrites results made with other settings: a second
/// run into the same folder with other settings is refused (naming the first difference) unless --force. The commands
/// and <c>reproduce</c> build a folder's manifest with the same method, so either may reuse the other's folder.
/// </summary>
internal static class ResultSettings
{
    public static Option<bool> ForceOption() => new("--force") { Description = "Discard what --out holds if it was made with other settings" };

    static (string, object?)[] Pair(PairModel m) =>
    [
        ("gaa", m.Gram.AA), ("gab", m.Gram.AB), ("gbb", m.Gram.BB), ("n", m.Parameters.Exponent), ("m", m.Parameters.CostExponent),
        ("temperature", m.Parameters.Temperature), ("memories", m.Memories), ("case", m.Case.ToString().ToLowerInvariant()),
    ];

    static (string, object?)[] Network(NetworkParameters p) => [("n", p.Exponent), ("m", p.CostExponent), ("temperature", p.Temperature)];

    public static RunSettings Continuation(PairModel model, PairParameter parameter, double from, double to, int seeds) =>
        RunSettings.Of("continuation", [.. Pair(model), ("param", parameter.Name), ("from", from), ("to", to), ("seeds", seeds)]);

    public static RunSettings Nullclines(PairModel model, ManifoldBranch[] branches) =>
        RunSettings.Of("nullclines", [.. Pair(model), ("branches", string.Join(",", branches.Select(b => b.ToString().ToLowerInvariant())))]);

    public static RunSettings Split(TrainingSet digits, SplitExperimentOptions o) =>
        RunSettings.Of("split", [("digits", digits.Fingerprint), .. Network(o.Parameters), ("rate", o.Rate), ("epochs", o.Epochs), ("alpha", o.Alpha), ("ell", o.Ell), ("delta", o.Delta)]);

    public static RunSettings Folds2d(PairModel model, PairParameter p, PairParameter q, double from, double to, double from2, double to2, int seeds) =>
        RunSettings.Of("folds2d", [.. Pair(model), ("param", p.Name), ("param2", q.Name), ("from", from), ("to", to), ("from2", from2), ("to2", to2), ("seeds2", seeds)]);

    public static RunSettings Transition(GramPair gram, double[] ns, PairCase pairCase) =>
        RunSettings.Of("transition", ("gaa", gram.AA), ("gab", gram.AB), ("gbb", gram.BB), ("ns", ns), ("case", pairCase.ToString().ToLowerInvariant()));

    public static RunSettings CanalizedSplits(TrainingSet set, int[] classes, double n, double reducedTemperature, int memories, int epochs, int seed, double splitDistance) =>
        RunSettings.Of("canalized-splits", ("digits", set.Fingerprint), ("classes", classes), ("n", n), ("temperatureR", reducedTemperature), ("memories", memories),
            ("epochs", epochs), ("seed", seed), ("splitDistance", splitDistance));

    public static RunSettings Cascade(TrainingSet set, Experiments.Simulations.CascadeRunOptions o) =>
        RunSettings.Of("cascade", ("digits", set.Fingerprint), ("classes", o.Classes), ("n", o.Exponent), ("temperatureR", o.ReducedTemperature), ("memories", o.Memories),
            ("epochs", o.Epochs), ("seed", o.Seed), ("groups", o.Groups), ("splitDistance", o.Detector.Distance));

    public static RunSettings SplitTree(TrainingSet set, int[] classes, NetworkParameters p, int memories, int groups) =>
        RunSettings.Of("split-tree", [("digits", set.Fingerprint), ("classes", classes), .. Network(p), ("memories", memories), ("groups", groups)]);

    public static RunSettings ThreeCategory(TrainingSet set, int[] classes, NetworkParameters p, PairParameter parameter, int memories, double[] grid) =>
        RunSettings.Of("three-category", [("digits", set.Fingerprint), ("classes", classes), .. Network(p), ("param", parameter.Name), ("memories", memories), ("grid", grid)]);

    public static RunSettings GroupBranch(Experiments.Artifacts.GroupBranchOptions o) =>
        RunSettings.Of("group-branch", [("digits", o.Digits.Fingerprint), ("classes", o.Classes), .. Network(o.Network), ("param", o.Parameter.Name), ("from", o.From), ("to", o.To),
            ("copies", o.Copies), ("splits", o.Splits.Select(s => $"{s.A}+{s.B}").ToArray())]);
}
