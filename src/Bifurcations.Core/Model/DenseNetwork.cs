using Bifurcations.Data;

namespace Bifurcations.Model;

/// <summary>Gradients of the cost over a training set: ∂C/∂M (K×N) and ∂C/∂l (K×10).</summary>
public sealed record Gradient(double[] Memories, double[] Labels);

/// <summary>
/// The generalized (dense) Hopfield network of docs/model.md, written plainly, one sample at a time:
/// the definition every faster implementation is checked against.
/// <code>
/// u_d = Σ_μ l^μ_d F_n(⟨M^μ|σ⟩/T),  c_d = tanh u_d,  C = Σ_σ Σ_d (c_d − t_d)^{2m}
/// </code>
/// </summary>
public static class DenseNetwork
{
    /// <summary>Target t_d(σ): +1 for the true class, −1 for the others.</summary>
    public static double Target(int trueClass, int d) => d == trueClass ? 1.0 : -1.0;

    /// <summary>Pre-activations u_d of every class for sample σ.</summary>
    public static double[] Activations(NetworkState s, NetworkParameters p, ReadOnlySpan<double> sigma)
    {
        var u = new double[NetworkState.Classes];
        for (int mu = 0; mu < s.MemoryCount; mu++)
        {
            double f = RectifiedPolynomial.F(Overlap(s, mu, sigma) / p.Temperature, p.Exponent);
            var l = s.Label(mu);
            for (int d = 0; d < u.Length; d++) u[d] += l[d] * f;
        }
        return u;
    }

    /// <summary>Scores c_d = tanh(u_d).</summary>
    public static double[] Scores(NetworkState s, NetworkParameters p, ReadOnlySpan<double> sigma) =>
        Activations(s, p, sigma).Select(Math.Tanh).ToArray();

    /// <summary>The predicted class: argmax of the scores (ties go to the lowest class).</summary>
    public static int Classify(NetworkState s, NetworkParameters p, ReadOnlySpan<double> sigma)
    {
        var u = Activations(s, p, sigma); // tanh is monotone: argmax u = argmax c
        int best = 0;
        for (int d = 1; d < u.Length; d++) if (u[d] > u[best]) best = d;
        return best;
    }

    /// <summary>The full cost C = Σ_σ Σ_d (c_d(σ) − t_d(σ))^(2m) of a state on a training set.</summary>
    public static double Cost(NetworkState s, NetworkParameters p, TrainingSet set)
    {
        double cost = 0;
        for (int i = 0; i < set.Count; i++)
        {
            var u = Activations(s, p, set.Sample(i));
            for (int d = 0; d < u.Length; d++)
                cost += Math.Pow(Math.Abs(TanhError.Of(u[d], Target(set.Labels[i], d)).Difference), 2 * p.CostExponent);
        }
        return cost;
    }

    /// <summary>
    /// ∂C/∂l^μ_d = Σ_σ 2m e_d (1 − c_d²) F_n(x_μ) and
    /// ∂C/∂M^μ = Σ_σ [Σ_d 2m e_d (1 − c_d²) l^μ_d] n F_{n−1}(x_μ) σ / T, with e_d = (c_d − t_d)^{2m−1}, x_μ = ⟨M^μ|σ⟩/T.
    /// </summary>
    public static Gradient Gradient(NetworkState s, NetworkParameters p, TrainingSet set)
    {
        int k = s.MemoryCount, n = s.Dimension, c = NetworkState.Classes;
        var gM = new double[k * n];
        var gL = new double[k * c];
        var x = new double[k];
        var delta = new double[c];
        for (int i = 0; i < set.Count; i++)
        {
            var sigma = set.Sample(i);
            for (int mu = 0; mu < k; mu++) x[mu] = Overlap(s, mu, sigma) / p.Temperature;
            var u = Activations(s, p, sigma);
            for (int d = 0; d < c; d++)
            {
                var te = TanhError.Of(u[d], Target(set.Labels[i], d));
                delta[d] = 2 * p.CostExponent * RectifiedPolynomial.SignedPower(te.Difference, 2 * p.CostExponent - 1) * te.OneMinusSquare;
            }
            for (int mu = 0; mu < k; mu++)
            {
                double f = RectifiedPolynomial.F(x[mu], p.Exponent);
                var l = s.Label(mu);
                double back = 0;
                for (int d = 0; d < c; d++)
                {
                    gL[mu * c + d] += delta[d] * f;
                    back += delta[d] * l[d];
                }
                double coef = back * RectifiedPolynomial.Derivative(x[mu], p.Exponent) / p.Temperature;
                if (coef == 0) continue;
                for (int j = 0; j < n; j++) gM[mu * n + j] += coef * sigma[j];
            }
        }
        return new Gradient(gM, gL);
    }

    static double Overlap(NetworkState s, int mu, ReadOnlySpan<double> sigma)
    {
        var m = s.Memory(mu);
        double sum = 0;
        for (int j = 0; j < m.Length; j++) sum += m[j] * sigma[j];
        return sum;
    }
}
