using Bifurcations.Analysis;
using Bifurcations.Data;
using Bifurcations.Model;
using Bifurcations.Reduced;
using Bifurcations.Training;

namespace Bifurcations.Experiments.Simulations;

/// <summary>What a cascade comparison trains (the Fig. 4 settings by default) and how it predicts.</summary>
/// <param name="Classes">The three classes (the paper: 1, 4, 7).</param>
/// <param name="Exponent">n.</param>
/// <param name="ReducedTemperature">T_r = T/784.</param>
public sealed record CascadeRunOptions(int[] Classes, double Exponent, double ReducedTemperature)
{
    /// <summary>K.</summary>
    public int Memories { get; init; } = DefaultMemories;
    /// <summary>K of the paper's cascade runs (and of every cascade-grid run).</summary>
    public const int DefaultMemories = 100;
    /// <summary>Epochs to train.</summary>
    public int Epochs { get; init; } = 3500;
    /// <summary>Learning rate ε.</summary>
    public double Rate { get; init; } = 0.005;
    /// <summary>Seed of the Gaussian start.</summary>
    public int Seed { get; init; } = 1;
    /// <summary>Epochs between ᾱ records (simulation and predictions alike).</summary>
    public int RecordEvery { get; init; } = 10;
    /// <summary>Groups the memories are sorted into along the unstable mode.</summary>
    public int Groups { get; init; } = 20;
    /// <summary>How splits are detected, in the simulation and in the predictions.</summary>
    public SplitDetector Detector { get; init; } = new();
    /// <summary>Threads of the simulation (the results do not depend on it).</summary>
    public int Threads { get; init; } = 1;

    internal CascadeRunOptions Validated()
    {
        if (Classes.Length != 3 || Classes.Distinct().Count() != 3) throw new InvalidParameterException("a cascade comparison needs three different classes");
        if (Memories < 2) throw new InvalidParameterException($"memories K = {Memories} is invalid: a split needs at least 2");
        if (RecordEvery >= 1 && Epochs < RecordEvery) throw new InvalidParameterException($"epochs {Epochs} must cover at least one record ({RecordEvery})");
        if (Groups < 1) throw new InvalidParameterException($"cascade groups {Groups} is invalid: at least 1");
        if (RecordEvery < 1) throw new InvalidParameterException($"record interval {RecordEvery} is invalid: at least 1 epoch");
        return this;
    }
}

/// <summary>One model's cascade beside the simulation: its prediction, the levels read from it, their scores, its run time.</summary>
public sealed record CascadeModelResult(string Model, CascadePrediction Prediction, IReadOnlyList<SplitLevel> Levels, IReadOnlyList<LevelScore> Scores,
    double FinalClassAgreement, double Seconds);

/// <summary>The component of the memories outside the span of the training digits at an epoch: the largest ‖M − αX‖/‖M‖.</summary>
public sealed record OutsideSpan(int Epoch, double Share);

/// <summary>
/// A simulated cascade and its two predictions (docs/cascade.md, "The cascade"): the exact group reduction in the span of
/// the training digits, and the class-mean three-category model, both seeded with the simulation's memories where they
/// gather and read by the same split detector.
/// </summary>
public sealed record CascadeRunResult(CascadeRunOptions Options, IReadOnlyList<AlphaSnapshot> Records, int[] FinalClass, IReadOnlyList<SplitLevel> Observed,
    int SeedEpoch, IReadOnlyList<OutsideSpan> OutsideSpan, CascadeModelResult Exact, CascadeModelResult ClassMean, double SimulationSeconds)
{
    /// <summary>The name of the diagnostic row that scores the exact groups against the simulation read in their groups.</summary>
    public const string InGroupsModel = "exact groups, simulation read in its groups";

    /// <summary>
    /// The simulation's levels read at the exact prediction's resolution: every memory at the mean of the memories of its
    /// prediction group (<see cref="GroupResolution"/>). Scoring the prediction against these instead of <see cref="Observed"/>
    /// leaves out what reading G points instead of K memories does to the split detector, and keeps the error of the group
    /// dynamics themselves. A diagnostic: the targets are scored against <see cref="Observed"/>.
    /// </summary>
    public required IReadOnlyList<SplitLevel> ObservedInGroups { get; init; }

    /// <summary>The exact groups' scores against <see cref="ObservedInGroups"/>.</summary>
    public IReadOnlyList<LevelScore> ExactInGroupsScores => CascadeScore.Compare(ObservedInGroups, Exact.Levels, SeedEpoch);

    /// <summary>The run in the small form a sweep keeps per run: settings, levels, scores, no records.</summary>
    public CascadeRunRecord ToRecord() => new(Options.Classes, Options.Exponent, Options.ReducedTemperature, Options.Seed, SeedEpoch, SimulationSeconds,
        [.. OutsideSpan], [.. Observed.Select(CascadeLevelRecord.Of)], [.. new[] { Exact, ClassMean }.Select(m => new CascadeModelRecord(m.Model, m.FinalClassAgreement, m.Seconds,
            m.Prediction.Mode?.Rate, [.. m.Levels.Select(CascadeLevelRecord.Of)], [.. m.Scores])),
            new CascadeModelRecord(InGroupsModel, Exact.FinalClassAgreement, Exact.Seconds, Exact.Prediction.Mode?.Rate,
                [.. Exact.Levels.Select(CascadeLevelRecord.Of)], [.. ExactInGroupsScores])]);

    /// <summary>The epochs at which the component outside the span is measured (and the last epoch).</summary>
    public static readonly int[] SpanEpochs = [0, 100, 500, 1000, 2000];

    /// <summary>
    /// Trains K memories from the Gaussian start (docs/model.md) recording ᾱ, picks the seed epoch where the memories
    /// gather, trains again to that epoch (the run is deterministic) to read every memory in the span, and follows both
    /// models' cascades from there to the end.
    /// </summary>
    public static CascadeRunResult Run(TrainingSet set, CascadeRunOptions options, IProgress<(string Stage, int Epoch)>? progress = null,
        CancellationToken cancel = default)
    {
        var o = options.Validated();
        var classes = o.Classes;
        foreach (var c in classes)
            if (!set.Labels.Contains(c)) throw new InvalidParameterException($"no training digit of class {c}");
        if (set.ClassesPresent.Length != 3) throw new InvalidParameterException("the exact group reduction spans the training digits: train on the three classes only");
        var p = NetworkParameters.FromReducedTemperature(o.Exponent, o.ReducedTemperature);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var decomposition = new MoorePenrose(set);
        Trainer NewTrainer() => new(set, p, new TrainingOptions { Rate = o.Rate, Epochs = o.Epochs, Seed = o.Seed, Threads = o.Threads },
            new InitialCondition.Gaussian().Create(o.Memories, set, o.Seed));

        var trainer = NewTrainer();
        var records = new List<AlphaSnapshot>();
        var onManifold = new List<bool>();
        var outside = new List<OutsideSpan>();
        void Record()
        {
            records.Add(AlphaRecording.Snapshot(decomposition, trainer, classes));
            onManifold.Add(Enumerable.Range(0, o.Memories).All(mu => UpdateRuleBound(trainer.State.Memory(mu))));
        }
        void Outside() => outside.Add(new OutsideSpan(trainer.Epoch, decomposition.Decompose(trainer.State).RelativeReconstructionError.Max()));
        Record();
        Outside();
        while (trainer.Epoch < o.Epochs)
        {
            cancel.ThrowIfCancellationRequested();
            trainer.Step();
            if (trainer.Epoch % o.RecordEvery == 0 || trainer.Epoch == o.Epochs) Record();
            if (SpanEpochs.Contains(trainer.Epoch) || trainer.Epoch == o.Epochs) Outside();
            if (trainer.Epoch % 100 == 0) progress?.Report(("simulation", trainer.Epoch));
        }
        var final = records[^1].AlphaBar.Select(a => classes[Array.IndexOf(a, a.Max())]).ToArray();
        var observed = SplitLevels.Read(records, final, o.Detector);
        int seedIndex = GatheringRecord(records, onManifold, observed.Count > 0 ? observed[0].Epoch : int.MaxValue);
        int seedEpoch = records[seedIndex].Epoch;

        var again = NewTrainer();
        while (again.Epoch < seedEpoch) again.Step();
        var span = decomposition.Decompose(again.State);
        double simulation = clock.Elapsed.TotalSeconds;

        var exact = new GroupSystem(set, p, classes);
        var exactSeed = new CascadeSeed(seedEpoch, Enumerable.Range(0, o.Memories)
            .Select(mu => (double[])[.. span.AlphaOf(mu), .. again.State.Label(mu)]).ToArray())
        {
            // The memories as they are, so the groups keep the component outside the span too (docs/cascade.md).
            Pixels = [.. Enumerable.Range(0, o.Memories).Select(mu => again.State.Memory(mu).ToArray())],
        };
        var classMean = ThreeCategoryModel.FromClassMeans(set, classes, p, o.Memories);
        var meanSeed = new CascadeSeed(seedEpoch, Enumerable.Range(0, o.Memories)
            .Select(mu => (double[])[.. classes.Select(c => span.AlphaBarOf(mu)[c]), .. classes.Select(c => again.State.Label(mu)[c])]).ToArray());

        CascadeModelResult Follow(string name, IGroupDynamics system, CascadeSeed seed)
        {
            var watch = System.Diagnostics.Stopwatch.StartNew();
            var prediction = Reduced.Cascade.Predict(system, seed, o.Rate, o.Epochs, new CascadeOptions { Groups = o.Groups, RecordEvery = o.RecordEvery },
                new InlineProgress<int>(e => progress?.Report((name, e))), cancel);
            var levels = SplitLevels.Read(prediction.Records, prediction.FinalClass, o.Detector);
            double agreement = (double)Enumerable.Range(0, o.Memories).Count(mu => prediction.FinalClass[mu] == final[mu]) / o.Memories;
            return new CascadeModelResult(name, prediction, levels, CascadeScore.Compare(observed, levels, seedEpoch), agreement, watch.Elapsed.TotalSeconds);
        }
        var exactResult = Follow("exact groups", exact, exactSeed);
        return new CascadeRunResult(o, records, final, observed, seedEpoch, outside, exactResult, Follow("class means", classMean, meanSeed), simulation)
        {
            ObservedInGroups = SplitLevels.Read(GroupResolution.Average(records, exactResult.Prediction.GroupOf), final, o.Detector),
        };
    }

    /// <summary>Whether a memory sits on the manifold max |M| = 1 that the renormalization keeps it on.</summary>
    static bool UpdateRuleBound(ReadOnlySpan<double> memory) => System.Numerics.Tensors.TensorPrimitives.MaxMagnitude(memory) is var m && Math.Abs(m) >= 1 - 1e-9;

    /// <summary>Spread (RMS distance to the centroid, in ᾱ) up to which the memories' differences are still linear in the modes.</summary>
    public const double LinearSpread = 1e-3;

    /// <summary>
    /// The record the cascade starts from: the last one, before the first observed split, where the memories are on the
    /// manifold and still gathered, their spread at most <see cref="LinearSpread"/>. There the differences between them
    /// are still small enough for the modes to describe, and the split is still ahead (hundreds of epochs at the
    /// paper's settings). Without such a record, the first on the manifold before the split; without one on the
    /// manifold, the last record before the split (never one at or after it).
    /// </summary>
    internal static int GatheringRecord(IReadOnlyList<AlphaSnapshot> records, IReadOnlyList<bool> onManifold, int firstSplit)
    {
        double Spread(AlphaSnapshot r)
        {
            int d = r.AlphaBar[0].Length;
            var c = Enumerable.Range(0, d).Select(i => r.AlphaBar.Average(a => a[i])).ToArray();
            return Math.Sqrt(r.AlphaBar.Average(a => Enumerable.Range(0, d).Sum(i => (a[i] - c[i]) * (a[i] - c[i]))));
        }
        // Records before the first split; of those on the manifold, the last still gathered (else the first on the manifold,
        // else the last before the split).
        var before = Enumerable.Range(0, records.Count).Where(i => records[i].Epoch < firstSplit).ToArray();
        if (before.Length == 0) return 0;
        var on = before.Where(i => onManifold[i]).ToArray();
        if (on.Length == 0) return before[^1];
        var gathered = on.Where(i => Spread(records[i]) <= LinearSpread).ToArray();
        return gathered.Length > 0 ? gathered[^1] : on[0];
    }
}

/// <summary>A split level in a file: epoch, partition, the sizes of its two sides (in the order the partition names them) and the parent's centroid in ᾱ.</summary>
public sealed record CascadeLevelRecord(int Level, int Epoch, string Partition, int[] Sizes, double[] Location)
{
    /// <summary>The record of a level read from a run.</summary>
    public static CascadeLevelRecord Of(SplitLevel l) => new(l.Level, l.Epoch, l.Partition, l.SideSizes, l.Location);
}

/// <summary>One model's cascade in a file: how many memories end in the right class, its time, its mode's rate, levels and scores.</summary>
public sealed record CascadeModelRecord(string Model, double FinalClassAgreement, double Seconds, double? ModeRate, CascadeLevelRecord[] Levels, LevelScore[] Scores);

/// <summary>One run of a cascade sweep in a file: its settings, the seed epoch, the simulation's levels, and both models.</summary>
public sealed record CascadeRunRecord(int[] Classes, double N, double TemperatureR, int Seed, int SeedEpoch, double SimulationSeconds,
    OutsideSpan[] OutsideSpan, CascadeLevelRecord[] Observed, CascadeModelRecord[] Models);
