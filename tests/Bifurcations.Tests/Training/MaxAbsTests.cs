using System.Numerics.Tensors;
using Bifurcations.Training;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Bifurcations.Tests;

/// <summary>The engine's vectorized max-abs against the library's max-magnitude: the same double, NaN wherever there is one.</summary>
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
}
