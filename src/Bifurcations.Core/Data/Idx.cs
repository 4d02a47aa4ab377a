using System.Buffers.Binary;
using System.IO.Compression;

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
    /// <summary>The magic number of an IDX image file (unsigned bytes, three dimensions).</summary>
    public const int ImagesMagic = 0x00000803; // unsigned byte, 3 dimensions
    /// <summary>The magic number of an IDX label file (unsigned bytes, one dimension).</summary>
    public const int LabelsMagic = 0x00000801; // unsigned byte, 1 dimension

    /// <summary>
    /// The most pixel bytes a file may hold (≈ 340 000 MNIST digits; the official training and test sets are 70 000).
    /// Checked against the header before anything is decompressed or allocated, so a small file cannot claim gigabytes.
    /// </summary>
    public const long MaxBytes = 1L << 28;

    /// <summary>Reads an IDX image file, raw or gzipped; a truncated or malformed file is a <see cref="DataException"/> naming it.</summary>
    public static IdxImages ReadImages(string path) => Read(path, s => ReadImages(s, path));
    /// <summary>Reads an IDX label file, raw or gzipped.</summary>
    public static byte[] ReadLabels(string path) => Read(path, s => ReadLabels(s, path));

    /// <summary>Reads IDX images from a stream; <paramref name="name"/> is used in error messages.</summary>
    public static IdxImages ReadImages(Stream stream, string name)
    {
        using var data = Open(stream, name);
        var header = ReadExactly(data, 16, name, "header");
        CheckMagic(header, ImagesMagic, name);
        int count = ReadCount(header, 4, name, "image count");
        int rows = ReadCount(header, 8, name, "row count");
        int cols = ReadCount(header, 12, name, "column count");
        if (rows == 0 || cols == 0) throw new DataException($"{name}: image size {rows}x{cols} is empty");
        // In doubles: count·rows·cols can exceed even a long for a malicious header.
        double claimed = (double)count * rows * cols;
        if (claimed > MaxBytes) throw new DataException($"{name}: header claims {count} images of {rows}x{cols} ({claimed:G4} bytes), over the limit of {MaxBytes} bytes");
        long expected = (long)claimed;
        var pixels = ReadExactly(data, (int)expected, name, "pixel data");
        RequireEnd(data, 16 + expected, name);
        return new IdxImages(count, rows, cols, pixels);
    }

    /// <summary>Reads IDX labels from a stream; <paramref name="name"/> is used in error messages.</summary>
    public static byte[] ReadLabels(Stream stream, string name)
    {
        using var data = Open(stream, name);
        var header = ReadExactly(data, 8, name, "header");
        CheckMagic(header, LabelsMagic, name);
        int count = ReadCount(header, 4, name, "label count");
        if (count > MaxBytes) throw new DataException($"{name}: header claims {count} labels, over the limit of {MaxBytes}");
        var labels = ReadExactly(data, count, name, "labels");
        RequireEnd(data, 8L + count, name);
        return labels;
    }

    /// <summary>Writes IDX images to <paramref name="stream"/>, gzipped if asked (the caller owns the file and its atomicity).</summary>
    public static void WriteImages(Stream stream, IdxImages images, bool gzip)
    {
        var header = new byte[16];
        BinaryPrimitives.WriteInt32BigEndian(header, ImagesMagic);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), images.Count);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(8), images.Rows);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(12), images.Columns);
        WritePayload(stream, header, images.Pixels, gzip);
    }

    /// <summary>Writes IDX labels to <paramref name="stream"/>, gzipped if asked.</summary>
    public static void WriteLabels(Stream stream, byte[] labels, bool gzip)
    {
        var header = new byte[8];
        BinaryPrimitives.WriteInt32BigEndian(header, LabelsMagic);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), labels.Length);
        WritePayload(stream, header, labels, gzip);
    }

    static void WritePayload(Stream s, byte[] header, byte[] body, bool gzip)
    {
        Stream target = gzip ? new GZipStream(s, CompressionLevel.Optimal, leaveOpen: true) : s;
        target.Write(header);
        target.Write(body);
        if (gzip) target.Dispose();
    }

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

    /// <summary>The content as a stream, gunzipped if it starts with the gzip magic bytes 1f 8b (read lazily, never whole).</summary>
    static Stream Open(Stream stream, string name)
    {
        var buffered = new BufferedStream(stream, 1 << 16);
        var first = new byte[2];
        int got = buffered.Read(first, 0, 2);
        var prefix = new MemoryStream(first, 0, got);
        Stream joined = new ConcatenatedStream(prefix, buffered);
        return got == 2 && first[0] == 0x1f && first[1] == 0x8b ? new GZipStream(joined, CompressionMode.Decompress) : joined;
    }

    /// <summary>Exactly <paramref name="count"/> bytes, or a clear error: truncated data, or gzip data that is corrupt.</summary>
    static byte[] ReadExactly(Stream s, int count, string name, string what)
    {
        var buffer = new byte[count];
        int total = 0;
        try
        {
            while (total < count)
            {
                int read = s.Read(buffer, total, count - total);
                if (read == 0) throw new DataException($"{name}: truncated {what} ({total} bytes, need {count})");
                total += read;
            }
        }
        catch (InvalidDataException e) { throw new DataException($"{name}: corrupt or truncated gzip data ({e.Message})", e); }
        catch (EndOfStreamException e) { throw new DataException($"{name}: truncated gzip data", e); }
        return buffer;
    }

    /// <summary>Nothing may follow what the header promises.</summary>
    static void RequireEnd(Stream s, long expected, string name)
    {
        var probe = new byte[1];
        int read;
        try { read = s.Read(probe, 0, 1); }
        catch (InvalidDataException e) { throw new DataException($"{name}: corrupt gzip data after the payload ({e.Message})", e); }
        if (read != 0) throw new DataException($"{name}: unexpected trailing bytes after the {expected} the header promises");
    }

    /// <summary>Two streams read one after the other (the peeked gzip magic, then the rest).</summary>
    sealed class ConcatenatedStream(Stream first, Stream second) : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count)
        {
            int n = first.Read(buffer, offset, count);
            return n > 0 ? n : second.Read(buffer, offset, count);
        }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
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

}
