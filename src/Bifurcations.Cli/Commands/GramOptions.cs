using System.CommandLine;
using Bifurcations.Cli.Common;
using Bifurcations.Reduced;

namespace Bifurcations.Cli.Commands;

/// <summary>
/// The Gram entries of a pair: <c>--gram G_AA,G_AB,G_BB</c>, always three entries, or <c>--gram-sym G_AA,G_AB</c> for the
/// symmetric idealization G_BB = G_AA. Two entries given to --gram are refused rather than read one way or another.
/// </summary>
internal sealed class GramOptions
{
    public Option<string?> Gram { get; }
    public Option<string?> GramSym { get; } = new("--gram-sym") { Description = "Gram entries G_AA,G_AB of a symmetric pair (G_BB = G_AA), instead of --gram" };
    readonly GramPair _default;

    public GramOptions(GramPair defaultGram, string defaultNote)
    {
        _default = defaultGram;
        Gram = new("--gram") { Description = $"Gram entries G_AA,G_AB,G_BB (default {defaultGram.AA:G6},{defaultGram.AB:G6},{defaultGram.BB:G6}, {defaultNote})" };
    }

    public void AddTo(Command command)
    {
        command.Options.Add(Gram);
        command.Options.Add(GramSym);
    }

    public bool Given(ParseResult r) => r.GetValue(Gram) is not null || r.GetValue(GramSym) is not null;

    /// <summary>The option the user gave, for messages ("give --gram or --pair, not both").</summary>
    public string GivenName(ParseResult r) => r.GetValue(GramSym) is not null ? "--gram-sym" : "--gram";

    public GramPair Value(ParseResult r)
    {
        string? full = r.GetValue(Gram), sym = r.GetValue(GramSym);
        if (full is not null && sym is not null) throw new UsageException("give --gram or --gram-sym, not both");
        if (full is not null)
        {
            var v = Lists.Numbers(full, "--gram");
            if (v.Length != 3) throw new UsageException($"--gram '{full}' has {v.Length} entries: give G_AA,G_AB,G_BB (or --gram-sym G_AA,G_AB for G_BB = G_AA)");
            return new GramPair(v[0], v[1], v[2]);
        }
        if (sym is not null)
        {
            var v = Lists.Numbers(sym, "--gram-sym");
            if (v.Length != 2) throw new UsageException($"--gram-sym '{sym}' has {v.Length} entries: give G_AA,G_AB");
            return GramPair.Symmetric(v[0], v[1]);
        }
        return _default;
    }
}
