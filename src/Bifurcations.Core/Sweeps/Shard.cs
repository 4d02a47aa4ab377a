namespace Bifurcations.Sweeps;

/// <summary>Shard i of N (1-based): runs whose grid index ≡ i − 1 (mod N). "1/1" is the whole grid.</summary>
public readonly record struct Shard(int Index, int Count)
{
    public static readonly Shard Whole = new(1, 1);

    public static Shard Parse(string text)
    {
        var parts = text.Split('/');
        if (parts.Length != 2 || !int.TryParse(parts[0], out int i) || !int.TryParse(parts[1], out int n))
            throw new UsageException($"--shard '{text}' must look like i/N, e.g. 2/8");
        if (n < 1 || i < 1 || i > n) throw new UsageException($"--shard {text} is invalid: i must lie in 1…N (shards are numbered from 1)");
        return new Shard(i, n);
    }

    public bool Owns(int gridIndex) => gridIndex % Count == Index - 1;

    public override string ToString() => $"{Index}/{Count}";
}
