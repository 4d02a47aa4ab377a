using Bifurcations.Data;
using FsCheck;
using FsCheck.Fluent;

namespace Bifurcations.Testing;

/// <summary>
/// The Gram matrix of real digits: samples <see cref="Indices"/> of the embedded MNIST set (pixels scaled to [−1, 1], as
/// the network sees them). Real digits are the correlations a model meets in use; a failing case names its digits.
/// </summary>
/// <param name="Indices">Indices of the digits in the embedded set.</param>
public sealed record DigitGramCase(int[] Indices)
{
    /// <summary>P, the number of digits.</summary>
    public int Count => Indices.Length;

    /// <summary>The class of each digit.</summary>
    public int[] Classes => [.. Indices.Select(i => (int)MnistSet.Embedded.Labels[i])];

    /// <summary>G_ij = σ_i·σ_j, row by row (P × P).</summary>
    public double[] Matrix
    {
        get
        {
            var set = MnistSet.Embedded;
            var samples = Indices.Select(set.Scaled).ToArray();
            int p = Count;
            var g = new double[p * p];
            for (int i = 0; i < p; i++)
                for (int j = 0; j <= i; j++)
                    g[i * p + j] = g[j * p + i] = System.Numerics.Tensors.TensorPrimitives.Dot(samples[i], samples[j]);
            return g;
        }
    }

    /// <summary>The digits as a training set the full network runs on (784 pixels in [−1, 1], their classes).</summary>
    public TrainingSet Samples() => new([.. Indices.SelectMany(MnistSet.Embedded.Scaled)], Classes, MnistSet.Pixels);

    /// <summary>Digits a and b as the pair model's Gram entries.</summary>
    public Reduced.GramPair Pair(int a = 0, int b = 1)
    {
        var g = Matrix;
        return new(g[a * Count + a], g[a * Count + b], g[b * Count + b]);
    }

    /// <summary>The digits by their index in the embedded set and their class.</summary>
    public override string ToString() => $"DigitGramCase(embedded digits [{string.Join(", ", Indices.Select(i => $"{i} (a {MnistSet.Embedded.Labels[i]})"))}])";

    /// <summary>
    /// <paramref name="minPerClass"/>–<paramref name="maxPerClass"/> digits of each of <paramref name="classes"/>, drawn
    /// from the embedded set, distinct; shrinks by dropping digits while every class keeps at least
    /// <paramref name="minPerClass"/>.
    /// </summary>
    public static Arbitrary<DigitGramCase> Arbitrary(int[] classes, int minPerClass = 1, int maxPerClass = 3)
    {
        if (classes.Length == 0) throw new ArgumentException("at least one class is needed");
        foreach (var c in classes) MnistSet.CheckDigit(c);
        if (minPerClass < 1 || maxPerClass < minPerClass) throw new ArgumentException($"digits per class {minPerClass}–{maxPerClass} is not a valid range (at least 1)");
        var set = MnistSet.Embedded;
        var perClass = classes.Select(c =>
            from k in Gen.Choose(minPerClass, Math.Min(maxPerClass, set.CountOf(c)))
            from order in Gen.Shuffle(Enumerable.Range(0, set.CountOf(c)).ToArray())
            select order.Take(k).Select(i => set.IndexOf(c, i)).ToArray()).ToArray();
        var gen = perClass.Aggregate(Gen.Constant(Array.Empty<int>()), (acc, g) => from a in acc from b in g select a.Concat(b).ToArray())
            .Select(ix => new DigitGramCase(ix));
        IEnumerable<DigitGramCase> Shrink(DigitGramCase x)
        {
            for (int i = x.Count - 1; i >= 0; i--)
            {
                var rest = x.Indices.Where((_, k) => k != i).ToArray();
                if (classes.All(c => rest.Count(r => set.Labels[r] == c) >= minPerClass)) yield return new DigitGramCase(rest);
            }
        }
        return Arb.From(gen, Shrink);
    }
}
