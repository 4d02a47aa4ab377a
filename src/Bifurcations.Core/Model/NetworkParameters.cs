namespace Bifurcations.Model;

/// <summary>
/// The hyper-parameters of the dense Hopfield network: the exponent n of the rectified polynomial,
/// the temperature T and the cost exponent m (cost (c − t)^{2m}; the paper always uses m = n).
/// </summary>
public sealed record NetworkParameters
{
    /// <summary>N = 784: T_r = T/N.</summary>
    public const double PixelCount = 784.0;

    /// <summary>The exponent n of the rectified polynomial F_n.</summary>
    public double Exponent { get; }
    /// <summary>The temperature T.</summary>
    public double Temperature { get; }
    /// <summary>The cost exponent m (n unless given).</summary>
    public double CostExponent { get; }

    /// <summary>n ≥ 1, T &gt; 0 and m ≥ 1 (default m = n), each checked: a bad value is a <see cref="InvalidParameterException"/> naming it.</summary>
    public NetworkParameters(double exponent, double temperature, double? costExponent = null)
    {
        if (!(exponent >= 1) || double.IsInfinity(exponent))
            throw new InvalidParameterException($"exponent n = {exponent} is invalid: n must be a finite number ≥ 1");
        if (!(temperature > 0) || double.IsInfinity(temperature))
            throw new InvalidParameterException($"temperature T = {temperature} is invalid: T must be > 0");
        var m = costExponent ?? exponent;
        if (!(m >= 1) || double.IsInfinity(m))
            throw new InvalidParameterException($"cost exponent m = {m} is invalid: m must be a finite number ≥ 1");
        Exponent = exponent;
        Temperature = temperature;
        CostExponent = m;
    }

    /// <summary>Rescaled temperature T_r = T / 784.</summary>
    public double ReducedTemperature => Temperature / PixelCount;

    /// <summary>The parameters at a rescaled temperature T_r = T/784.</summary>
    public static NetworkParameters FromReducedTemperature(double exponent, double reducedTemperature, double? costExponent = null)
    {
        if (!(reducedTemperature > 0)) throw new InvalidParameterException($"reduced temperature T_r = {reducedTemperature} is invalid: it must be > 0");
        return new NetworkParameters(exponent, reducedTemperature * PixelCount, costExponent);
    }
}
