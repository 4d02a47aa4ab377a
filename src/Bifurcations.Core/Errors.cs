namespace Bifurcations;

/// <summary>
/// The library's one failure model, as Math.NET's: a bad input or an honest failure throws one of these subclasses,
/// whose message names the bad value in one line. Where a solver can end without an answer as a normal outcome
/// (a stalled continuation, an incomplete set of fixed points), the result record says so instead: see
/// <c>BranchEndReason</c>, <c>Completeness</c> and <c>SpecialPointStatus</c>. Process exit codes belong to the CLI.
/// </summary>
public abstract class BifurcationsException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>A parameter outside its domain (unknown digit, n ≤ 0, T ≤ 0, an empty grid, …).</summary>
public sealed class InvalidParameterException(string message) : BifurcationsException(message);

/// <summary>Unreadable or inconsistent data (truncated IDX file, corrupt state file, …).</summary>
public sealed class DataException(string message, Exception? inner = null) : BifurcationsException(message, inner);

/// <summary>A computation that failed honestly (non-converging solve, overflow).</summary>
public sealed class NumericalException(string message) : BifurcationsException(message);

/// <summary>A resource another process holds (a run folder being written).</summary>
public sealed class ConflictException(string message) : BifurcationsException(message);
