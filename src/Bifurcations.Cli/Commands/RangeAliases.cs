using System.CommandLine;
using Bifurcations.Cli.Common;

namespace Bifurcations.Cli.Commands;

/// <summary>Aliases that name a parameter (<c>--n-from</c> for <c>--from</c>) may be used only when they are true.</summary>
internal static class RangeAliases
{
    /// <summary>
    /// Refuses <c>--n-from</c>/<c>--n-to</c>/<c>--n-step</c> (aliases of <c>--from</c>/<c>--to</c>/<c>--step</c>) when the swept
    /// parameter is not n: "continue --param temperature --n-from 500" would set a temperature through an option named n.
    /// </summary>
    public static void Check(ParseResult r, Reduced.PairParameter swept, params Option[] ranges)
    {
        if (swept.Kind == Reduced.PairParameterKind.Exponent) return;
        foreach (var o in ranges)
            if (r.GetResult(o) is { Implicit: false, IdentifierToken.Value: var used } && used.StartsWith("--n-", StringComparison.Ordinal))
                throw new UsageException($"{used} names n, but the parameter swept is {swept.Name}: use {o.Name}");
    }
}
