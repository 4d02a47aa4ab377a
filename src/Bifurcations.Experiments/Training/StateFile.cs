using System.Text;
using Bifurcations.Experiments.IO;
using Bifurcations.Model;
using Bifurcations.Training;

namespace Bifurcations.Experiments.Training;

/// <summary>
/// Everything needed to continue a run bit-identically: the epoch, the state (double precision), the
/// momentum velocities, the per-epoch metrics and the ᾱ records so far. Also the format of a final
/// state (<c>state.bin</c>) that <c>--init-state</c> reads back.
/// </summary>
public sealed record Checkpoint(int Epoch, NetworkState State, double[] VelocityMemories, double[] VelocityLabels,
    IReadOnlyList<EpochMetrics> Metrics, IReadOnlyList<AlphaRecord> Alphas, double[]? Overlaps = null);

/// <summary>ᾱ (K×10, row-major) of every memory at one recorded epoch.</summary>
public sealed record AlphaRecord(int Epoch, double[] AlphaBar);

/// <summary>
/// Binary layout (little-endian): "BIFSTATE" magic, version, epoch, K, N, memories, labels, velocities,
/// metrics, ᾱ records, the trainer's tracked overlaps (version 2; an empty array when none), then an FNV-1a 64-bit checksum of everything before it. Any truncation or bit
/// flip is reported as a <see cref="DataException"/> naming the file.
/// </summary>
public static class StateFile
{
    static readonly byte[] Magic = "BIFSTATE"u8.ToArray();
    const int Version = 2;
    const int MaxCount = 1 << 28;

    /// <summary>Writes a checkpoint atomically.</summary>
    public static void Write(string path, Checkpoint c) => AtomicFile.Write(path, stream =>
    {
        using var ms = new MemoryStream();
        using (var w = new BinaryWriter(ms, Encoding.UTF8, leaveOpen: true))
        {
            w.Write(Magic); w.Write(Version); w.Write(c.Epoch);
            w.Write(c.State.MemoryCount); w.Write(c.State.Dimension);
            WriteArray(w, c.State.Memories); WriteArray(w, c.State.Labels);
            WriteArray(w, c.VelocityMemories); WriteArray(w, c.VelocityLabels);
            w.Write(c.Metrics.Count);
            foreach (var m in c.Metrics)
            {
                w.Write(m.Epoch); w.Write(m.Cost);
                foreach (var v in m.Correct) w.Write(v);
                foreach (var v in m.Total) w.Write(v);
                foreach (var v in m.Predicted) w.Write(v);
            }
            w.Write(c.Alphas.Count);
            foreach (var a in c.Alphas) { w.Write(a.Epoch); WriteArray(w, a.AlphaBar); }
            WriteArray(w, c.Overlaps ?? []);
        }
        var body = ms.ToArray();
        stream.Write(body);
        stream.Write(BitConverter.GetBytes(Fnv1a(body)));
    });

    /// <summary>The checksum stored at the end of a state file, in hex (after checking the file).</summary>
    public static string Checksum(string path)
    {
        Read(path);
        var bytes = File.ReadAllBytes(path);
        return BitConverter.ToUInt64(bytes, bytes.Length - 8).ToString("x16");
    }

    /// <summary>Reads a checkpoint; a corrupt or truncated file is a <see cref="DataException"/>.</summary>
    public static Checkpoint Read(string path)
    {
        if (!File.Exists(path)) throw new DataException($"state file not found: {path}");
        return Read(File.ReadAllBytes(path), path);
    }

    /// <summary>Reads a checkpoint from bytes; <paramref name="name"/> is used in error messages.</summary>
    public static Checkpoint Read(byte[] bytes, string name)
    {
        if (bytes.Length < Magic.Length + 8 || !bytes.AsSpan(0, Magic.Length).SequenceEqual(Magic))
            throw new DataException($"{name}: not a Bifurcations state file (bad magic)");
        var body = bytes.AsSpan(0, bytes.Length - 8);
        if (BitConverter.ToUInt64(bytes, bytes.Length - 8) != Fnv1a(body))
            throw new DataException($"{name}: checksum mismatch (the file is truncated or corrupt)");
        try
        {
            using var r = new BinaryReader(new MemoryStream(body.ToArray()));
            r.ReadBytes(Magic.Length);
            int version = r.ReadInt32();
            if (version is < 1 or > Version) throw new DataException($"{name}: state file version {version} is not supported (expected 1 to {Version})");
            int epoch = r.ReadInt32(), k = r.ReadInt32(), n = r.ReadInt32();
            if (epoch < 0 || k < 1 || n < 1 || (long)k * n > MaxCount) throw new DataException($"{name}: invalid header (epoch {epoch}, K {k}, N {n})");
            var state = new NetworkState(k, n, ReadArray(r, k * n, name), ReadArray(r, k * NetworkState.Classes, name));
            var vm = ReadArray(r, k * n, name);
            var vl = ReadArray(r, k * NetworkState.Classes, name);
            int mc = Count(r.ReadInt32(), name);
            var metrics = new List<EpochMetrics>(mc);
            for (int i = 0; i < mc; i++)
            {
                int e = r.ReadInt32(); double cost = r.ReadDouble();
                var correct = Enumerable.Range(0, 10).Select(_ => r.ReadInt32()).ToArray();
                var total = Enumerable.Range(0, 10).Select(_ => r.ReadInt32()).ToArray();
                var predicted = Enumerable.Range(0, 10).Select(_ => r.ReadInt32()).ToArray();
                metrics.Add(new EpochMetrics(e, cost, correct, total, predicted));
            }
            int ac = Count(r.ReadInt32(), name);
            var alphas = new List<AlphaRecord>(ac);
            // A record holds ᾱ of the tracked classes for every memory: all ten, or only the sweep's own (3 for Fig. 7),
            // the same count in every record of a file.
            int width = 0;
            for (int i = 0; i < ac; i++)
            {
                int e = r.ReadInt32(), len = r.ReadInt32();
                if (width == 0 && len % k == 0 && len / k is >= 1 and <= NetworkState.Classes) width = len;
                if (len != width) throw new DataException($"{name}: an ᾱ record of {len} values, where {(width == 0 ? $"K × 1…{NetworkState.Classes}" : width.ToString())} were expected");
                r.BaseStream.Position -= 4;
                alphas.Add(new AlphaRecord(e, ReadArray(r, len, name)));
            }
            double[]? overlaps = null;
            if (version >= 2)
            {
                int len = r.ReadInt32();
                if (len < 0 || len > MaxCount || len % k != 0) throw new DataException($"{name}: invalid overlap count {len}");
                r.BaseStream.Position -= 4;
                overlaps = ReadArray(r, len, name);
                if (len == 0) overlaps = null;
            }
            if (r.BaseStream.Position != r.BaseStream.Length) throw new DataException($"{name}: unexpected trailing data");
            return new Checkpoint(epoch, state, vm, vl, metrics, alphas, overlaps);
        }
        catch (EndOfStreamException e) { throw new DataException($"{name}: truncated state file", e); }
    }

    static int Count(int c, string name) => c is >= 0 and <= MaxCount ? c : throw new DataException($"{name}: invalid record count {c}");

    static void WriteArray(BinaryWriter w, double[] a)
    {
        w.Write(a.Length);
        foreach (var v in a) w.Write(v);
    }

    static double[] ReadArray(BinaryReader r, int expected, string name)
    {
        int len = r.ReadInt32();
        if (len != expected) throw new DataException($"{name}: array of {len} values where {expected} were expected");
        var a = new double[len];
        for (int i = 0; i < len; i++) a[i] = r.ReadDouble();
        return a;
    }

    internal static ulong Fnv1a(ReadOnlySpan<byte> data)
    {
        ulong h = 14695981039346656037UL;
        foreach (var b in data) { h ^= b; h *= 1099511628211UL; }
        return h;
    }
}
