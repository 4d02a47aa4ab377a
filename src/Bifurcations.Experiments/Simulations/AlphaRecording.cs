using Bifurcations.Analysis;
using Bifurcations.Data;
using Bifurcations.Experiments.Training;
using Bifurcations.Training;

namespace Bifurcations.Experiments.Simulations;

/// <summary>
/// Trains to the end while recording every memory's ᾱ over chosen classes (Moore–Penrose decomposition on the
/// training set) at the start, every <c>recordEvery</c> epochs and at the last epoch: the input of split
/// detection for paper Figs. 4 and 7.
/// </summary>
internal static class AlphaRecording
{
    /// <summary>Trains for <paramref name="epochs"/> epochs, recording every memory's ᾱ over <paramref name="classes"/> every <paramref name="recordEvery"/> epochs.</summary>
    public static List<AlphaSnapshot> Train(Trainer trainer, TrainingSet set, int[] classes, int epochs, int recordEvery, IProgress<int>? progress = null,
        CancellationToken cancel = default)
    {
        var decomposition = new MoorePenrose(set);
        var records = new List<AlphaSnapshot>();
        void Record() => records.Add(Snapshot(decomposition, trainer, classes));
        Record();
        while (trainer.Epoch < epochs)
        {
            cancel.ThrowIfCancellationRequested();
            trainer.Step();
            if (trainer.Epoch % recordEvery == 0 || trainer.Epoch == epochs) Record();
            if (trainer.Epoch % 100 == 0) progress?.Report(trainer.Epoch);
        }
        return records;
    }

    /// <summary>ᾱ of every memory on the given classes now.</summary>
    public static AlphaSnapshot Snapshot(MoorePenrose decomposition, Trainer trainer, int[] classes)
    {
        // Only the class aggregates are needed: M·(X⁺C), a tenth of the cost of the full decomposition at P = 60–200.
        int k = trainer.State.MemoryCount;
        var bar = decomposition.ClassAggregates(trainer.State.Memories, k);
        return new AlphaSnapshot(trainer.Epoch, Enumerable.Range(0, k)
            .Select(mu => classes.Select(c => bar[mu * Model.NetworkState.Classes + c]).ToArray()).ToArray());
    }

    /// <summary>A snapshot as one row-major vector (K × classes), the form a checkpoint stores.</summary>
    public static double[] Flatten(AlphaSnapshot s) => s.AlphaBar.SelectMany(a => a).ToArray();

    /// <summary>A snapshot back from its checkpointed form.</summary>
    public static AlphaSnapshot Unflatten(AlphaRecord r, int classes) =>
        new(r.Epoch, r.AlphaBar.Chunk(classes).Select(a => a.ToArray()).ToArray());
}
