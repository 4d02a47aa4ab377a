namespace Bifurcations;

/// <summary>
/// The one way a parameter grid is built from (from, to, step): the count is computed and checked against
/// <see cref="MaxPoints"/> before anything is allocated, so that a step of 1e-9 is a one-line error rather than
/// gigabytes, and every value is rounded to 10 decimals so that 0.1-steps give 0.3, not 0.30000000000000004.
/// </summary>
public static class Grid
{
    /// <summary>The most points a grid may have: a larger one is almost surely a typo in its step.</summary>
    public const int MaxPoints = 100_000;

    /// <summary>Grid values are rounded to this.</summary>
    public const double Resolution = 1e-10;

    /// <summary>from, from + step, … up to <paramref name="to"/> (inclusive within 1e-9 of a step), rounded to 1e-10; a bad or oversized grid is a <see cref="InvalidParameterException"/> naming <paramref name="what"/>.</summary>
    public static double[] Steps(double from, double to, double step, string what)
    {
        if (!double.IsFinite(from) || !double.IsFinite(to) || !double.IsFinite(step))
            throw new InvalidParameterException($"the {what} grid {from}…{to} step {step} is not finite");
        if (!(step > 0) || !(to >= from)) throw new InvalidParameterException($"the {what} grid {from}…{to} step {step} is empty or invalid");
        // Values are rounded to 1e-10: an end closer to 0 than that would silently become 0.
        foreach (var end in new[] { from, to })
            if (end != 0 && Math.Abs(end) < Resolution)
                throw new InvalidParameterException($"the {what} grid {from}…{to} step {step} has an end of {end}, below its resolution of {Resolution}");
        double count = Math.Floor((to - from) / step + 1e-9) + 1;
        if (!(count <= MaxPoints))
            throw new InvalidParameterException($"the {what} grid {from}…{to} step {step} has {count:G3} points, over the limit of {MaxPoints}");
        var values = Enumerable.Range(0, (int)count).Select(i => Math.Round(from + i * step, 10)).ToArray();
        for (int i = 1; i < values.Length; i++)
            if (values[i] == values[i - 1])
                throw new InvalidParameterException($"the {what} grid's step {step} is below its resolution of {Resolution} (two points would coincide at {values[i]})");
        return values;
    }

    /// <summary>Checks the size of a grid given as lists (e.g. n values × T_r values).</summary>
    public static void CheckSize(double points, string what)
    {
        if (!(points <= MaxPoints)) throw new InvalidParameterException($"{what} has {points:G3} points, over the limit of {MaxPoints}");
    }
}
