namespace Bifurcations.Experiments.Sweeps;

/// <summary>
/// The end of one run of a sweep: for each memory its coefficients (α_A, α_B) on the two samples (Moore–
/// Penrose), its labels on the two classes, and the final cost. Reconstruction error of the memory from
/// the two samples is kept too (the Gaussian start leaves a small part outside their span).
/// </summary>
public sealed record PhaseRun(double N, double Temperature, double[] AlphaA, double[] AlphaB, double[] LabelA, double[] LabelB,
    double Cost, double[] RelativeReconstructionError)
{
    /// <summary>The larger coefficient of memory 0 (intra: the dominant α).</summary>
    public double Dominant => Math.Max(AlphaA[0], AlphaB[0]);
}
