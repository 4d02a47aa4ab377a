using System.Diagnostics;
using System.IO.Compression;
using Bifurcations.Data;
using Bifurcations.Experiments.IO;
using Bifurcations.Experiments.Sweeps;

namespace Bifurcations.Tests;

/// <summary>Run folders: settings-checked reuse, one writer at a time, validate-then-write merges, interruption, bounded inputs.</summary>
public class RunFolderTests
{
    static RunSettings Settings(int epochs) => RunSettings.Of("test", ("epochs", epochs), ("rate", 0.005));

    [Fact]
    public void ResultsAreReusedOnlyForTheSameSettingsAndForceRecomputes()
    {
        using var dir = new TempDir();
        using (var f = RunFolder.Open(dir.Path, Settings(500))) { Assert.False(f.Reused); File.WriteAllText(Path.Combine(dir.Path, "T650.json"), "{}"); }
        using (var f = RunFolder.Open(dir.Path, Settings(500))) Assert.True(f.Reused);
        var e = Assert.Throws<InvalidParameterException>(() => RunFolder.Open(dir.Path, Settings(600)));
        Assert.Contains("epochs: 500 in the folder, 600 asked", e.Message);
        Assert.True(File.Exists(Path.Combine(dir.Path, "T650.json")), "a refusal touches nothing");
        using (var f = RunFolder.Open(dir.Path, Settings(600), force: true)) Assert.False(f.Reused);
        Assert.False(File.Exists(Path.Combine(dir.Path, "T650.json")), "--force discards the other settings' results");
    }

    [Fact]
    public void TakingBackARefusedRunsFilesLeavesAFolderAnotherProcessHasOpenedSince()
    {
        // The refused command has released its folder when its files are taken back: a process that has opened the
        // folder in between holds its lock, and must keep the files it found (here, the ones it will reuse).
        using var dir = new TempDir();
        var fresh = Path.Combine(dir.Path, "run");
        RunFolder.TrackFreshFolders();
        using (RunFolder.Open(fresh, Settings(500))) { }
        using (var other = new FileStream(Path.Combine(fresh, ".lock"), FileMode.Open, FileAccess.ReadWrite, FileShare.None))
            RunFolder.RemoveUnstarted();
        Assert.True(File.Exists(Path.Combine(fresh, RunFolder.ManifestName)), "the folder held by another process was emptied");
        // Unheld, the same call takes the folder back entirely.
        RunFolder.TrackFreshFolders();
        using (RunFolder.Open(Path.Combine(dir.Path, "run2"), Settings(500))) { }
        RunFolder.RemoveUnstarted();
        Assert.False(Directory.Exists(Path.Combine(dir.Path, "run2")));
    }

    [Fact]
    public void ASecondWriterIsRefusedAtOnceAndALockLeftBehindIsTakenOver()
    {
        using var dir = new TempDir();
        using (RunFolder.Open(dir.Path, Settings(1)))
        {
            var e = Assert.Throws<ConflictException>(() => RunFolder.Open(dir.Path, Settings(1)));
            Assert.Contains($"process {Environment.ProcessId}", e.Message);
            // Two CLI runs on one folder: the second exits 1 with one line, and writes nothing.
            var (code, _, err) = CliTests.Run("populations", "--out", dir.Path, "--epochs", "1", "--memories", "1", "--per-class", "1", "--temp-from", "650", "--temp-to", "650");
            Assert.Equal(1, code);
            Assert.Contains("is being written by", err);
        }
        // A killed process leaves .lock and .lock.owner behind but holds no lock: the next writer takes over.
        File.WriteAllText(Path.Combine(dir.Path, ".lock.owner"), "process 999999 since long ago\n");
        using (RunFolder.Open(dir.Path, Settings(1))) { }
    }

    [Fact]
    public void TemporariesOfKilledWritesAreCleanedUpAndForeignFoldersAreNeverEmptied()
    {
        using var dir = new TempDir();
        using (RunFolder.Open(dir.Path, Settings(1))) { }
        var tmp = Path.Combine(dir.Path, "runs", ".n2_T600.json.4242.0123abcd.tmp");
        Directory.CreateDirectory(Path.GetDirectoryName(tmp)!);
        File.WriteAllText(tmp, "half");
        using (RunFolder.Open(dir.Path, Settings(1))) { }
        Assert.False(File.Exists(tmp));

        using var foreign = new TempDir();
        File.WriteAllText(Path.Combine(foreign.Path, "thesis.tex"), "precious");
        Assert.Contains("holds files but no manifest.json", Assert.Throws<InvalidParameterException>(() => RunFolder.Open(foreign.Path, Settings(1))).Message);
        Assert.Contains("refusing to empty it", Assert.Throws<InvalidParameterException>(() => RunFolder.Open(foreign.Path, Settings(1), force: true)).Message);
        Assert.True(File.Exists(Path.Combine(foreign.Path, "thesis.tex")));
    }

    static PhaseSettings Small => new(PhaseCase.Intra, 4, 4, 0, 2, 3, 1, 600, 620, 20, 0.001, 20);

    static void Sweep(string dir, Shard shard)
    {
        using var folder = PhaseSweep.Open(dir, Small, MnistSet.Embedded);
        PhaseSweep.Run(Small, MnistSet.Embedded, folder, shard, 1);
    }

    [Fact]
    public void MergeValidatesEveryInputBeforeWritingAnything()
    {
        using var dir = new TempDir();
        var (a, b, output) = (Path.Combine(dir.Path, "a"), Path.Combine(dir.Path, "b"), Path.Combine(dir.Path, "merged"));
        Sweep(a, new Shard(1, 2));
        Sweep(b, new Shard(2, 2));
        var runs = Directory.GetFiles(Path.Combine(b, "runs"));

        // A corrupt run in one shard: refused, and the output is not even created.
        var good = File.ReadAllText(runs[0]);
        File.WriteAllText(runs[0], good[..(good.Length / 2)]);
        Assert.Contains("unreadable run result", Assert.Throws<DataException>(() => PhaseSweep.Merge([a, b], output)).Message);
        Assert.False(Directory.Exists(output));

        // Fixed, plus a link to a system file dressed as a run: refused too.
        File.WriteAllText(runs[0], good);
        var link = Path.Combine(b, "runs", "n9_T600.json");
        File.CreateSymbolicLink(link, "/etc/hostname");
        Assert.Contains("is a link", Assert.Throws<DataException>(() => PhaseSweep.Merge([a, b], output)).Message);
        Assert.False(Directory.Exists(output));

        File.Delete(link);
        Assert.Equal(Small.Grid.Count, PhaseSweep.Merge([a, b], output));
        Assert.Equal(Small.Grid.Count, PhaseSweep.Read(output).Count);
    }

    [Fact]
    public void AResumeChecksTheRecordingBeforeItTrains()
    {
        using var dir = new TempDir();
        string[] args = ["train", "--digits", "1,4", "--per-class", "1", "--memories", "2", "--epochs", "40", "--record-every", "5", "--checkpoint-every", "10", "--out", dir.Path];
        // A run interrupted at once keeps a checkpoint and a recording that --resume continues.
        using (var cancel = new CancellationTokenSource())
        {
            cancel.Cancel();
            var sw = new StringWriter();
            Assert.Equal(130, Bifurcations.Cli.CliApp.Run(args, TextWriter.Null, sw, cancel.Token));
            Assert.Contains("interrupted", sw.ToString());
        }
        Assert.True(File.Exists(Path.Combine(dir.Path, "checkpoint.bin")));
        Assert.Equal(0, CliTests.Run([.. args, "--resume"]).Code);
        Assert.True(File.Exists(Path.Combine(dir.Path, "state.bin")));

        // A flipped byte inside a record is found by its checksum, before any epoch is trained.
        var recording = Path.Combine(dir.Path, "recording.bin");
        var bytes = File.ReadAllBytes(recording);
        bytes[bytes.Length / 2] ^= 0x40;
        File.WriteAllBytes(recording, bytes);
        var (code, _, err) = CliTests.Run("train", "--digits", "1,4", "--per-class", "1", "--memories", "2", "--epochs", "40", "--record-every", "5", "--checkpoint-every", "10", "--out", dir.Path, "--resume");
        Assert.Equal(1, code);
        Assert.Contains("corrupt (checksum mismatch)", err);

        // --resume where there is nothing refuses without creating the folder.
        var nowhere = Path.Combine(dir.Path, "nowhere");
        Assert.Equal(2, CliTests.Run([.. args[..^1], nowhere, "--resume"]).Code);
        Assert.False(Directory.Exists(nowhere));
    }

    [Fact]
    public void AGzipBombIsRefusedFromItsHeaderWithBoundedMemory()
    {
        using var dir = new TempDir();
        var path = Path.Combine(dir.Path, "train-images-idx3-ubyte.gz");
        using (var file = File.Create(path))
        using (var gz = new GZipStream(file, CompressionLevel.SmallestSize))
        {
            gz.Write([0, 0, 8, 3, 0, 0, 0, 100, 0, 0, 0, 28, 0, 0, 0, 28]); // 100 images of 28×28 …
            var zeros = new byte[1 << 20];
            for (int i = 0; i < 300; i++) gz.Write(zeros);                  // … followed by 300 MB
        }
        Assert.True(new FileInfo(path).Length < 1 << 20);
        long before = GC.GetAllocatedBytesForCurrentThread();
        var e = Assert.Throws<DataException>(() => Idx.ReadImages(path));
        Assert.Contains("trailing bytes", e.Message);
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 16 << 20, "the reader allocated more than 16 MB for a 78 kB payload");

        // A header claiming more than the limit is refused before any byte of payload is read.
        using (var file = File.Create(path))
        using (var gz = new GZipStream(file, CompressionLevel.Fastest))
            gz.Write([0, 0, 8, 3, 0x7f, 0xff, 0xff, 0xff, 0, 0, 0, 28, 0, 0, 0, 28]);
        Assert.Contains("over the limit", Assert.Throws<DataException>(() => Idx.ReadImages(path)).Message);
    }

    /// <summary>The CLI as a separate process, for signals.</summary>
    static Process Start(params string[] args)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "bifurcations.dll");
        var info = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true };
        info.ArgumentList.Add(dll);
        foreach (var a in args) info.ArgumentList.Add(a);
        return Process.Start(info)!;
    }

    static void Signal(Process p, string signal) => Process.Start("kill", $"-{signal} {p.Id}")!.WaitForExit();

    /// <summary>Waits (up to 60 s) until a file appears: the process is past its start-up and working.</summary>
    static void WaitFor(string path)
    {
        var watch = Stopwatch.StartNew();
        while (!File.Exists(path) && watch.Elapsed.TotalSeconds < 60) Thread.Sleep(50);
        Assert.True(File.Exists(path), $"{path} never appeared");
    }

    [Fact]
    public void SigtermOnTrainWritesTheFinalCheckpointAndSigintOnASweepWritesItsTable()
    {
        using var dir = new TempDir();
        var train = Path.Combine(dir.Path, "train");
        using (var p = Start("train", "--digits", "0-9", "--per-class", "20", "--memories", "100", "--epochs", "200000", "--record-every", "1000",
                   "--checkpoint-every", "100000", "--out", train))
        {
            WaitFor(Path.Combine(train, "recording.bin"));
            Thread.Sleep(500);
            Signal(p, "TERM");
            Assert.True(p.WaitForExit(60_000));
            string err = p.StandardError.ReadToEnd();
            Assert.Equal(130, p.ExitCode);
            Assert.Contains("interrupted", err);
            Assert.True(File.Exists(Path.Combine(train, "checkpoint.bin")), "SIGTERM must leave the final checkpoint");
            Assert.False(File.Exists(Path.Combine(train, ".lock.owner")));
        }
        var sweep = Path.Combine(dir.Path, "sweep");
        using (var p = Start("sweep", "--n-from", "2", "--n-to", "30", "--temp-from", "400", "--temp-to", "880", "--epochs", "3000", "--threads", "1", "--out", sweep))
        {
            WaitFor(Path.Combine(sweep, "sweep.json"));
            var runs = Path.Combine(sweep, "runs");
            var watch = Stopwatch.StartNew();
            while ((!Directory.Exists(runs) || Directory.GetFiles(runs).Length < 2) && watch.Elapsed.TotalSeconds < 60) Thread.Sleep(50);
            Signal(p, "INT");
            Assert.True(p.WaitForExit(60_000));
            Assert.Equal(130, p.ExitCode);
            var table = File.ReadAllLines(Path.Combine(sweep, "results.csv"));
            Assert.True(table.Length - 1 >= 2, $"results.csv holds {table.Length - 1} runs; the finished ones must be there");
            Assert.Equal(table.Length - 1, Directory.GetFiles(runs).Length);
        }
    }
}
