using System.Runtime.InteropServices;
using Bifurcations.Cli;
using Bifurcations.Cli.Common;

// Ctrl+C (SIGINT), SIGTERM and SIGHUP cancel the command's token: long commands stop at the next safe point, keep
// what is finished (checkpoints, finished runs, the results table) and say how to resume. A command that does not
// watch the token (a short analysis) is stopped after a grace of 15 s; every file is written atomically, so nothing
// is left half-written either way. A second signal stops the process at once.
using var interrupted = new CancellationTokenSource();
void Stop(PosixSignalContext c)
{
    if (interrupted.IsCancellationRequested) return; // the second signal: let the system stop the process
    c.Cancel = true;
    interrupted.Cancel();
    _ = Task.Delay(TimeSpan.FromSeconds(15)).ContinueWith(_ =>
    {
        Console.Error.WriteLine("interrupted: stopped (files already written are whole)");
        Environment.Exit(ExitCodes.Interrupted);
    });
}
using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
using var sighup = PosixSignalRegistration.Create(PosixSignal.SIGHUP, Stop);
return CliApp.Run(args, Console.Out, Console.Error, interrupted.Token);
