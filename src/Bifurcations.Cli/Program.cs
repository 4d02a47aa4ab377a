using System.Runtime.InteropServices;
using Bifurcations.Cli;

// Ctrl+C (SIGINT), SIGTERM and SIGHUP cancel the command's token: long commands stop at the next safe point, keep
// what is finished (checkpoints, finished runs, the results table) and say how to resume. A second Ctrl+C stops at once.
using var interrupted = new CancellationTokenSource();
void Stop(PosixSignalContext c)
{
    if (interrupted.IsCancellationRequested) return; // the second signal: let the system stop the process
    c.Cancel = true;
    interrupted.Cancel();
}
using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
using var sighup = PosixSignalRegistration.Create(PosixSignal.SIGHUP, Stop);
return CliApp.Run(args, Console.Out, Console.Error, interrupted.Token);
