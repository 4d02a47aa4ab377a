using System.Globalization;
using Bifurcations.Reduced;
using FsCheck;
using FsCheck.Fluent;

namespace Bifurcations.Testing;

/// <summary>
/// A state of the pair model on its manifold: α = α_A in (−1, 1), the label ℓ in [−1, 1], and the branch that fixes
/// α_B = ±(1 − |α|) (docs/reduced-model.md). Both branches are drawn.
/// </summary>
/// <param name="Alpha">α = α_A in (−1, 1).</param>
/// <param name="Ell">The label ℓ in [−1, 1].</param>
/// <param name="Branch">The manifold's branch: α_B = 1 − |α| (upper) or |α| − 1 (lower).</param>
public sealed record PairStateCase(double Alpha, double Ell, ManifoldBranch Branch)
{
    /// <summary>The state as the (α, ℓ) vector of a pair problem.</summary>
    public double[] State => [Alpha, Ell];

    /// <summary>α, ℓ and the branch, with all their digits.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"PairStateCase(α {Alpha:R}, ℓ {Ell:R}, {Branch})");

    /// <summary>α uniform in (−1, 1), ℓ in [−1, 1], either branch; shrinks to α and ℓ in tenths and to the upper branch.</summary>
    public static Arbitrary<PairStateCase> Arbitrary()
    {
        var gen =
            from a in Gen.Choose(-999_999, 999_999)
            from l in Gen.Choose(-1_000_000, 1_000_000)
            from upper in Gen.Elements(true, false)
            select new PairStateCase(a / 1e6, l / 1e6, upper ? ManifoldBranch.Upper : ManifoldBranch.Lower);
        static IEnumerable<PairStateCase> Shrink(PairStateCase x)
        {
            if (x.Branch != ManifoldBranch.Upper) yield return x with { Branch = ManifoldBranch.Upper };
            double a = Math.Round(x.Alpha, 1), l = Math.Round(x.Ell, 1);
            if (a != x.Alpha && Math.Abs(a) < 1) yield return x with { Alpha = a };
            if (l != x.Ell) yield return x with { Ell = l };
        }
        return Arb.From(gen, Shrink);
    }
}
