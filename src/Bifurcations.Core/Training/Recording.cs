using System.Text;
using Bifurcations.Model;

namespace Bifurcations.Training;

/// <summary>One recorded epoch: memories (K×N) and labels (K×10) in single precision.</summary>
public sealed record Snapshot(int Epoch, float[] Memories, float[] Labels);

/// <summary>
/// Append-only float32 recording of memories and labels every k epochs ("BIFREC01", K, N, then fixed-size
/// records). A resumed run truncates it to the records its checkpoint covers, so nothing is duplicated.
/// </summary>
public static class Recording
{
    static readonly byte[] Magic = "BIFREC01"u8.ToArray();
    const int HeaderSize = 16;

    static long RecordSize(int k, int n) => 4 + 4L * k * n + 4L * k * NetworkState.Classes;

    /// <summary>Opens (or creates) the file for appending after the first <paramref name="keep"/> records.</summary>
    public static FileStream OpenForAppend(string path, int k, int n, int keep)
    {
        var fs = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite);
        if (fs.Length < HeaderSize || keep == 0)
        {
            fs.SetLength(0);
            fs.Write(Magic);
            fs.Write(BitConverter.GetBytes(k));
            fs.Write(BitConverter.GetBytes(n));
        }
        long length = HeaderSize + keep * RecordSize(k, n);
        if (fs.Length < length) { fs.Dispose(); throw new DataException($"{path}: recording is shorter than its checkpoint says; delete the output folder and start again"); }
        fs.SetLength(length);
        fs.Position = length;
        return fs;
    }

    public static void Append(Stream s, int epoch, NetworkState state)
    {
        var buffer = new byte[RecordSize(state.MemoryCount, state.Dimension)];
        BitConverter.TryWriteBytes(buffer, epoch);
        int o = 4;
        foreach (var v in state.Memories) { BitConverter.TryWriteBytes(buffer.AsSpan(o), (float)v); o += 4; }
        foreach (var v in state.Labels) { BitConverter.TryWriteBytes(buffer.AsSpan(o), (float)v); o += 4; }
        s.Write(buffer);
        s.Flush();
    }

    public static IReadOnlyList<Snapshot> Read(string path)
    {
        if (!File.Exists(path)) throw new DataException($"recording not found: {path}");
        return Read(File.ReadAllBytes(path), path);
    }

    public static IReadOnlyList<Snapshot> Read(byte[] bytes, string path)
    {
        if (bytes.Length < HeaderSize || !bytes.AsSpan(0, 8).SequenceEqual(Magic)) throw new DataException($"{path}: not a Bifurcations recording (bad magic)");
        int k = BitConverter.ToInt32(bytes, 8), n = BitConverter.ToInt32(bytes, 12);
        if (k < 1 || n < 1 || (long)k * n > 1 << 28) throw new DataException($"{path}: invalid header (K {k}, N {n})");
        long size = RecordSize(k, n);
        if ((bytes.Length - HeaderSize) % size != 0) throw new DataException($"{path}: truncated record at the end");
        var list = new List<Snapshot>();
        for (long off = HeaderSize; off < bytes.Length; off += size)
        {
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
