using System.CommandLine;
using System.Globalization;
using Bifurcations.Cli.Common;
using Bifurcations.Model;

namespace Bifurcations.Cli.Commands;

// Every command that has a temperature takes it either as T (--temp…) or as T_r = T/784 (--temp-r…), never both:
// the paper states some settings in T (Fig. 5, 6, 8) and others in T_r (Fig. 2–4, 7), and a user should not have to
// convert. The three shapes below (one value, a list, a range) are the only ways a temperature enters the CLI.

/// <summary>One temperature: <c>--temp T</c> or <c>--temp-r T_r</c>.</summary>
internal sealed class TemperatureOption
{
    public Option<double?> Temp { get; }
    public Option<double?> TempR { get; }
    readonly double _defaultTr;

    /// <summary>The default is given as T_r; <paramref name="statedInT"/> shows it in --temp's help instead.</summary>
    public TemperatureOption(double defaultTr, bool statedInT = false, string? when = null)
    {
        _defaultTr = defaultTr;
        string suffix = when is null ? "" : $" {when}";
        string t = (defaultTr * NetworkParameters.PixelCount).ToString("G6", CultureInfo.InvariantCulture);
        string tr = defaultTr.ToString("G6", CultureInfo.InvariantCulture);
        Temp = new("--temp") { Description = $"Temperature T{suffix}" + (statedInT ? $" (default {t})" : " (instead of --temp-r)") };
        TempR = new("--temp-r") { Description = $"Rescaled temperature T_r = T/784{suffix}" + (statedInT ? " (instead of --temp)" : $" (default {tr})") };
    }

    public void AddTo(Command command)
    {
        command.Options.Add(Temp);
        command.Options.Add(TempR);
    }

    /// <summary>True when the user gave either option.</summary>
    public bool Given(ParseResult r) => r.GetValue(Temp) is not null || r.GetValue(TempR) is not null;

    public double ReducedTemperature(ParseResult r)
    {
        double? t = r.GetValue(Temp), tr = r.GetValue(TempR);
        if (t is not null && tr is not null) throw new UsageException("give --temp or --temp-r, not both");
        double value = tr ?? (t is { } x ? x / NetworkParameters.PixelCount : _defaultTr);
        if (!(value > 0))
            throw new UsageException(tr is { } bad ? $"rescaled temperature T_r = {bad.ToString(CultureInfo.InvariantCulture)} is invalid (--temp-r): T_r must be > 0"
                : $"temperature T = {t!.Value.ToString(CultureInfo.InvariantCulture)} is invalid (--temp): T must be > 0");
        return value;
    }

    /// <summary>T: exactly the value of --temp when that is given (T/784·784 is not always T in doubles).</summary>
    public double Temperature(ParseResult r)
    {
        double tr = ReducedTemperature(r); // validates both forms
        return r.GetValue(Temp) ?? tr * NetworkParameters.PixelCount;
    }
}

/// <summary>Several temperatures: <c>--temp T1,T2,…</c> or <c>--temp-r Tr1,Tr2,…</c>.</summary>
internal sealed class TemperatureList
{
    public Option<string?> Temp { get; } = new("--temp") { Description = "Temperatures T, comma-separated (instead of --temp-r)" };
    public Option<string?> TempR { get; }
    readonly string _defaultTr;

    public TemperatureList(string defaultTr)
    {
        _defaultTr = defaultTr;
        TempR = new("--temp-r") { Description = $"Rescaled temperatures T_r = T/784, comma-separated (default {defaultTr})" };
    }

    public void AddTo(Command command)
    {
        command.Options.Add(Temp);
        command.Options.Add(TempR);
    }

    public double[] ReducedTemperatures(ParseResult r)
    {
        string? t = r.GetValue(Temp), tr = r.GetValue(TempR);
        if (t is not null && tr is not null) throw new UsageException("give --temp or --temp-r, not both");
        if (t is not null) return Lists.Positive(t, "--temp").Select(x => x / NetworkParameters.PixelCount).ToArray();
        return Lists.Positive(tr ?? _defaultTr, "--temp-r");
    }
}

/// <summary>A grid of temperatures: <c>--temp-from/--temp-to/--temp-step</c> in T or the same three in T_r.</summary>
internal sealed class TemperatureRange
{
    public Option<double?> From { get; }
    public Option<double?> To { get; }
    public Option<double?> Step { get; }
    public Option<double?> FromR { get; } = new("--temp-r-from") { Description = "Lowest T_r (instead of --temp-from)" };
    public Option<double?> ToR { get; } = new("--temp-r-to") { Description = "Highest T_r (instead of --temp-to)" };
    public Option<double?> StepR { get; } = new("--temp-r-step") { Description = "Step in T_r (instead of --temp-step)" };
    readonly (double From, double To, double Step) _default;

    /// <summary>The default grid is stated in T, as the paper states these sweeps.</summary>
    public TemperatureRange(double from, double to, double step, string? stepNote = null)
    {
        _default = (from, to, step);
        string F(double x) => x.ToString("G6", CultureInfo.InvariantCulture);
        From = new("--temp-from") { Description = $"Lowest T (default {F(from)})" };
        To = new("--temp-to") { Description = $"Highest T (default {F(to)})" };
        Step = new("--temp-step") { Description = $"Step in T (default {F(step)}{(stepNote is null ? "" : "; " + stepNote)})" };
    }

    public void AddTo(Command command)
    {
        foreach (var o in new Option[] { From, To, Step, FromR, ToR, StepR }) command.Options.Add(o);
    }

    /// <summary>The grid's first value, last value and step, in T.</summary>
    public (double From, double To, double Step) TemperatureGrid(ParseResult r)
    {
        var inT = new[] { From, To, Step }.Where(o => r.GetValue(o) is not null).Select(o => o.Name).ToArray();
        var inR = new[] { FromR, ToR, StepR }.Where(o => r.GetValue(o) is not null).Select(o => o.Name).ToArray();
        if (inT.Length > 0 && inR.Length > 0) throw new UsageException($"give the temperature grid in T or in T_r, not both ({inT[0]} and {inR[0]})");
        if (inR.Length == 0) return (r.GetValue(From) ?? _default.From, r.GetValue(To) ?? _default.To, r.GetValue(Step) ?? _default.Step);
        const double p = NetworkParameters.PixelCount;
        return ((r.GetValue(FromR) ?? _default.From / p) * p, (r.GetValue(ToR) ?? _default.To / p) * p, (r.GetValue(StepR) ?? _default.Step / p) * p);
    }

    /// <summary>The grid's temperatures T.</summary>
    public double[] Temperatures(ParseResult r)
    {
        var (a, b, s) = TemperatureGrid(r);
        if (!(a > 0)) throw new UsageException($"the temperature grid must start above 0 (got T = {a.ToString(CultureInfo.InvariantCulture)})");
        return Bifurcations.Grid.Steps(a, b, s, "T");
    }
}
