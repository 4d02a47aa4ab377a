using Bifurcations.Training;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Bifurcations.Tests;

/// <summary>
/// The power kernel's lanes (eight, then four, with AVX-512) against its scalar tail: every entry of a row must be the
/// double the kernel gives for that entry alone, where only the scalar code runs. Rows of 0–40 entries cross every lane
/// boundary; overlaps of both signs and zeros, with integer exponents and non-integer ones (Math.Pow, no lanes). The
/// eight-lane path runs only where AVX-512 does (this project's machines); elsewhere the test checks the four lanes alone.
/// </summary>
public class PowerKernelTests
{
    static double[] Overlaps(Random rng, int length) =>
        [.. Enumerable.Range(0, length).Select(_ => rng.Next(8) switch
        {
            0 => 0.0,
            1 => -0.0,
            _ => (rng.NextDouble() - 0.3) * 900,
        })];

    static bool Same(double[] a, double[] b) =>
        a.Select(BitConverter.DoubleToInt64Bits).SequenceEqual(b.Select(BitConverter.DoubleToInt64Bits));

    [Property(MaxTest = 300)]
    public Property EachLaneIsTheScalarEntry() =>
        Prop.ForAll(Arb.From(Gen.Choose(0, 40)), Arb.From(Gen.Choose(0, 1_000_000)), (length, seed) =>
        {
            var rng = new Random(seed);
            double n = rng.Next(4) == 0 ? 1 + 40 * rng.NextDouble() : rng.Next(1, 61), t = 300 + 600 * rng.NextDouble();
            int classes = rng.Next(1, 12);
            var kernel = new PowerKernel(n);
            var overlap = Overlaps(rng, length);
            var labels = Enumerable.Range(0, classes).Select(_ => 2 * rng.NextDouble() - 1).ToArray();
            var deltaT = Enumerable.Range(0, classes * length).Select(_ => (rng.NextDouble() - 0.5) * 1e-3).ToArray();

            var (f, df) = (new double[length], new double[length]);
            kernel.Apply(overlap, t, f, df);
            var coef = new double[length];
            kernel.BackPropagate(labels, deltaT, classes, overlap, f, t, coef);

            var (f1, df1, coef1) = (new double[length], new double[length], new double[length]);
            for (int i = 0; i < length; i++)
            {
                kernel.Apply(overlap.AsSpan(i, 1), t, f1.AsSpan(i, 1), df1.AsSpan(i, 1));
                var column = Enumerable.Range(0, classes).Select(d => deltaT[d * length + i]).ToArray();
                kernel.BackPropagate(labels, column, classes, overlap.AsSpan(i, 1), f.AsSpan(i, 1), t, coef1.AsSpan(i, 1));
            }
            return (Same(f, f1) && Same(df, df1) && Same(coef, coef1))
                .Label($"length {length}, n {n:R}, T {t:R}, classes {classes}: F {Same(f, f1)}, F' {Same(df, df1)}, coef {Same(coef, coef1)}");
        });
}
