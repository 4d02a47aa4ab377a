namespace Bifurcations.Cli.Common;

/// <summary>The process exit codes, assigned here and nowhere else.</summary>
internal static class ExitCodes
{
    /// <summary>Success.</summary>
    public const int Ok = 0;

    /// <summary>A failed check, a computation that failed, unreadable data, a held folder.</summary>
    public const int Failure = 1;

    /// <summary>A bad command line or parameter value.</summary>
    public const int Usage = 2;

    /// <summary>Interrupted (SIGINT and friends): finished work is kept.</summary>
    public const int Interrupted = 130;

    /// <summary>The code for a failure the library or the CLI reported.</summary>
    public static int Of(Exception e) => e is UsageException or InvalidParameterException ? Usage : Failure;
}
