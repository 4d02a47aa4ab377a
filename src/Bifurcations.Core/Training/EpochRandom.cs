using MathNet.Numerics.Random;

namespace Bifurcations.Training;

/// <summary>
/// Every random draw of a run comes from a generator seeded by (seed, epoch, minibatch, purpose), so a
/// run resumed at any epoch draws exactly what an uninterrupted run would, with no generator state to save.
/// </summary>
internal static class EpochRandom
{
    public const int Shuffle = 1, MemoryNoise = 2, LabelNoise = 3, Initial = 4;

    public static Random For(int seed, long epoch, int batch, int purpose)
    {
        ulong h = Mix((ulong)(uint)seed ^ Mix((ulong)epoch ^ Mix(((ulong)(uint)batch << 8) | (uint)purpose)));
        return new Xoshiro256StarStar((int)(h ^ (h >> 32)), threadSafe: false);
    }

    /// <summary>SplitMix64's finalizer: a bijective scramble of 64 bits.</summary>
    static ulong Mix(ulong z)
    {
        z += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>The sample order of one epoch: identity for a single minibatch, else a seeded permutation.</summary>
    public static int[] Order(int count, int minibatchSize, int seed, long epoch)
    {
        var order = Enumerable.Range(0, count).ToArray();
        if (minibatchSize <= 0 || minibatchSize >= count) return order;
        var rng = For(seed, epoch, 0, Shuffle);
        for (int i = count - 1; i > 0; i--)
        {
            int j = rng.Next(i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }
        return order;
    }
}
