using System.Text;
using Bifurcations.Data;
using Bifurcations.Experiments.Sweeps;
using Bifurcations.Experiments.Training;
using Bifurcations.Model;
using Bifurcations.Training;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Bifurcations.Tests;

/// <summary>
/// Every reader gets valid files mutated by truncation, bit flips, overwritten, inserted and deleted bytes:
/// it must either read them or throw a <see cref="BifurcationsException"/> (a clear one-line error), never
/// crash with anything else. 10 000 mutated inputs per reader.
/// </summary>
public class FuzzTests
{
    static byte[] Mutate(byte[] valid, int seed)
    {
        var rng = new Random(seed);
        var b = new List<byte>(valid);
        int edits = 1 + rng.Next(4);
        for (int e = 0; e < edits && b.Count > 0; e++)
        {
            int i = rng.Next(b.Count);
            switch (rng.Next(5))
            {
                case 0: b.RemoveRange(i, b.Count - i); break;                        // truncation
                case 1: b[i] ^= (byte)(1 << rng.Next(8)); break;                      // bit flip
                case 2: b[i] = (byte)rng.Next(256); break;                            // overwritten byte
                case 3: b.Insert(i, (byte)rng.Next(256)); break;                      // inserted byte
                default: b.RemoveRange(i, Math.Min(1 + rng.Next(16), b.Count - i)); break; // deleted run
            }
        }
        return [.. b];
    }

    static Property NeverCrashes(byte[] valid, Action<byte[]> read) => Prop.ForAll(Gen.Choose(0, int.MaxValue).ToArbitrary(), seed =>
    {
        var bytes = Mutate(valid, seed);
        try { read(bytes); }
        catch (BifurcationsException e) { Assert.DoesNotContain('\n', e.Message.Trim()); }
    });

    static readonly Lazy<(byte[] Images, byte[] ImagesGz, byte[] Labels)> Idx = new(() =>
    {
        var dir = Path.Combine(Path.GetTempPath(), "bif-fuzz-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            var images = new IdxImages(3, 28, 28, Enumerable.Range(0, 3 * 784).Select(i => (byte)(i * 7)).ToArray());
            Bifurcations.Experiments.IO.MnistFiles.WriteImages(Path.Combine(dir, "i"), images, gzip: false);
            Bifurcations.Experiments.IO.MnistFiles.WriteImages(Path.Combine(dir, "g"), images, gzip: true);
            Bifurcations.Experiments.IO.MnistFiles.WriteLabels(Path.Combine(dir, "l"), [1, 4, 7], gzip: false);
            return (File.ReadAllBytes(Path.Combine(dir, "i")), File.ReadAllBytes(Path.Combine(dir, "g")), File.ReadAllBytes(Path.Combine(dir, "l")));
        }
        finally { Directory.Delete(dir, true); }
    });

    [Property(MaxTest = 10_000)]
    public Property IdxImagesReader() => NeverCrashes(Idx.Value.Images, b => Bifurcations.Data.Idx.ReadImages(new MemoryStream(b), "fuzz"));

    [Property(MaxTest = 10_000)]
    public Property GzippedIdxImagesReader() => NeverCrashes(Idx.Value.ImagesGz, b => Bifurcations.Data.Idx.ReadImages(new MemoryStream(b), "fuzz"));

    [Property(MaxTest = 10_000)]
    public Property IdxLabelsReader() => NeverCrashes(Idx.Value.Labels, b => Bifurcations.Data.Idx.ReadLabels(new MemoryStream(b), "fuzz"));

    static readonly Lazy<byte[]> State = new(() =>
    {
        var s = new NetworkState(2, 16);
        for (int i = 0; i < s.Memories.Length; i++) s.Memories[i] = Math.Sin(i);
        var metrics = new List<EpochMetrics> { new(0, 1.5, new int[10], new int[10], new int[10]) };
        var path = Path.Combine(Path.GetTempPath(), "bif-fuzz-" + Guid.NewGuid().ToString("N"));
        StateFile.Write(path, new Checkpoint(1, s, new double[32], new double[20], metrics, [new AlphaRecord(0, new double[20])], [1.0, 2.0]));
        var bytes = File.ReadAllBytes(path);
        File.Delete(path);
        return bytes;
    });

    [Property(MaxTest = 10_000)]
    public Property StateFileReader() => NeverCrashes(State.Value, b => StateFile.Read(b, "fuzz"));

    static readonly Lazy<byte[]> RecordingBytes = new(() =>
    {
        var path = Path.Combine(Path.GetTempPath(), "bif-fuzz-" + Guid.NewGuid().ToString("N"));
        using (var f = Recording.OpenForAppend(path, 2, 16, 0))
        {
            Recording.Append(f, 0, new NetworkState(2, 16));
            Recording.Append(f, 10, new NetworkState(2, 16));
        }
        var bytes = File.ReadAllBytes(path);
        File.Delete(path);
        return bytes;
    });

    [Property(MaxTest = 10_000)]
    public Property RecordingReader() => NeverCrashes(RecordingBytes.Value, b => Recording.Read(b, "fuzz"));

    static readonly byte[] SettingsJson = Encoding.UTF8.GetBytes(new PhaseSettings(PhaseCase.Intra, ClassA: 4, ClassB: 4, Seed: 0, NFrom: 2, NTo: 30, NStep: 1, TFrom: 400, TTo: 880, TStep: 20).ToJson());

    [Property(MaxTest = 10_000)]
    public Property SweepSettingsReader() => NeverCrashes(SettingsJson, b => PhaseSettings.FromJson(Encoding.UTF8.GetString(b), "fuzz"));

    static readonly byte[] RunJson = Encoding.UTF8.GetBytes(System.Text.Json.JsonSerializer.Serialize(
        new PhaseRun(12, 700, [0.5, -0.2], [-0.2, 0.5], [1, -1], [-1, 1], 0.25, [1e-3, 2e-3])));

    [Property(MaxTest = 10_000)]
    public Property SweepRunReader() => NeverCrashes(RunJson, b => PhaseSweep.ParseRun(Encoding.UTF8.GetString(b), "fuzz"));
}
