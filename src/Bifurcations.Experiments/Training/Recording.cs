using Bifurcations.Model;

namespace Bifurcations.Experiments.Training;

/// <summary>One recorded epoch: memories (K×N) and labels (K×10) in single precision.</summary>
public sealed record Snapshot(int Epoch, float[] Memories, float[] Labels);

/// <summary>
/// Append-only float32 recording of memories and labels every k epochs: the header ("BIFREC02", K, N) then
/// fixed-size records, each followed by an FNV-1a 64-bit checksum of its bytes, so that a flipped byte anywhere is
/// reported naming the file and the record. A resumed run checks the header and every record its checkpoint covers
/// before it trains, then truncates the file to them, so nothing is duplicated. Version-1 recordings ("BIFREC01",
/// no checksums) are still read.
/// </summary>
internal static class Recording
{
    static readonly byte[] Magic = "BIFREC02"u8.ToArray(), MagicV1 = "BIFREC01"u8.ToArray();
    const int HeaderSize = 16, ChecksumSize = 8;
    const long MaxValues = 1L << 28;

    static long PayloadSize(int k, int n) => 4 + 4L * k * n + 4L * k * NetworkState.Classes;

    /// <summary>
    /// Opens the file for appending after its first <paramref name="keep"/> records, checking the header and those
    /// records first (a fresh file when <paramref name="keep"/> is 0).
    /// </summary>
    public static FileStream OpenForAppend(string path, int k, int n, int keep)
    {
        var fs = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite);
        try
        {
            if (keep == 0)
            {
                fs.SetLength(0);
                fs.Write(Magic);
                fs.Write(BitConverter.GetBytes(k));
                fs.Write(BitConverter.GetBytes(n));
                return fs;
            }
            var header = new byte[HeaderSize];
            if (fs.Length < HeaderSize || fs.Read(header) != HeaderSize || !header.AsSpan(0, 8).SequenceEqual(Magic))
                throw new DataException($"{path}: not a version-2 recording (bad header); the run cannot be resumed: start it again from the beginning");
            if (BitConverter.ToInt32(header, 8) != k || BitConverter.ToInt32(header, 12) != n)
                throw new DataException($"{path}: recording of K = {BitConverter.ToInt32(header, 8)}, N = {BitConverter.ToInt32(header, 12)}, but the run has K = {k}, N = {n}");
            long size = PayloadSize(k, n) + ChecksumSize, length = HeaderSize + keep * size;
            if (fs.Length < length) throw new DataException($"{path}: the recording holds fewer records than its checkpoint says; start the run again from the beginning");
            var record = new byte[size];
            for (int i = 0; i < keep; i++)
            {
                fs.ReadExactly(record);
                if (BitConverter.ToUInt64(record, (int)(size - ChecksumSize)) != StateFile.Fnv1a(record.AsSpan(0, (int)(size - ChecksumSize))))
                    throw new DataException($"{path}: record {i} is corrupt (checksum mismatch); start the run again from the beginning");
            }
            fs.SetLength(length);
            fs.Position = length;
            return fs;
        }
        catch
        {
            fs.Dispose();
            throw;
        }
    }

    /// <summary>Appends a snapshot of the state at an epoch.</summary>
    public static void Append(Stream s, int epoch, NetworkState state)
    {
        var buffer = new byte[PayloadSize(state.MemoryCount, state.Dimension) + ChecksumSize];
        BitConverter.TryWriteBytes(buffer, epoch);
        int o = 4;
        foreach (var v in state.Memories) { BitConverter.TryWriteBytes(buffer.AsSpan(o), (float)v); o += 4; }
        foreach (var v in state.Labels) { BitConverter.TryWriteBytes(buffer.AsSpan(o), (float)v); o += 4; }
        BitConverter.TryWriteBytes(buffer.AsSpan(o), StateFile.Fnv1a(buffer.AsSpan(0, o)));
        s.Write(buffer);
        s.Flush();
    }

    /// <summary>Every snapshot of a recording file.</summary>
    public static IReadOnlyList<Snapshot> Read(string path)
    {
        if (!File.Exists(path)) throw new DataException($"recording not found: {path}");
        return Read(File.ReadAllBytes(path), path);
    }

    /// <summary>Every snapshot of a recording's bytes; a truncated recording is a <see cref="DataException"/> naming <paramref name="path"/>.</summary>
    public static IReadOnlyList<Snapshot> Read(byte[] bytes, string path)
    {
        bool v2 = bytes.Length >= HeaderSize && bytes.AsSpan(0, 8).SequenceEqual(Magic);
        if (bytes.Length < HeaderSize || !v2 && !bytes.AsSpan(0, 8).SequenceEqual(MagicV1)) throw new DataException($"{path}: not a Bifurcations recording (bad magic)");
        int k = BitConverter.ToInt32(bytes, 8), n = BitConverter.ToInt32(bytes, 12);
        if (k < 1 || n < 1 || (long)k * n > MaxValues) throw new DataException($"{path}: invalid header (K {k}, N {n})");
        long payload = PayloadSize(k, n), size = payload + (v2 ? ChecksumSize : 0);
        if ((bytes.Length - HeaderSize) % size != 0) throw new DataException($"{path}: truncated record at the end");
        var list = new List<Snapshot>();
        for (long off = HeaderSize; off < bytes.Length; off += size)
        {
            if (v2 && BitConverter.ToUInt64(bytes, (int)(off + payload)) != StateFile.Fnv1a(bytes.AsSpan((int)off, (int)payload)))
                throw new DataException($"{path}: record {list.Count} is corrupt (checksum mismatch)");
            int epoch = BitConverter.ToInt32(bytes, (int)off);
            var m = new float[k * n];
            var l = new float[k * NetworkState.Classes];
            Buffer.BlockCopy(bytes, (int)off + 4, m, 0, m.Length * 4);
            Buffer.BlockCopy(bytes, (int)off + 4 + m.Length * 4, l, 0, l.Length * 4);
            list.Add(new Snapshot(epoch, m, l));
        }
        return list;
    }
}
