using System.CommandLine;
using Bifurcations.Cli.Common;
using Bifurcations.Data;
using Bifurcations.Model;
using Bifurcations.Reduced;

namespace Bifurcations.Cli.Commands;

/// <summary>The options of every reduced two-digit command: the pair (Gram entries or two embedded digits) and n, T, K.</summary>
internal sealed class PairOptions
{
    public GramOptions Gram { get; } = new(new GramPair(753, 494, 719), "the paper's Fig. 5");
    public Option<string?> Pair { get; } = new("--pair") { Description = "Two embedded digits' classes, e.g. 1,4 (inter) or 4,4 (intra); their own Gram entries are used" };
    public Option<int> Seed { get; } = DigitOptions.SeedOption("Seed choosing the digits of --pair");
    public Option<bool> First { get; } = DigitOptions.FirstOption("Take the first digits of each class for --pair instead of a random pick");
    public Option<string?> Mnist { get; } = DigitOptions.MnistOption();
    public Option<double> N { get; }
    public Option<double?> M { get; } = new("--m") { Description = "Cost exponent m (default: n)" };
    public TemperatureOption Temperature { get; } = new(700 / NetworkParameters.PixelCount, statedInT: true);
    public Option<double?> Temp => Temperature.Temp;
    public Option<double?> TempR => Temperature.TempR;
    public Option<int> Memories { get; } = new("--memories") { Description = "Number K of identical memories (T_eff = T/K^(1/n))", DefaultValueFactory = _ => 2 };
    public Option<string?> Case { get; } = new("--case") { Description = "inter (labels ±ℓ) or intra (same class); default: intra when --pair names one class twice" };

    public PairOptions(double defaultN = 15) =>
        N = new("--n") { Description = "Exponent n", DefaultValueFactory = _ => defaultN };

    public void AddTo(Command command)
    {
        Gram.AddTo(command);
        foreach (var o in new Option[] { Pair, Seed, First, Mnist, N, M }) command.Options.Add(o);
        Temperature.AddTo(command);
        foreach (var o in new Option[] { Memories, Case }) command.Options.Add(o);
    }

    /// <summary>The pair's digits when --pair is given (null for --gram).</summary>
    public TrainingSet? Digits(ParseResult r) => r.GetValue(Pair) is { } pair ? Digits(r, pair) : null;

    /// <summary>The two digits of <paramref name="pair"/> (e.g. "1,4"), picked by --seed/--first from --mnist or the embedded set.</summary>
    public TrainingSet Digits(ParseResult r, string pair)
    {
        var text = Lists.Entries(pair, "--pair");
        if (text.Length != 2) throw new UsageException($"--pair '{pair}' must name two digit classes, e.g. 1,4 or 4,4");
        bool same = text[0] == text[1];
        var classes = DigitSelection.ParseClasses(same ? text[0] : pair);
        DigitOptions.RefuseSeedWithFirst(r, Seed, First, seedOnlyPicks: true);
        var set = r.GetValue(Mnist) is { } dir ? MnistSet.LoadFolder(dir) : MnistSet.Embedded;
        return new DigitSelection(classes, same ? 2 : 1, r.GetValue(Seed), r.GetValue(First) ? SelectionMode.First : SelectionMode.Random).Select(set);
    }

    public PairModel Model(ParseResult r) => Model(r, Digits(r));

    public PairModel Model(ParseResult r, TrainingSet? digits)
    {
        if (Gram.Given(r) && digits is not null) throw new UsageException($"give {Gram.GivenName(r)} or --pair, not both");
        GramPair gram;
        if (digits is not null)
        {
            var g = digits.Gram();
            gram = new GramPair(g[0], g[1], g[3]);
        }
        else
        {
            // Without --pair no digits are picked, so the options that pick them would silently do nothing.
            foreach (var o in new Option[] { Seed, First, Mnist })
                if (r.GetResult(o) is { Implicit: false })
                    throw new UsageException($"{o.Name} picks the digits of --pair; without --pair (Gram entries given or the default pair) it has no effect: leave it out or add --pair");
            gram = Gram.Value(r);
        }
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
        return new NetworkParameters(n, Temperature.Temperature(r), r.GetValue(M));
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
