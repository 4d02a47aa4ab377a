namespace Bifurcations;

/// <summary>
/// An error the user can act on. The CLI prints <see cref="Exception.Message"/> as one line and exits
/// with <see cref="ExitCode"/>; no stack trace is shown for these.
/// </summary>
public abstract class BifurcationsException(string message, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>The process exit code the CLI returns for this error.</summary>
    public abstract int ExitCode { get; }
}

/// <summary>A bad argument or option value (unknown digit, n ≤ 0, …). Exit code 2.</summary>
public sealed class UsageException(string message) : BifurcationsException(message)
{
    /// <inheritdoc/>
    public override int ExitCode => 2;
}

/// <summary>Unreadable or inconsistent data (truncated IDX file, corrupt state file, …). Exit code 1.</summary>
public sealed class DataException(string message, Exception? inner = null) : BifurcationsException(message, inner)
{
    /// <inheritdoc/>
    public override int ExitCode => 1;
}

/// <summary>A computation that failed honestly (non-converging solve, overflow). Exit code 1.</summary>
public sealed class NumericalException(string message) : BifurcationsException(message)
{
    /// <inheritdoc/>
    public override int ExitCode => 1;
}

/// <summary>A resource another process holds (a run folder being written). Exit code 1.</summary>
public sealed class ConflictException(string message) : BifurcationsException(message)
{
    /// <inheritdoc/>
    public override int ExitCode => 1;
}
