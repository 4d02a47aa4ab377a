namespace Bifurcations.Cli.Common;

/// <summary>Library errors on one option's value, told with the option's name (the library speaks of parameters, not flags).</summary>
internal static class OptionValue
{
    /// <summary>Runs <paramref name="read"/>; a parameter it refuses becomes a usage error that names <paramref name="option"/>.</summary>
    public static T Of<T>(string option, Func<T> read)
    {
        try { return read(); }
        catch (InvalidParameterException e) { throw new UsageException($"{option}: {e.Message}"); }
    }
}
