namespace Bifurcations.Experiments.IO;

/// <summary>
/// Writes a file so that a reader never sees half of it: the content goes to a temporary file in the
/// same folder, which is then renamed over the target (rename is atomic within one file system).
/// If the writer throws, the temporary file is deleted and the target is left untouched.
/// </summary>
public static class AtomicFile
{
    /// <summary>Writes a file through a temporary file in the same folder, renamed over the target only once complete.</summary>
    public static void Write(string path, Action<Stream> write)
    {
        CheckTarget(path);
        var full = Path.GetFullPath(path);
        var dir = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(dir);
        var tmp = Path.Combine(dir, $".{Path.GetFileName(full)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(tmp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }
            File.Move(tmp, full, overwrite: true);
        }
        catch
        {
            try { File.Delete(tmp); } catch (IOException) { /* best effort */ }
            throw;
        }
    }

    /// <summary>
    /// Refuses, before anything is computed or created, a path that cannot be written as a file: a folder (else an
    /// empty folder is left behind), or a path under a file.
    /// </summary>
    public static void CheckTarget(string path)
    {
        if (path.EndsWith('/') || path.EndsWith(Path.DirectorySeparatorChar) || Directory.Exists(path))
            throw new InvalidParameterException($"'{path}' is a folder: give a file name");
        if (FileAbove(path) is { } file) throw new InvalidParameterException($"cannot write '{path}': '{file}' is a file, not a folder");
    }

    /// <summary>The nearest folder above <paramref name="path"/> that is in fact a file (null if none): why a path cannot be made.</summary>
    internal static string? FileAbove(string path)
    {
        for (var up = Path.GetDirectoryName(Path.GetFullPath(path)); !string.IsNullOrEmpty(up); up = Path.GetDirectoryName(up))
            if (File.Exists(up)) return up;
        return null;
    }

    /// <summary>Writes UTF-8 text (no BOM) atomically.</summary>
    public static void WriteAllText(string path, string text) =>
        Write(path, s =>
        {
            using var w = new StreamWriter(s, new System.Text.UTF8Encoding(false), leaveOpen: true);
            w.Write(text);
        });

    /// <summary>Writes bytes atomically.</summary>
    public static void WriteAllBytes(string path, ReadOnlySpan<byte> bytes)
    {
        var copy = bytes.ToArray();
        Write(path, s => s.Write(copy));
    }
}
