namespace Bifurcations.Cli.Common;

/// <summary>A bad command line: an option that does not parse, clashes with another or means nothing here.</summary>
internal sealed class UsageException(string message) : Exception(message);
