using MathNet.Numerics;
using MathNet.Numerics.Random;

namespace Bifurcations.Data;

/// <summary>How the samples of each class are picked.</summary>
public enum SelectionMode
{
    /// <summary>A seeded random subset of each class (the default).</summary>
    Random,
    /// <summary>The first k digits of each class, in the set's order.</summary>
    First,
}

/// <summary>
/// Which digits to train on: classes, how many per class, and how they are chosen. The subset of one
/// class depends only on (seed, class), so the selections of classes {1, 4} and {4, 1, 7} share their 1s and 4s.
/// </summary>
public sealed record DigitSelection(int[] Classes, int PerClass, int Seed = 0, SelectionMode Mode = SelectionMode.Random)
{
    /// <summary>Parses "1,4", "0-9" or "1,4-6" into a list of distinct classes.</summary>
    public static int[] ParseClasses(string text)
    {
        if (string.IsNullOrWhiteSpace(text)) throw new InvalidParameterException("no digit classes given (e.g. \"1,4\" or \"0-9\")");
        var result = new List<int>();
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries))
        {
            if (part.Length == 0) throw new InvalidParameterException($"digits '{text}': an entry is empty");
            var range = part.Split('-', StringSplitOptions.TrimEntries);
            if (range.Length == 2 && int.TryParse(range[0], out var lo) && int.TryParse(range[1], out var hi))
            {
                MnistSet.CheckDigit(lo); MnistSet.CheckDigit(hi);
                if (hi < lo) throw new InvalidParameterException($"digit range '{part}' is reversed");
                for (int d = lo; d <= hi; d++) Add(d);
            }
            else if (int.TryParse(part, out var d)) Add(MnistSet.CheckDigit(d));
            else throw new InvalidParameterException($"unknown digit '{part}': digits are 0-9, lists like 1,4 or ranges like 0-9");
        }
        return result.ToArray();

        void Add(int d)
        {
            if (result.Contains(d)) throw new InvalidParameterException($"digit {d} is listed twice in '{text}'");
            result.Add(d);
        }
    }

    /// <summary>Indices (into <paramref name="set"/>) of the chosen digits, class by class in the given order.</summary>
    public int[] Indices(MnistSet set)
    {
        if (Classes.Length == 0) throw new InvalidParameterException("no digits selected");
        if (PerClass < 1) throw new InvalidParameterException($"digits per class must be at least 1 (got {PerClass})");
        var result = new List<int>();
        foreach (var d in Classes)
        {
            int available = set.CountOf(d);
            if (PerClass > available)
                throw new InvalidParameterException($"asked for {PerClass} digits of class {d} but {set.Source} has only {available}");
            IEnumerable<int> picks = Mode == SelectionMode.First
                ? Enumerable.Range(0, PerClass)
                : Combinatorics.GenerateVariation(available, PerClass, new Xoshiro256StarStar(ClassSeed(Seed, d), false));
            result.AddRange(picks.Select(i => set.IndexOf(d, i)));
        }
        return result.ToArray();
    }

    /// <summary>The chosen digits of <paramref name="set"/>, class by class, as a training set.</summary>
    public TrainingSet Select(MnistSet set)
    {
        var idx = Indices(set);
        var samples = new double[idx.Length * MnistSet.Pixels];
        for (int k = 0; k < idx.Length; k++) set.Scaled(idx[k]).CopyTo(samples, k * MnistSet.Pixels);
        return new TrainingSet(samples, idx.Select(i => (int)set.Labels[i]).ToArray(), MnistSet.Pixels, idx);
    }

    static int ClassSeed(int seed, int digit) => unchecked(seed * 1_000_003 + digit * 7919 + 17);
}
