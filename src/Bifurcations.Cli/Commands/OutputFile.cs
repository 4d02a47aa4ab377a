using Bifurcations.Cli.Common;
namespace Bifurcations.Cli.Commands;

/// <summary>
/// A single output file (a Gram matrix, a grid of digits): like a result folder, it is never replaced by a different
/// result unless --force; writing the same bytes again is harmless and allowed.
/// </summary>
internal static class OutputFile
{
    public static void RefuseOther(string path, ReadOnlySpan<byte> content, bool force)
    {
        if (force || !File.Exists(path)) return;
        if (!File.ReadAllBytes(path).AsSpan().SequenceEqual(content))
            throw new UsageException($"{path} holds another result; name another --out, or --force to replace it");
    }
}
