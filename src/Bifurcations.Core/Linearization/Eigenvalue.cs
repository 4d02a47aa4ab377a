namespace Bifurcations.Linearization;

/// <summary>
/// One eigenvalue of a Jacobian (of the reduced flow, or of a continued branch). <see cref="Real"/> and <see cref="Imaginary"/> are ±∞ when the
/// eigenvalue lies beyond the double range (the label's eigenvalue at low temperature can be 10^400);
/// <see cref="RealPart"/> then still carries its sign and magnitude, and <see cref="Log10Magnitude"/> is
/// log10|λ| in every case (−∞ only for λ = 0).
/// </summary>
public readonly record struct Eigenvalue(LogNumber RealPart, LogNumber ImaginaryPart)
{
    /// <summary>The real part as a double (±∞ beyond the double range).</summary>
    public double Real => RealPart.ToDouble();
    /// <summary>The imaginary part as a double (±∞ beyond the double range).</summary>
    public double Imaginary => ImaginaryPart.ToDouble();
    /// <summary>Whether a part lies beyond the double range.</summary>
    public bool Overflows => double.IsInfinity(Real) || double.IsInfinity(Imaginary);

    /// <summary>log10|λ|, finite even where λ overflows (−∞ for λ = 0).</summary>
    public double Log10Magnitude
    {
        get
        {
            var r2 = RealPart * RealPart;
            var i2 = ImaginaryPart * ImaginaryPart;
            return LogNumber.Sqrt(r2 + i2).Log10;
        }
    }
}
