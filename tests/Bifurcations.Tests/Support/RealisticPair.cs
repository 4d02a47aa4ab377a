using Bifurcations.Model;
using Bifurcations.Reduced;
using Bifurcations.Testing;
using FsCheck;
using FsCheck.Fluent;

namespace Bifurcations.Tests;

/// <summary>
/// A reduced pair model drawn across the whole realistic range (docs/reduced-model.md, "Range") with the testing kit's
/// generators: Gram diagonals 300–784 and correlation 0.1–0.97 (<see cref="GramCase"/>), n 1.5–80 and T_r 0.55–1.25
/// (<see cref="ParameterCase"/>), K 1–10, inter and intra. Most cases are far from the paper's point (T = 700,
/// G = 753/494/719). A failing case shrinks with the kit's shrinkers (round diagonals, correlations, n and T_r, then
/// K = 1 and the inter pair) and prints with every digit, so it can be rerun exactly.
/// </summary>
public sealed record RealisticPair(GramCase Digits, ParameterCase Point, int Memories, PairCase Case)
{
    /// <summary>A case by its numbers: diagonals, correlation G_AB/√(G_AA G_BB), n, T_r, K and the pair's kind.</summary>
    public RealisticPair(double gaa, double gbb, double correlation, double n, double tempR, int memories, PairCase pairCase)
        : this(new GramCase([gaa, gbb], [correlation, correlation]), new ParameterCase(n, tempR), memories, pairCase) { }

    public double N => Point.Exponent;
    public GramPair Gram => Digits.Pair();
    public PairModel Model => new(Gram, Point.Parameters, Memories, Case);

    public override string ToString() => FormattableString.Invariant(
        $"G=({Gram.AA:R},{Gram.AB:R},{Gram.BB:R}) n={Point.Exponent:R} T_r={Point.ReducedTemperature:R} K={Memories} {Case}");

    static readonly Arbitrary<GramCase> Grams = GramCase.Arbitrary(2, 2);
    static readonly Arbitrary<ParameterCase> Points = ParameterCase.Arbitrary();

    public static Gen<RealisticPair> Generator =>
        from gram in Grams.Generator
        from point in Points.Generator
        from k in Gen.Choose(1, 10)
        from intra in Gen.Elements(false, true)
        select new RealisticPair(gram, point, k, intra ? PairCase.Intra : PairCase.Inter);

    /// <summary>The kit's shrinks of the Gram matrix and the parameters, then fewer memories and the inter pair.</summary>
    static IEnumerable<RealisticPair> Shrink(RealisticPair x) =>
        Grams.Shrinker(x.Digits).Select(g => x with { Digits = g })
            .Concat(Points.Shrinker(x.Point).Select(p => x with { Point = p }))
            .Concat(x.Memories > 1 ? [x with { Memories = 1 }] : [])
            .Concat(x.Case == PairCase.Intra ? [x with { Case = PairCase.Inter }] : []);

    public static Arbitrary<RealisticPair> Arbitrary() => Arb.From(Generator, Shrink);
}
