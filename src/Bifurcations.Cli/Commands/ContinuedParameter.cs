using System.CommandLine;
using Bifurcations.Cli.Common;
using Bifurcations.Reduced;

namespace Bifurcations.Cli.Commands;

/// <summary>
/// The network parameter a command continues in (n, temperature or temp-r), read from <c>--param</c>: the option that would
/// set that same parameter (--n, or --temp/--temp-r) is refused, since the range gives it.
/// </summary>
internal static class ContinuedParameter
{
    /// <param name="r">The parsed command line.</param>
    /// <param name="param">--param.</param>
    /// <param name="temperature">--temp/--temp-r, the temperature when n is continued.</param>
    /// <param name="n">--n, the exponent when a temperature is continued.</param>
    /// <param name="system">What is continued, for the message ("the group system").</param>
    public static PairParameter Parse(ParseResult r, Option<string> param, TemperatureOption temperature, Option<double> n, string system)
    {
        var name = r.GetValue(param)!;
        // The pair model's list (memories, the Gram entries) is not this command's: name only what it takes.
        var parameter = PairParameter.Find(name)
            ?? throw new UsageException($"unknown parameter '{name}': {system} takes n, temperature or temp-r");
        if (!parameter.IsNetworkParameter) throw new UsageException($"--param {parameter.Name}: {system} takes n, temperature or temp-r");
        if (parameter.Kind != PairParameterKind.Exponent && temperature.Given(r))
            throw new UsageException("--temp/--temp-r set the temperature, the parameter being swept: give its range with --from and --to instead");
        if (parameter.Kind == PairParameterKind.Exponent && r.GetResult(n) is { Implicit: false })
            throw new UsageException("--n sets n, the parameter being swept: give its range with --from and --to instead");
        return parameter;
    }
}
