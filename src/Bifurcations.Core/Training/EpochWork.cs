namespace Bifurcations.Training;

/// <summary>
/// The work arrays of an epoch for one batch or one block of digits (width B): the overlaps O and F (K×B), the
/// outputs uᵀ and δ (B×10, both ways round), the coefficients of ∂C/∂M, each digit's cost and prediction. On the
/// direct path coef is written over O, which is spent once F and F' are known; tracking keeps O, so coef has its own array.
/// </summary>
internal sealed class EpochWork
{
    public readonly double[] Overlap, F, UT, Delta, DeltaT, Coef, SampleCost;
    public readonly int[] Predicted;

    public EpochWork(int memories, int width, bool keepOverlaps)
    {
        const int classes = Model.NetworkState.Classes;
        Overlap = new double[(long)memories * width];
        F = new double[(long)memories * width];
        UT = new double[width * classes];
        Delta = new double[width * classes];
        DeltaT = new double[width * classes];
        Coef = keepOverlaps ? new double[(long)memories * width] : Overlap;
        SampleCost = new double[width];
        Predicted = new int[width];
    }
}
