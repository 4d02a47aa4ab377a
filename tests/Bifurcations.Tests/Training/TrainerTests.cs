using Bifurcations.Data;
using Bifurcations.Model;
using Bifurcations.Training;

namespace Bifurcations.Tests;

public class TrainerTests
{
    static TrainingSet Digits(int[] classes, int perClass, int seed = 0) =>
        new DigitSelection(classes, perClass, seed).Select(MnistSet.Embedded);

    /// <summary>
    /// Entry by entry, relative to the larger of |entry| and the max-abs of its row (one memory or one
    /// label vector). Entries that cancel to near zero carry round-off of the row's scale (≈3e-16 on a
    /// row of max 1), so a bare per-entry ratio would measure nothing but that cancellation.
    /// </summary>
    static void AssertRelativelyEqual(double[] expected, double[] actual, int rowLength, double tol, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        double worstRow = 0, worstEntry = 0;
        for (int r = 0; r < expected.Length / rowLength; r++)
        {
            var row = expected.AsSpan(r * rowLength, rowLength);
            double rowScale = 0;
            foreach (var v in row) rowScale = Math.Max(rowScale, Math.Abs(v));
            for (int i = r * rowLength; i < (r + 1) * rowLength; i++)
            {
                double diff = Math.Abs(expected[i] - actual[i]);
                double rel = diff == 0 ? 0 : diff / Math.Max(Math.Abs(expected[i]), rowScale);
                worstRow = Math.Max(worstRow, rel);
                if (expected[i] != 0) worstEntry = Math.Max(worstEntry, diff / Math.Abs(expected[i]));
                Assert.True(rel <= tol, $"{what}[{i}]: reference {expected[i]:R}, engine {actual[i]:R}, row scale {rowScale:R}");
            }
        }
        Console.WriteLine($"{what}: worst error relative to row scale {worstRow:E2}, worst bare per-entry ratio {worstEntry:E2}");
    }

    static (NetworkState Engine, NetworkState Reference) TrainBoth(TrainingSet set, int k, double n, double tr, double rate, int epochs, TrainingOptions? extra = null)
    {
        var p = NetworkParameters.FromReducedTemperature(n, tr);
        var o = (extra ?? new TrainingOptions()) with { Rate = rate, Epochs = epochs, Seed = 3 };
        var init = new InitialCondition.Gaussian().Create(k, set, o.Seed);
        var engine = new Trainer(set, p, o, init.Clone());
        var reference = new ScalarReferenceTrainer(set, p, o, init.Clone());
        for (int e = 0; e < epochs; e++) { engine.Step(); reference.Step(); }
        return (engine.State, reference.State);
    }

    [Fact]
    public void EngineEqualsScalarReferenceOnPaperSizes()
    {
        var set = Digits([0, 1, 2, 3, 4, 5, 6, 7, 8, 9], 20);
        var (engine, reference) = TrainBoth(set, 100, 30, 0.85, 0.005, 50);
        AssertRelativelyEqual(reference.Memories, engine.Memories, reference.Dimension, 1e-12, "memory");
        AssertRelativelyEqual(reference.Labels, engine.Labels, NetworkState.Classes, 1e-12, "label");
        // The run must have moved: a comparison of two untouched states would prove nothing.
        Assert.True(engine.Memories.Max() > 0.1);
    }

    [Fact]
    public void EngineEqualsScalarReferenceOnTwoMemoriesTwoDigits()
    {
        var set = Digits([1, 4], 1);
        var (engine, reference) = TrainBoth(set, 2, 30, 0.89, 0.005, 200);
        AssertRelativelyEqual(reference.Memories, engine.Memories, reference.Dimension, 1e-12, "memory");
        AssertRelativelyEqual(reference.Labels, engine.Labels, NetworkState.Classes, 1e-12, "label");
    }

    [Fact]
    public void EngineEqualsScalarReferenceWithMinibatchesMomentumNoiseAndClipping()
    {
        var set = Digits([1, 4, 7], 4);
        var options = new TrainingOptions { MinibatchSize = 5, Momentum = 0.5, MemoryNoise = 1e-4, LabelNoise = 1e-3, Renormalization = Renormalization.Clip };
        var (engine, reference) = TrainBoth(set, 7, 3, 0.7, 0.01, 30, options);
        AssertRelativelyEqual(reference.Memories, engine.Memories, reference.Dimension, 1e-12, "memory");
        AssertRelativelyEqual(reference.Labels, engine.Labels, NetworkState.Classes, 1e-12, "label");
    }

    [Fact]
    public void WithoutMomentumTheVelocityNeverEntersAResult()
    {
        // The step no longer stores V when there is no momentum: a run given any velocity must train to the same bits,
        // and with momentum the velocity must still matter (else the check could not fail).
        var set = Digits([1, 4, 7], 4);
        var p = NetworkParameters.FromReducedTemperature(20, 0.9);
        var init = new InitialCondition.Gaussian().Create(6, set, 3);
        double[] Trained(double momentum, double velocity)
        {
            var trainer = new Trainer(set, p, new TrainingOptions { Seed = 3, Momentum = momentum }, init.Clone(), 0,
                Enumerable.Repeat(velocity, 6 * set.Dimension).ToArray());
            for (int e = 0; e < 20; e++) trainer.Step();
            return [.. trainer.State.Memories, .. trainer.State.Labels];
        }
        Assert.Equal(Trained(0, 0), Trained(0, 0.37));
        Assert.NotEqual(Trained(0.5, 0), Trained(0.5, 0.37));
    }

    [Fact]
    public void TrackedOverlapsEqualDirectProductsAndUntrackedTraining()
    {
        var set = Digits([0, 1, 2, 3, 4, 5, 6, 7, 8, 9], 20);
        var p = NetworkParameters.FromReducedTemperature(30, 0.85);
        var init = new InitialCondition.Gaussian().Create(100, set, 5);
        var tracked = new Trainer(set, p, new TrainingOptions { Seed = 5 }, init.Clone());
        var direct = new Trainer(set, p, new TrainingOptions { Seed = 5, TrackOverlaps = false }, init.Clone());
        Assert.Null(direct.Overlaps);
        for (int e = 0; e < 3 * Trainer.OverlapRefreshEvery - 1; e++) { tracked.Step(); direct.Step(); }
        // 49 epochs since the last refresh: the tracked O against M·Xᵀ computed from the memories.
        var o = new double[100 * set.Count];
        Gemm.MultiplyTransposed(tracked.State.Memories, set.Samples, o, 100, set.Count, set.Dimension, 1);
        AssertRelativelyEqual(o, tracked.Overlaps!, set.Count, 1e-12, "overlap");
        AssertRelativelyEqual(direct.State.Memories, tracked.State.Memories, set.Dimension, 1e-12, "memory");
        AssertRelativelyEqual(direct.State.Labels, tracked.State.Labels, NetworkState.Classes, 1e-12, "label");
        Assert.True(tracked.State.Memories.Max() > 0.1);
    }

    [Fact]
    public void ResultIsBitIdenticalWithOneAndTwoThreads()
    {
        var set = Digits([0, 1, 2, 3, 4, 5, 6, 7, 8, 9], 20);
        var p = NetworkParameters.FromReducedTemperature(30, 0.85);
        NetworkState Run(int threads)
        {
            var o = new TrainingOptions { Rate = 0.005, Seed = 1, Threads = threads };
            var t = new Trainer(set, p, o, new InitialCondition.Gaussian().Create(100, set, 1));
            for (int e = 0; e < 40; e++) t.Step();
            return t.State;
        }
        var one = Run(1);
        var two = Run(2);
        Assert.Equal(one.Memories, two.Memories);
        Assert.Equal(one.Labels, two.Labels);
    }

    [Fact]
    public void GemmEntriesAreExactlyTheFusedChainOnOddShapes()
    {
        // Every entry must be c ← a_p·b_p + c over p = 0…k−1, bit for bit, whatever the blocking (shapes cross the
        // 8×24 tile and the 5+5 split of 10 rows, the 256 depth block, the 1536 column block and the row blocks of at most
        // 128 rows, tiles shared evenly: 130 = 64 + 66, 257 = 88 + 88 + 81, 300 = 96 + 104 + 100), the packing and the thread count.
        // Products of at most 4 096 multiply-adds are formed as plain chains, packed B or not (a row of C at a time when B is
        // k×n: (1, 784, 2) and (2, 784, 2) are the phase diagrams' coef·X, (1, 2, 784) their overlaps); (5, 64, 13) is just above.
        var rng = new Random(2);
        foreach (var (m, n, k) in new[] { (1, 1, 1), (5, 7, 3), (4, 16, 9), (9, 35, 13), (100, 200, 784), (3, 784, 2), (8, 72, 21),
                     (4, 33, 8), (17, 1600, 300), (130, 50, 600), (2, 3, 0), (7, 48, 300), (10, 500, 784), (14, 96, 40),
                     (11, 70, 300), (12, 1600, 257), (9, 24, 5), (10, 10, 2000), (5, 64, 13), (257, 30, 20), (300, 49, 270),
                     (1, 784, 2), (2, 784, 2), (1, 2, 784), (3, 129, 10), (4, 1, 1000) })
        {
            double[] Random(int len) => Enumerable.Range(0, len).Select(_ => rng.NextDouble() - 0.5).ToArray();
            var (a, bt, b, start) = (Random(m * k), Random(n * k), Random(k * n), Random(m * n));
            var results = new List<(string, double[], bool)>();
            // Outputs that do not accumulate start as NaN: a product that read C instead of starting from 0 shows.
            double[] Stale() => Enumerable.Repeat(double.NaN, m * n).ToArray();
            foreach (int threads in new[] { 1, 2 })
            {
                var c1 = Stale(); Gemm.MultiplyTransposed(a, bt, c1, m, n, k, threads);
                var c2 = Stale(); Gemm.Multiply(a, b, c2, m, n, k, threads);
                var c3 = Stale(); Gemm.Multiply(a, Gemm.Pack(bt, n, k, transposed: true), c3, m, threads);
                var c4 = Stale(); Gemm.Multiply(a, Gemm.Pack(b, n, k, transposed: false), c4, m, threads);
                var c5 = (double[])start.Clone(); Gemm.Multiply(a, b, c5, m, n, k, threads, accumulate: true);
                var c6 = (double[])start.Clone(); Gemm.Multiply(a, Gemm.Pack(b, n, k, transposed: false), c6, m, threads, accumulate: true);
                results.AddRange([($"ABt/{threads}", c1, true), ($"AB/{threads}", c2, false), ($"packed ABt/{threads}", c3, true),
                    ($"packed AB/{threads}", c4, false), ($"C+AB/{threads}", c5, false), ($"C+packed AB/{threads}", c6, false)]);
            }
            foreach (var (name, c, transposed) in results)
                for (int i = 0; i < m; i++)
                    for (int j = 0; j < n; j++)
                    {
                        double s = name.StartsWith("C+") ? start[i * n + j] : 0;
                        for (int p = 0; p < k; p++) s = Math.FusedMultiplyAdd(a[i * k + p], transposed ? bt[j * k + p] : b[p * n + j], s);
                        Assert.True(s.Equals(c[i * n + j]), $"{name} {m}x{n}x{k} at ({i},{j}): {c[i * n + j]:R} against the chain {s:R}");
                    }
        }
    }

    [Fact]
    public void BlocksOfDigitsGiveTheWholeSetEpochBitForBit()
    {
        // 1 800 digits at K = 100 are blocks of 768, 768 and 264 digits: ∂C/∂M and ∂C/∂L continue their chains across
        // blocks and the cost is summed in order, so every bit must equal the epoch on the whole set at once, on 1 and 2
        // threads, and so must the metrics of each epoch and of the final state.
        var set = Digits([0, 1, 2, 3, 4, 5, 6, 7, 8, 9], 180);
        Assert.Equal(768, Trainer.BlockDigits(100, set.Count));
        Assert.Equal(set.Count, Trainer.BlockDigits(10, set.Count));
        var p = NetworkParameters.FromReducedTemperature(20, 0.7);
        var init = new InitialCondition.Gaussian().Create(100, set, 4);
        var whole = new Trainer(set, p, new TrainingOptions { Rate = 0.02, Seed = 4, Threads = 2 }, init.Clone()) { InBlocks = false };
        foreach (int threads in new[] { 1, 2 })
        {
            var blocks = new Trainer(set, p, new TrainingOptions { Rate = 0.02, Seed = 4, Threads = threads }, init.Clone());
            Assert.False(blocks.Tracking); // the direct path, which goes by blocks
            var reference = threads == 1 ? whole : new Trainer(set, p, new TrainingOptions { Rate = 0.02, Seed = 4, Threads = 2 }, init.Clone()) { InBlocks = false };
            for (int e = 0; e < 15; e++) Assert.Equal(reference.Step(), blocks.Step(), MetricsComparer.Instance);
            Assert.Equal(reference.State.Memories, blocks.State.Memories);
            Assert.Equal(reference.State.Labels, blocks.State.Labels);
            Assert.Equal(reference.Evaluate(), blocks.Evaluate(), MetricsComparer.Instance);
        }
        Assert.True(whole.State.Memories.Max() > 0.1, "the memories should have moved away from their start");
    }

    [Fact]
    public void TheDirectPathAllocatesNoKByPArray()
    {
        // K = 100 on P = 8 000 digits: a K×P array of doubles is 6.4 MB. A trainer (the digits already packed by a first
        // one) allocates the memories' velocity and gradient (2KN, 1.25 MB) and two K×768 block arrays (1.2 MB); its epochs
        // and its evaluation allocate small per-block arrays. None of it is a K×P array of the whole set.
        var set = EnlargedSet.Prefix(MnistSet.Embedded, 8000);
        var p = NetworkParameters.FromReducedTemperature(30, 0.85);
        var init = new InitialCondition.Gaussian().Create(100, set, 1);
        _ = new Trainer(set, p, new TrainingOptions { Threads = 1 }, init.Clone()).Step();
        var start = init.Clone();
        long before = GC.GetAllocatedBytesForCurrentThread();
        var trainer = new Trainer(set, p, new TrainingOptions { Threads = 1 }, start);
        trainer.Step();
        trainer.Step();
        trainer.Evaluate();
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.False(trainer.Tracking);
        Assert.InRange(allocated, 8L * (2 * 100 * 784 + 2 * 100 * 768), 8L * 100 * 8000);
    }

    sealed class MetricsComparer : IEqualityComparer<EpochMetrics>
    {
        public static readonly MetricsComparer Instance = new();
        public bool Equals(EpochMetrics? a, EpochMetrics? b) => a is not null && b is not null && a.Epoch == b.Epoch
            && a.Cost.Equals(b.Cost) && a.Correct.SequenceEqual(b.Correct) && a.Total.SequenceEqual(b.Total) && a.Predicted.SequenceEqual(b.Predicted);
        public int GetHashCode(EpochMetrics m) => m.Cost.GetHashCode();
    }

    [Fact]
    public void GemmOnAColumnOrDepthRangeIsTheWholeProductsChain()
    {
        // The products of one block of digits: columns [from, from + width) of A·B, and A·B[from…, :] continuing C. Each entry
        // must be the whole product's chain bit for bit, with B packed (panels, or its plain copy when small), either way round.
        var rng = new Random(6);
        double[] Random(int len) => Enumerable.Range(0, len).Select(_ => rng.NextDouble() - 0.5).ToArray();
        int a0 = Gemm.BlockAlignment;
        // (7, 3a0 + 50, 300): a window from 768 of 1 536 columns crosses the packed column blocks at 1 536; (100, a0 + 24, 300):
        // a 24-column window at 768 is shared by rows between two workers. Outputs carry guard cells after them.
        foreach (var (m, n, k) in new[] { (7, 3 * a0 + 50, 300), (100, a0 + 1, 784), (3, 2 * a0, 1), (2, 1, 3 * a0 + 7), (10, 784, 2 * a0 + 100),
                     (1, 2, 2), (1, 2, 1600), (1, 1000, 4), (100, a0 + 24, 300) })
            foreach (bool transposed in new[] { true, false })
                foreach (int threads in new[] { 1, 2 })
                {
                    var (a, bStored, start) = (Random(m * k), Random(n * k), Random(m * n));
                    double B(int p, int j) => transposed ? bStored[j * k + p] : bStored[p * n + j];
                    var packed = Gemm.Pack(bStored, n, k, transposed);
                    const int guard = 64;
                    for (int from = 0; from < n; from += a0)
                    {
                        int width = Math.Min(2 * a0, n - from);
                        var c = Enumerable.Repeat(double.NaN, m * width + guard).ToArray();
                        Gemm.MultiplyColumns(a, packed, c, m, threads, from, width);
                        Assert.All(c[(m * width)..], v => Assert.True(double.IsNaN(v), "a write past the window"));
                        for (int i = 0; i < m; i++)
                            for (int j = 0; j < width; j++)
                            {
                                double s = Gemm.ReferenceEntry(a.AsSpan(i * k, k), p => B(p, from + j), k);
                                Assert.True(s.Equals(c[i * width + j]), $"columns {m}x{n}x{k} T={transposed} from {from} at ({i},{j}): {c[i * width + j]:R} against {s:R}");
                            }
                    }
                    // Summed over blocks of depth onto C, and from 0 (the first block not accumulating, onto NaN).
                    var onto = (double[])start.Clone();
                    var fresh = Enumerable.Repeat(double.NaN, m * n).ToArray();
                    for (int from = 0; from < k; from += a0)
                    {
                        int depth = Math.Min(a0, k - from);
                        var part = new double[m * depth];
                        for (int i = 0; i < m; i++) a.AsSpan(i * k + from, depth).CopyTo(part.AsSpan(i * depth));
                        Gemm.MultiplyDepth(part, packed, onto, m, threads, from, depth, accumulate: true);
                        Gemm.MultiplyDepth(part, packed, fresh, m, threads, from, depth, accumulate: from > 0);
                    }
                    for (int i = 0; i < m; i++)
                        for (int j = 0; j < n; j++)
                        {
                            double s = Gemm.ReferenceEntry(a.AsSpan(i * k, k), p => B(p, j), k, start[i * n + j]);
                            Assert.True(s.Equals(onto[i * n + j]), $"depth {m}x{n}x{k} T={transposed} at ({i},{j}): {onto[i * n + j]:R} against {s:R}");
                            double z = Gemm.ReferenceEntry(a.AsSpan(i * k, k), p => B(p, j), k);
                            Assert.True(z.Equals(fresh[i * n + j]), $"depth from 0 {m}x{n}x{k} T={transposed} at ({i},{j}): {fresh[i * n + j]:R} against {z:R}");
                        }
                }
    }

    [Fact]
    public void GemmRowsDoNotDependOnTheRowsStackedWithThem()
    {
        // Stacking runs' memories into one product must leave each run's rows exactly as computed alone.
        var rng = new Random(3);
        int n = 230, k = 517;
        var b = Enumerable.Range(0, n * k).Select(_ => rng.NextDouble()).ToArray();
        var alone = Enumerable.Range(0, 11 * k).Select(_ => rng.NextDouble() - 0.5).ToArray();
        var stacked = Enumerable.Range(0, 40 * k).Select(_ => rng.NextDouble() - 0.5).ToArray();
        alone.CopyTo(stacked, 13 * k);
        var c1 = new double[11 * n];
        var c2 = new double[40 * n];
        Gemm.MultiplyTransposed(alone, b, c1, 11, n, k, 1);
        Gemm.MultiplyTransposed(stacked, b, c2, 40, n, k, 2);
        Assert.Equal(c1, c2.AsSpan(13 * n, 11 * n).ToArray());
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void SweepTrainingAreBitIdenticalToRunsTrainedAlone(bool track)
    {
        // Three runs with their own K, n, T, seed and rate, stacked into one product per epoch, for 120 epochs (two
        // refreshes of tracked overlaps): every memory, label and metric must equal the run trained by itself.
        var set = Digits([0, 1, 2, 3, 4, 5, 6, 7, 8, 9], 20);
        var configs = new (int K, double N, double Tr, int Seed, double Rate)[] { (7, 30, 0.85, 1, 0.005), (12, 3, 1.0, 2, 0.01), (5, 45, 0.6, 3, 0.002) };
        Trainer Make((int K, double N, double Tr, int Seed, double Rate) c, int threads) =>
            new(set, NetworkParameters.FromReducedTemperature(c.N, c.Tr), new TrainingOptions { Rate = c.Rate, Seed = c.Seed, Threads = threads, TrackOverlaps = track },
                new InitialCondition.Gaussian().Create(c.K, set, c.Seed));
        const int epochs = 120;
        var alone = configs.Select(c =>
        {
            var t = Make(c, 1);
            var metrics = Enumerable.Range(0, epochs).Select(_ => t.Step()).ToArray();
            return (t.State, metrics);
        }).ToArray();
        var stack = new StackedTrainer(configs.Select(c => Make(c, 1)).ToArray(), threads: 2);
        var stackedMetrics = Enumerable.Range(0, epochs).Select(_ => stack.Step()).ToArray();
        Assert.Equal(track, stack.Runs[0].Overlaps is not null);
        for (int r = 0; r < configs.Length; r++)
        {
            Assert.Equal(alone[r].State.Memories, stack.Runs[r].State.Memories);
            Assert.Equal(alone[r].State.Labels, stack.Runs[r].State.Labels);
            for (int e = 0; e < epochs; e++) Assert.Equal(alone[r].metrics[e].Cost, stackedMetrics[e][r].Cost);
            Assert.True(alone[r].State.Memories.Max() > 0.1);
        }
    }

    [Fact]
    public void StackingRefusesRunsThatCannotShareProducts()
    {
        var set = Digits([1, 4], 5);
        var other = Digits([1, 7], 5);
        var p = NetworkParameters.FromReducedTemperature(30, 0.85);
        Trainer Make(TrainingSet s, TrainingOptions o) => new(s, p, o, new InitialCondition.Gaussian().Create(3, s, 1));
        var ok = new TrainingOptions { Threads = 1 };
        Assert.Throws<ArgumentException>(() => new StackedTrainer([Make(set, ok), Make(other, ok)], 1));
        Assert.Throws<ArgumentException>(() => new StackedTrainer([Make(set, ok), Make(set, ok with { MinibatchSize = 4 })], 1));
        var ahead = Make(set, ok);
        ahead.Step();
        Assert.Throws<ArgumentException>(() => new StackedTrainer([Make(set, ok), ahead], 1));
    }
}
