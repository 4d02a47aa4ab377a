using System.Buffers.Binary;
using System.IO.Compression;
using Bifurcations.IO;

namespace Bifurcations.Data;

/// <summary>An IDX image file: <see cref="Count"/> images of Rows×Columns unsigned bytes.</summary>
public sealed record IdxImages(int Count, int Rows, int Columns, byte[] Pixels);

/// <summary>
/// Reads and writes the IDX format of the official MNIST files (big-endian header, unsigned bytes),
/// raw or gzip-compressed. Every malformed input becomes a <see cref="DataException"/> naming the file
/// and the problem; nothing here throws anything else for bad bytes.
/// </summary>
public static class Idx
{
    public const int ImagesMagic = 0x00000803; // unsigned byte, 3 dimensions
    public const int LabelsMagic = 0x00000801; // unsigned byte, 1 dimension

    // Guard against absurd headers before allocating: MNIST is 60 000 images.
    const long MaxBytes = 1L << 31;

    public static IdxImages ReadImages(string path) => Read(path, s => ReadImages(s, path));
    public static byte[] ReadLabels(string path) => Read(path, s => ReadLabels(s, path));

    public static IdxImages ReadImages(Stream stream, string name)
    {
        var data = Decompress(stream, name);
        RequireLength(data, 16, name, "header");
        CheckMagic(data, ImagesMagic, name);
        int count = ReadCount(data, 4, name, "image count");
        int rows = ReadCount(data, 8, name, "row count");
        int cols = ReadCount(data, 12, name, "column count");
        if (rows == 0 || cols == 0) throw new DataException($"{name}: image size {rows}x{cols} is empty");
        long expected = 16 + (long)count * rows * cols;
        if (expected > MaxBytes) throw new DataException($"{name}: header claims {count} images of {rows}x{cols}, too large");
        CheckExactLength(data, expected, name);
        return new IdxImages(count, rows, cols, data.AsSpan(16).ToArray());
    }

    public static byte[] ReadLabels(Stream stream, string name)
    {
        var data = Decompress(stream, name);
        RequireLength(data, 8, name, "header");
        CheckMagic(data, LabelsMagic, name);
        int count = ReadCount(data, 4, name, "label count");
        CheckExactLength(data, 8L + count, name);
        return data.AsSpan(8).ToArray();
    }

    public static void WriteImages(string path, IdxImages images, bool gzip)
    {
        var header = new byte[16];
        BinaryPrimitives.WriteInt32BigEndian(header, ImagesMagic);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), images.Count);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(8), images.Rows);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(12), images.Columns);
        WritePayload(path, header, images.Pixels, gzip);
    }

    public static void WriteLabels(string path, byte[] labels, bool gzip)
    {
        var header = new byte[8];
        BinaryPrimitives.WriteInt32BigEndian(header, LabelsMagic);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), labels.Length);
        WritePayload(path, header, labels, gzip);
    }

    static void WritePayload(string path, byte[] header, byte[] body, bool gzip) =>
        AtomicFile.Write(path, s =>
        {
            Stream target = gzip ? new GZipStream(s, CompressionLevel.Optimal, leaveOpen: true) : s;
            target.Write(header);
            target.Write(body);
            if (gzip) target.Dispose();
        });

    static T Read<T>(string path, Func<Stream, T> read)
    {
        if (!File.Exists(path)) throw new DataException($"IDX file not found: {path}");
        try
        {
            using var s = File.OpenRead(path);
            return read(s);
        }
        catch (IOException e) { throw new DataException($"{path}: cannot read ({e.Message})", e); }
        catch (UnauthorizedAccessException e) { throw new DataException($"{path}: cannot read ({e.Message})", e); }
    }

    /// <summary>Whole content, gunzipped if it starts with the gzip magic bytes 1f 8b.</summary>
    static byte[] Decompress(Stream stream, string name)
    {
        using var raw = new MemoryStream();
        stream.CopyTo(raw);
        var bytes = raw.ToArray();
        if (bytes.Length < 2 || bytes[0] != 0x1f || bytes[1] != 0x8b) return bytes;
        try
        {
            using var gz = new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress);
            using var output = new MemoryStream();
            var buffer = new byte[1 << 16];
            int read;
            while ((read = gz.Read(buffer)) > 0)
            {
                output.Write(buffer, 0, read);
                if (output.Length > MaxBytes) throw new DataException($"{name}: decompressed data too large");
            }
            return output.ToArray();
        }
        catch (InvalidDataException e) { throw new DataException($"{name}: corrupt or truncated gzip data ({e.Message})", e); }
        catch (EndOfStreamException e) { throw new DataException($"{name}: truncated gzip data", e); }
    }

    static void RequireLength(byte[] data, int length, string name, string what)
    {
        if (data.Length < length)
            throw new DataException($"{name}: truncated {what} ({data.Length} bytes, need {length})");
    }

    static void CheckMagic(byte[] data, int magic, string name)
    {
        int found = BinaryPrimitives.ReadInt32BigEndian(data);
        if (found != magic)
            throw new DataException($"{name}: wrong magic number 0x{found:x8} (expected 0x{magic:x8}); not an IDX {(magic == ImagesMagic ? "image" : "label")} file");
    }

    static int ReadCount(byte[] data, int offset, string name, string what)
    {
        int v = BinaryPrimitives.ReadInt32BigEndian(data.AsSpan(offset));
        if (v < 0) throw new DataException($"{name}: negative {what} {v}");
        return v;
    }

    static void CheckExactLength(byte[] data, long expected, string name)
    {
        if (data.Length < expected)
            throw new DataException($"{name}: truncated ({data.Length} bytes, header promises {expected})");
        if (data.Length > expected)
            throw new DataException($"{name}: {data.Length - expected} unexpected trailing bytes after {expected}");
    }
}
