using System.Text;

namespace Bifurcations.Experiments.IO;

/// <summary>
/// A folder that a long computation (a training run, a sweep, a reproduction) writes into and may resume from.
/// Opening it:
/// <list type="number">
/// <item>takes an exclusive lock (<c>.lock</c>, held open with FileShare.None; the system releases it when the
/// process dies, so a lock left by a killed process is simply taken over), and refuses at once if another
/// process holds it;</item>
/// <item>compares the folder's <c>manifest.json</c> with the settings asked: results are reused only on an exact
/// match (settings and program version); otherwise it refuses with the first differing setting, or, with
/// <c>force</c>, empties the folder so that everything is recomputed;</item>
/// <item>once the folder is accepted, deletes temporary files that killed atomic writes left behind.</item>
/// </list>
/// Dispose releases the lock. A command that is refused after opening a fresh folder takes back its manifest and lock
/// (<see cref="RemoveUnstarted"/>).
/// </summary>
public sealed class RunFolder : IDisposable
{
    /// <summary>The file holding a folder's settings.</summary>
    public const string ManifestName = "manifest.json";
    const string LockName = ".lock", OwnerName = ".lock.owner";

    readonly FileStream _lockStream;

    /// <summary>The folder.</summary>
    public string Path { get; }
    /// <summary>The settings its results belong to.</summary>
    public RunSettings Settings { get; }

    /// <summary>Whether the folder already held results of these settings (they will be reused).</summary>
    public bool Reused { get; }

    RunFolder(string path, RunSettings settings, FileStream lockStream, bool reused) =>
        (Path, Settings, _lockStream, Reused) = (path, settings, lockStream, reused);

    /// <summary>Opens (locks) a run folder for <paramref name="settings"/>, reusing it, refusing it or emptying it as the class summary says.</summary>
    /// <param name="path">The folder (created if missing).</param>
    /// <param name="settings">The settings the results will belong to.</param>
    /// <param name="force">Empty a folder of other settings instead of refusing it.</param>
    /// <param name="mustExist">Refuse, writing nothing, unless the folder already holds results of these settings (a resume).</param>
    public static RunFolder Open(string path, RunSettings settings, bool force = false, bool mustExist = false)
    {
        CheckPath(path);
        if (mustExist && !File.Exists(System.IO.Path.Combine(path, ManifestName)))
            throw new InvalidParameterException($"nothing to resume in {path} (no run there)");
        var created = FirstMissing(path);
        Create(path);
        bool lockExisted = File.Exists(System.IO.Path.Combine(path, LockName));
        var lockStream = Lock(path);
        try
        {
            var manifestPath = System.IO.Path.Combine(path, ManifestName);
            bool reused = false;
            if (File.Exists(manifestPath))
            {
                var saved = RunSettings.FromJson(File.ReadAllText(manifestPath), manifestPath);
                if (saved.FirstDifference(settings) is { } difference)
                {
                    if (!force || mustExist) throw new InvalidParameterException($"{path} holds other results ({difference}); use another folder, or --force to discard them and recompute");
                    Empty(path);
                }
                else reused = true;
            }
            else if (HasContent(path))
            {
                // A folder without a manifest may be anything: --force empties it only if everything in it looks like
                // this toolkit's output (an older version's run folder), never a folder of other files.
                if (!force) throw new InvalidParameterException($"{path} holds files but no {ManifestName} (not a run folder, or made by an older version); use another folder, or --force to discard them");
                if (ForeignEntry(path) is { } foreign)
                    throw new InvalidParameterException($"{path} holds '{foreign}', which this toolkit does not write: refusing to empty it even with --force; use another folder");
                Empty(path);
            }
            // Only once the folder is accepted: a refused folder keeps even its temporary-looking files.
            CleanTemporaries(path);
            if (!reused)
            {
                AtomicFile.WriteAllText(manifestPath, settings.ToJson() + "\n");
                Remember(path, created);
            }
            return new RunFolder(path, settings, lockStream, reused);
        }
        catch
        {
            // A refusal leaves the folder as it found it: no owner note, no lock file it did not have. The lock file is
            // unlinked while still held, so no other process can take it in between.
            try { File.Delete(System.IO.Path.Combine(path, OwnerName)); } catch (IOException) { }
            if (!lockExisted) try { File.Delete(System.IO.Path.Combine(path, LockName)); } catch (IOException) { }
            lockStream.Dispose();
            RemoveCreated(path, created);
            throw;
        }
    }

    /// <summary>
    /// Refuses at once, without locking or writing, a folder that holds results of other settings (the check
    /// <see cref="Open"/> makes), for a command that computes first and opens its folder only to write.
    /// </summary>
    public static void RefuseOtherSettings(string path, RunSettings settings)
    {
        var manifestPath = System.IO.Path.Combine(path, ManifestName);
        if (!File.Exists(manifestPath)) return;
        if (RunSettings.FromJson(File.ReadAllText(manifestPath), manifestPath).FirstDifference(settings) is { } difference)
            throw new InvalidParameterException($"{path} holds other results ({difference}); use another folder, or --force to discard them and recompute");
    }

    /// <summary>A path a command may write to: not empty, not an existing file.</summary>
    public static void CheckPath(string path, string option = "--out")
    {
        if (string.IsNullOrWhiteSpace(path)) throw new InvalidParameterException($"{option} is empty: give a folder");
        if (File.Exists(path)) throw new InvalidParameterException($"{option} '{path}' is a file, not a folder");
        if (path.IndexOfAny(System.IO.Path.GetInvalidPathChars()) >= 0) throw new InvalidParameterException($"{option} '{path}' is not a valid path");
    }

    /// <summary>
    /// Creates the folder, or says in one line why it cannot be: the system's own message names neither the option nor,
    /// when a parent is a file, the culprit.
    /// </summary>
    static void Create(string path, string option = "--out")
    {
        try { Directory.CreateDirectory(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            if (AtomicFile.FileAbove(path) is { } parent) throw new InvalidParameterException($"{option} '{path}' cannot be created: '{parent}' is a file, not a folder");
            string reason = e is UnauthorizedAccessException ? "permission denied" : e.Message.Split('\n')[0];
            throw new InvalidParameterException($"{option} '{path}' cannot be created as a folder ({reason})");
        }
    }

    static FileStream Lock(string path)
    {
        var lockPath = System.IO.Path.Combine(path, LockName);
        FileStream stream;
        try
        {
            stream = new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            string owner = "another process";
            try { owner = File.ReadAllText(System.IO.Path.Combine(path, OwnerName)).Trim(); } catch (IOException) { } catch (UnauthorizedAccessException) { }
            throw new ConflictException($"{path} is being written by {owner}; wait for it to finish or stop it (the lock of a process that has died is released by the system)");
        }
        catch (UnauthorizedAccessException)
        {
            throw new DataException($"{path}: no permission to write there");
        }
        var owner2 = $"process {Environment.ProcessId} since {DateTime.UtcNow:yyyy-MM-dd HH:mm:ss} UTC";
        try { File.WriteAllText(System.IO.Path.Combine(path, OwnerName), owner2 + "\n", new UTF8Encoding(false)); } catch (IOException) { }
        return stream;
    }

    /// <summary>Leftovers of atomic writes that a killed process never renamed (".name.PID.GUID.tmp").</summary>
    static void CleanTemporaries(string path)
    {
        foreach (var file in Directory.EnumerateFiles(path, ".*.tmp", SearchOption.AllDirectories))
        {
            try { File.Delete(file); } catch (IOException) { }
        }
    }

    /// <summary>Holds the lock of a folder that is not itself a run folder (the root reproduce writes into).</summary>
    public static IDisposable LockOnly(string path)
    {
        CheckPath(path);
        var created = FirstMissing(path);
        Create(path);
        var stream = Lock(path);
        CleanTemporaries(path);
        if (created is not null || !HasContent(path)) Remember(path, created);
        return new Releaser(path, stream);
    }

    sealed class Releaser(string path, FileStream stream) : IDisposable
    {
        public void Dispose()
        {
            try { File.Delete(System.IO.Path.Combine(path, OwnerName)); } catch (IOException) { }
            stream.Dispose();
        }
    }

    static readonly AsyncLocal<List<(string Path, string? Created)>?> Fresh = new();

    /// <summary>
    /// The outermost folder that creating <paramref name="path"/> makes (the path itself, or a missing parent of it:
    /// --out a/b with neither existing makes a), null when the path exists.
    /// </summary>
    static string? FirstMissing(string path)
    {
        var top = System.IO.Path.TrimEndingDirectorySeparator(System.IO.Path.GetFullPath(path));
        if (Directory.Exists(top)) return null;
        for (var parent = System.IO.Path.GetDirectoryName(top); parent is not null && !Directory.Exists(parent) && !File.Exists(parent);
             parent = System.IO.Path.GetDirectoryName(parent))
            top = parent;
        return top;
    }

    /// <summary>Removes <paramref name="path"/> and its parents up to <paramref name="created"/>, each only if empty: the folders this command made.</summary>
    static void RemoveCreated(string path, string? created)
    {
        if (created is null) return;
        try
        {
            for (var dir = System.IO.Path.TrimEndingDirectorySeparator(System.IO.Path.GetFullPath(path)); dir is not null && (dir == created || dir.StartsWith(created + System.IO.Path.DirectorySeparatorChar, StringComparison.Ordinal)); dir = System.IO.Path.GetDirectoryName(dir))
            {
                if (Directory.EnumerateFileSystemEntries(dir).Any()) return;
                Directory.Delete(dir);
                if (dir == created) return;
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
    }

    /// <summary>
    /// Starts remembering the folders this command opens fresh (no results of its settings there before), so that
    /// <see cref="RemoveUnstarted"/> can take back what a refused run left: a manifest and a lock, no result.
    /// </summary>
    public static void TrackFreshFolders() => Fresh.Value = [];

    static void Remember(string path, string? created)
    {
        if (Fresh.Value is { } list) lock (list) list.Add((path, created));
    }

    /// <summary>The files a run folder holds before any result: its settings and its lock.</summary>
    static readonly string[] SettingsOnly = [ManifestName, "run.json", LockName, OwnerName];

    /// <summary>
    /// After a refusal: removes from each folder opened fresh since <see cref="TrackFreshFolders"/> the settings and
    /// lock files, if nothing else was written there, and the folder itself (with any parent) if this command created it. A folder
    /// holding any result or checkpoint is left as it is (an interruption never comes here: its work is resumable).
    /// </summary>
    public static void RemoveUnstarted()
    {
        if (Fresh.Value is not { } list) return;
        (string Path, string? Created)[] fresh;
        lock (list) { fresh = [.. list]; list.Clear(); }
        foreach (var (path, created) in fresh)
        {
            try
            {
                if (!Directory.Exists(path)) continue;
                // The command released the folder when it was refused: take it again, so that a process that opened it
                // since keeps it (the lock is refused then, and nothing is touched).
                using (var held = new FileStream(System.IO.Path.Combine(path, LockName), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None))
                {
                    var entries = Directory.EnumerateFileSystemEntries(path, "*", SearchOption.AllDirectories).ToArray();
                    if (entries.Any(e => File.Exists(e) && !SettingsOnly.Contains(System.IO.Path.GetFileName(e)))) continue;
                    // Unlinked while held (the lock last), so no other process can take the folder in between.
                    foreach (var file in entries.Where(File.Exists).OrderBy(f => System.IO.Path.GetFileName(f) == LockName)) File.Delete(file);
                    foreach (var dir in entries.Where(Directory.Exists).OrderByDescending(d => d.Length)) Directory.Delete(dir);
                }
                RemoveCreated(path, created);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { } // held by another process: leave it
        }
    }

    static readonly string[] OutputExtensions = [".json", ".csv", ".png", ".svg", ".bin", ".md", ".html", ".txt", ".gz"];

    /// <summary>The first entry that is neither a toolkit output file nor a folder of them (null if none).</summary>
    static string? ForeignEntry(string path)
    {
        foreach (var entry in Directory.EnumerateFileSystemEntries(path, "*", SearchOption.AllDirectories))
        {
            var info = new FileInfo(entry);
            if (info.Attributes.HasFlag(FileAttributes.ReparsePoint)) return entry;
            if (info.Attributes.HasFlag(FileAttributes.Directory)) continue;
            var name = System.IO.Path.GetFileName(entry);
            if (name is LockName or OwnerName || name.StartsWith('.') && name.EndsWith(".tmp")) continue;
            if (!OutputExtensions.Contains(System.IO.Path.GetExtension(name).ToLowerInvariant())) return entry;
        }
        return null;
    }

    static bool HasContent(string path) =>
        Directory.EnumerateFileSystemEntries(path).Any(e => System.IO.Path.GetFileName(e) is not (LockName or OwnerName));

    /// <summary>Everything but the lock: results of other settings, discarded under --force.</summary>
    static void Empty(string path)
    {
        foreach (var entry in Directory.EnumerateFileSystemEntries(path))
        {
            var name = System.IO.Path.GetFileName(entry);
            if (name is LockName or OwnerName) continue;
            var info = new FileInfo(entry);
            if (info.Attributes.HasFlag(FileAttributes.Directory) && !info.Attributes.HasFlag(FileAttributes.ReparsePoint)) Directory.Delete(entry, recursive: true);
            else File.Delete(entry);
        }
    }

    /// <summary>Releases the folder's lock.</summary>
    public void Dispose()
    {
        try { File.Delete(System.IO.Path.Combine(Path, OwnerName)); } catch (IOException) { }
        _lockStream.Dispose();
    }
}
