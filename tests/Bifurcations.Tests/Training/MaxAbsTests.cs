using System.Numerics.Tensors;
using Bifurcations.Training;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Bifurcations.Tests;

/// <summary>
/// The engine's vectorized max-abs against the library's max-magnitude (the same double, NaN wherever there is one), and the
/// fused step against the three passes it replaces.
/// </summary>
public class MaxAbsTests
{
    [Property(MaxTest = 300)]
    public Property TheLargestMagnitudeIsTensorPrimitivesOnAnyRow() =>
        Prop.ForAll(Arb.From(Gen.Choose(0, 100)), Arb.From(Gen.Choose(0, 1_000_000)), (length, seed) =>
        {
            var rng = new Random(seed);
            var x = Enumerable.Range(0, length).Select(_ => rng.Next(20) switch
            {
                0 => -0.0,
                1 => double.PositiveInfinity * (rng.Next(2) * 2 - 1),
                2 when rng.Next(4) == 0 => double.NaN,
                3 => double.Epsilon * rng.Next(1, 5),
                _ => (rng.NextDouble() - 0.5) * Math.Pow(10, rng.Next(-300, 300)),
            }).ToArray();
            double expected = x.Length == 0 ? 0 : Math.Abs(TensorPrimitives.MaxMagnitude<double>(x));
            double actual = UpdateRule.Largest(x);
            return (double.IsNaN(expected) ? double.IsNaN(actual) : actual.Equals(expected))
                .Label($"length {length}, seed {seed}: {actual:R} against {expected:R}");
        });

    static double[] Row(Random rng, int length, double scale) =>
        [.. Enumerable.Range(0, length).Select(_ => rng.Next(10) switch
        {
            0 => -0.0,
            1 => double.Epsilon * rng.Next(1, 5),
            _ => (rng.NextDouble() - 0.5) * scale * Math.Pow(2, rng.Next(-60, 2)),
        })];

    /// <summary>
    /// The step takes max|g·r| as |max|g|·r| without a pass over g·r. That is exact because rounding is monotone and
    /// symmetric; here on rows of every scale, subnormals included, with r = −1/max|g| as the step forms it.
    /// </summary>
    [Property(MaxTest = 300)]
    public Property TheLargestOfAScaledRowIsTheScaledLargest() =>
        Prop.ForAll(Arb.From(Gen.Choose(1, 100)), Arb.From(Gen.Choose(0, 1_000_000)), (length, seed) =>
        {
            var rng = new Random(seed);
            var g = Row(rng, length, Math.Pow(10, rng.Next(-300, 300)));
            double gMax = UpdateRule.Largest(g), r = -1 / gMax;
            if (!(gMax > 0) || !double.IsFinite(r)) return true.Label("no finite step (the step divides there)");
            double scanned = UpdateRule.Largest([.. g.Select(x => x * r)]);
            return scanned.Equals(Math.Abs(gMax * r)).Label($"seed {seed}: scanned {scanned:R}, formed {Math.Abs(gMax * r):R}");
        });

    /// <summary>The fused step (v = g·r, x ← v·s + x, max|x|) gives the doubles of TensorPrimitives' Multiply, MultiplyAdd and the max-abs.</summary>
    [Property(MaxTest = 300)]
    public Property TheFusedStepIsTheThreePasses() =>
        Prop.ForAll(Arb.From(Gen.Choose(0, 100)), Arb.From(Gen.Choose(0, 1_000_000)), (length, seed) =>
        {
            var rng = new Random(seed);
            var (g, x) = (Row(rng, length, 1), Row(rng, length, 1));
            if (length > 0 && rng.Next(5) == 0) x[rng.Next(length)] = double.NaN;
            double r = -1 / (rng.NextDouble() + 1e-3), s = rng.NextDouble() * 0.05;
            var (v1, x1) = (new double[length], (double[])x.Clone());
            TensorPrimitives.Multiply(g, r, v1);
            TensorPrimitives.MultiplyAdd(v1, s, x1, x1);
            double expected = UpdateRule.Largest(x1);
            var (v2, x2) = (new double[length], (double[])x.Clone());
            double actual = UpdateRule.StepAndLargest(g, r, s, v2, x2);
            bool same = v1.Select(BitConverter.DoubleToInt64Bits).SequenceEqual(v2.Select(BitConverter.DoubleToInt64Bits))
                && x1.Select(BitConverter.DoubleToInt64Bits).SequenceEqual(x2.Select(BitConverter.DoubleToInt64Bits));
            return (same && (double.IsNaN(expected) ? double.IsNaN(actual) : actual.Equals(expected)))
                .Label($"length {length}, seed {seed}: rows equal {same}, max {actual:R} against {expected:R}");
        });

    /// <summary>Stepping from one row into another gives the doubles of stepping in place, and leaves the source as it was.</summary>
    [Property(MaxTest = 300)]
    public Property TheStepIntoAnotherRowIsTheStepInPlace() =>
        Prop.ForAll(Arb.From(Gen.Choose(0, 100)), Arb.From(Gen.Choose(0, 1_000_000)), (length, seed) =>
        {
            var rng = new Random(seed);
            var (g, x) = (Row(rng, length, 1), Row(rng, length, 1));
            double r = -1 / (rng.NextDouble() + 1e-3), s = rng.NextDouble() * 0.05;
            var inPlace = (double[])x.Clone();
            double expected = UpdateRule.StepAndLargest(g, r, s, [], inPlace);
            var (source, into) = ((double[])x.Clone(), new double[length]);
            Array.Fill(into, double.NaN);
            double actual = UpdateRule.StepAndLargest(g, r, s, [], source, into);
            bool same = inPlace.Select(BitConverter.DoubleToInt64Bits).SequenceEqual(into.Select(BitConverter.DoubleToInt64Bits));
            bool kept = source.Select(BitConverter.DoubleToInt64Bits).SequenceEqual(x.Select(BitConverter.DoubleToInt64Bits));
            return (same && kept && actual.Equals(expected)).Label($"length {length}, seed {seed}: rows equal {same}, source kept {kept}, max {actual:R} against {expected:R}");
        });
}
