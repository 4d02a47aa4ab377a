namespace Bifurcations.Data;

/// <summary>
/// A set of any size built from a smaller one, for measuring the engine at the full MNIST size (60 000
/// digits) without downloading it: digit j is digit j mod P of the source, shifted by one pixel in one of
/// the 8 directions for every pass after the first (pass j / P picks the direction; pixels shifted in are
/// background). The first P digits are the source itself, so the set's prefixes are real digits.
/// </summary>
public static class EnlargedSet
{
    static readonly (int Dx, int Dy)[] Shifts = [(1, 0), (-1, 0), (0, 1), (0, -1), (1, 1), (-1, -1), (1, -1), (-1, 1)];

    /// <paramref name="count"/> digits: those of <paramref name="source"/>, then their one-pixel shifts, in order.
    public static MnistSet Create(MnistSet source, int count)
    {
        if (count < 1) throw new InvalidParameterException($"the enlarged set needs at least 1 digit (got {count})");
        // Beyond every shift of every digit the set would repeat itself.
        long distinct = (1L + Shifts.Length) * source.Count;
        if (count > distinct) throw new InvalidParameterException($"an enlarged set of {count} digits is over {distinct}: the {source.Count} digits and their {Shifts.Length} one-pixel shifts each");
        const int side = MnistSet.Side, pixels = MnistSet.Pixels;
        var images = new byte[(long)count * pixels];
        var labels = new byte[count];
        for (int j = 0; j < count; j++)
        {
            int i = j % source.Count, pass = j / source.Count;
            var src = source.RawPixels(i);
            var dst = images.AsSpan(j * pixels, pixels);
            labels[j] = source.Labels[i];
            if (pass == 0) { src.CopyTo(dst); continue; }
            var (dx, dy) = Shifts[(pass - 1) % Shifts.Length];
            for (int r = 0; r < side; r++)
                for (int c = 0; c < side; c++)
                {
                    int sr = r - dy, sc = c - dx;
                    dst[r * side + c] = sr is >= 0 and < side && sc is >= 0 and < side ? src[sr * side + sc] : (byte)0;
                }
        }
        return new MnistSet(new IdxImages(count, side, side, images), labels, $"{source.Source} enlarged to {count} digits");
    }

    /// <summary>The first <paramref name="count"/> digits of <paramref name="set"/> as a training set, in the set's order.</summary>
    public static TrainingSet Prefix(MnistSet set, int count)
    {
        if (count < 1 || count > set.Count) throw new InvalidParameterException($"asked for the first {count} digits of {set.Source}, which has {set.Count}");
        var samples = new double[(long)count * MnistSet.Pixels];
        for (int k = 0; k < count; k++) set.Scaled(k).CopyTo(samples, k * MnistSet.Pixels);
        return new TrainingSet(samples, set.Labels.Take(count).Select(l => (int)l).ToArray(), MnistSet.Pixels, Enumerable.Range(0, count).ToArray());
    }
}
