using Bifurcations.Model;
using Bifurcations.Reduced;
using FsCheck;
using FsCheck.Fluent;

namespace Bifurcations.Tests;

/// <summary>
/// A reduced pair model drawn across the whole realistic range (docs/reduced-model.md, "Range"): T_r 0.55–1.25,
/// n 1.5–80, Gram diagonals 300–784, correlation 0.1–0.97, K 1–10, inter and intra. Uniform over each range, so
/// most cases are far from the paper's point (T = 700, G = 753/494/719). Printed with every digit, so that a
/// failing case can be rerun exactly.
/// </summary>
public sealed record RealisticPair(double Gaa, double Gbb, double Correlation, double N, double TempR, int Memories, PairCase Case)
{
    public GramPair Gram => new(Gaa, Correlation * Math.Sqrt(Gaa * Gbb), Gbb);
    public PairModel Model => new(Gram, NetworkParameters.FromReducedTemperature(N, TempR), Memories, Case);

    public override string ToString() => FormattableString.Invariant(
        $"G=({Gaa:R},{Gram.AB:R},{Gbb:R}) n={N:R} T_r={TempR:R} K={Memories} {Case}");

    public static Gen<RealisticPair> Generator =>
        from gaa in Gen.Choose(300_000, 784_000)
        from gbb in Gen.Choose(300_000, 784_000)
        from corr in Gen.Choose(100_000, 970_000)
        from n in Gen.Choose(1_500_000, 80_000_000)
        from tr in Gen.Choose(550_000, 1_250_000)
        from k in Gen.Choose(1, 10)
        from intra in Gen.Elements(false, true)
        select new RealisticPair(gaa / 1e3, gbb / 1e3, corr / 1e6, n / 1e6, tr / 1e6, k, intra ? PairCase.Intra : PairCase.Inter);

    public static Arbitrary<RealisticPair> Arbitrary() => Generator.ToArbitrary();
}
