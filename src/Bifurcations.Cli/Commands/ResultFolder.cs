using Bifurcations.Experiments.IO;

namespace Bifurcations.Cli.Commands;

/// <summary>
/// The output folder of a command that computes and then writes (nullclines, split, folds2d, …): a <see cref="RunFolder"/>
/// opened before the work, so a folder of other settings is refused at once, and removed again if the command fails
/// before it finishes while the folder held nothing of its own: a bad input leaves no folder, lock or manifest behind.
/// </summary>
internal sealed class ResultFolder : IDisposable
{
    readonly RunFolder _folder;
    readonly string? _created;
    readonly bool _hadManifest;
    bool _completed;

    ResultFolder(RunFolder folder, string? created, bool hadManifest) => (_folder, _created, _hadManifest) = (folder, created, hadManifest);

    public static ResultFolder Open(string dir, RunSettings settings, bool force)
    {
        // The outermost folder this command creates (e.g. output/ for output/nullclines on a fresh clone).
        string? created = null;
        for (var d = Path.GetFullPath(dir); !string.IsNullOrEmpty(d) && !Directory.Exists(d); d = Path.GetDirectoryName(d)) created = d;
        bool hadManifest = File.Exists(Path.Combine(dir, RunFolder.ManifestName));
        return new ResultFolder(RunFolder.Open(dir, settings, force), created, hadManifest);
    }

    /// <summary>The command wrote everything: keep the folder.</summary>
    public void Complete() => _completed = true;

    public void Dispose()
    {
        _folder.Dispose();
        if (_completed || _hadManifest) return;
        try
        {
            if (_created is not null) Directory.Delete(_created, recursive: true);
            else
                foreach (var name in new[] { RunFolder.ManifestName, ".lock", ".lock.owner" })
                    File.Delete(Path.Combine(_folder.Path, name));
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
