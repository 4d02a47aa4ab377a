namespace Bifurcations.Experiments.Sweeps;

/// <summary>Shard i of N (1-based): runs whose grid index ≡ i − 1 (mod N). "1/1" is the whole grid.</summary>
public readonly record struct Shard(int Index, int Count)
{
    /// <summary>The whole grid (shard 1 of 1).</summary>
    public static readonly Shard Whole = new(1, 1);

    /// <summary>A shard from "i/N", 1 ≤ i ≤ N, or a <see cref="InvalidParameterException"/>.</summary>
    public static Shard Parse(string text)
    {
        var parts = text.Split('/');
        if (parts.Length != 2 || !int.TryParse(parts[0], out int i) || !int.TryParse(parts[1], out int n))
            throw new InvalidParameterException($"shard '{text}' must look like i/N, e.g. 2/8");
        if (n < 1 || i < 1 || i > n) throw new InvalidParameterException($"shard {text} is invalid: i must lie in 1…N (shards are numbered from 1)");
        return new Shard(i, n);
    }

    /// <summary>Whether this shard runs grid point <paramref name="gridIndex"/> (points are dealt round-robin).</summary>
    public bool Owns(int gridIndex) => gridIndex % Count == Index - 1;

    /// <summary>"i/N".</summary>
    public override string ToString() => $"{Index}/{Count}";
}
