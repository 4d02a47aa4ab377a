namespace Bifurcations.Training;

/// <summary>
/// The cost and classification of the training set at one epoch (for the state at the start of that
/// epoch: epoch e is the state after e updates). <see cref="Correct"/>[d] counts training digits of class
/// d whose largest score is class d; <see cref="Total"/>[d] counts training digits of class d;
/// <see cref="Predicted"/>[d] counts training digits (of any class) whose largest score is class d.
/// </summary>
public sealed record EpochMetrics(int Epoch, double Cost, int[] Correct, int[] Total, int[] Predicted)
{
    /// <summary>Training digits classified correctly.</summary>
    public int CorrectCount => Correct.Sum();
    /// <summary>The share of training digits classified correctly.</summary>
    public double Accuracy => Total.Sum() is var t and > 0 ? (double)CorrectCount / t : 0;
}
