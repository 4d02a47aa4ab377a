using System.CommandLine;
using Bifurcations.Data;
using Bifurcations.Model;
using Bifurcations.Reduced;

namespace Bifurcations.Cli.Commands;

/// <summary>The options of every reduced two-digit command: the pair (Gram entries or two embedded digits) and n, T, K.</summary>
public sealed class PairOptions
{
    public Option<string?> Gram { get; } = new("--gram") { Description = "Gram entries G_AA,G_AB,G_BB (default 753,494,719, the paper's Fig. 5)" };
    public Option<string?> Pair { get; } = new("--pair") { Description = "Two embedded digits' classes, e.g. 1,4 (inter) or 4,4 (intra); their own Gram entries are used" };
    public Option<int> Seed { get; } = new("--seed") { Description = "Seed choosing the digits of --pair", DefaultValueFactory = _ => 0 };
    public Option<string?> Mnist { get; } = new("--mnist") { Description = "Folder with official MNIST IDX files for --pair" };
    public Option<double> N { get; }
    public Option<double?> M { get; } = new("--m") { Description = "Cost exponent m (default: n)" };
    public Option<double?> Temp { get; } = new("--temp") { Description = "Temperature T (default 700)" };
    public Option<double?> TempR { get; } = new("--temp-r") { Description = "Rescaled temperature T_r = T/784 (instead of --temp)" };
    public Option<int> Memories { get; } = new("--memories") { Description = "Number K of identical memories (T_eff = T/K^(1/n))", DefaultValueFactory = _ => 2 };
    public Option<string?> Case { get; } = new("--case") { Description = "inter (labels ±ℓ) or intra (same class); default: intra when --pair names one class twice" };

    public PairOptions(double defaultN = 15) =>
        N = new("--n") { Description = "Exponent n", DefaultValueFactory = _ => defaultN };

    public void AddTo(Command command)
    {
        foreach (var o in new Option[] { Gram, Pair, Seed, Mnist, N, M, Temp, TempR, Memories, Case }) command.Options.Add(o);
    }

    /// <summary>The pair's digits when --pair is given (null for --gram).</summary>
    public TrainingSet? Digits(ParseResult r)
    {
        if (r.GetValue(Pair) is not { } pair) return null;
        var text = Lists.Entries(pair, "--pair");
        if (text.Length != 2) throw new UsageException($"--pair '{pair}' must name two digit classes, e.g. 1,4 or 4,4");
        bool same = text[0] == text[1];
        var classes = DigitSelection.ParseClasses(same ? text[0] : pair);
        var set = r.GetValue(Mnist) is { } dir ? MnistSet.LoadFolder(dir) : MnistSet.Embedded;
        return new DigitSelection(classes, same ? 2 : 1, r.GetValue(Seed)).Select(set);
    }

    public PairModel Model(ParseResult r) => Model(r, Digits(r));

    public PairModel Model(ParseResult r, TrainingSet? digits)
    {
        if (r.GetValue(Gram) is not null && digits is not null) throw new UsageException("give --gram or --pair, not both");
        GramPair gram;
        if (digits is not null)
        {
            var g = digits.Gram();
            gram = new GramPair(g[0], g[1], g[3]);
        }
        else gram = GramPair.Parse(r.GetValue(Gram) ?? "753,494,719");
        var parameters = Parameters(r, r.GetValue(N));
        var pairCase = r.GetValue(Case) switch
        {
            null => digits is not null && digits.Labels[0] == digits.Labels[1] ? PairCase.Intra : PairCase.Inter,
            "inter" => PairCase.Inter,
            "intra" => PairCase.Intra,
            var other => throw new UsageException($"--case '{other}' is unknown: use inter or intra"),
        };
        return new PairModel(gram, parameters, r.GetValue(Memories), pairCase);
    }

    public NetworkParameters Parameters(ParseResult r, double n)
    {
        if (r.GetValue(Temp) is not null && r.GetValue(TempR) is not null) throw new UsageException("give --temp or --temp-r, not both");
        if (r.GetValue(TempR) is { } tr) return NetworkParameters.FromReducedTemperature(n, tr, r.GetValue(M));
        return new NetworkParameters(n, r.GetValue(Temp) ?? 700, r.GetValue(M));
    }

    /// <summary>
    /// Refuses an option that sets the parameter being continued (e.g. <c>--n</c> with <c>--param n</c>): its value would
    /// be ignored, since the continuation sweeps that parameter over --from/--to.
    /// </summary>
    public void RefuseContinued(ParseResult r, params Reduced.PairParameter[] continued)
    {
        foreach (var p in continued)
        {
            Option[] setting = p.Kind switch
            {
                Reduced.PairParameterKind.Exponent => [N],
                Reduced.PairParameterKind.Temperature or Reduced.PairParameterKind.ReducedTemperature => [Temp, TempR],
                Reduced.PairParameterKind.Memories => [Memories],
                _ => [],
            };
            foreach (var o in setting)
                if (r.GetResult(o) is { Implicit: false })
                    throw new UsageException($"{o.Name} sets {p.Name}, the parameter being continued: give its range with --from and --to instead");
        }
    }
}
