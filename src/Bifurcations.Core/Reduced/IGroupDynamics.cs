namespace Bifurcations.Reduced;

/// <summary>
/// A reduced system of groups of identical memories, stepped epoch by epoch as the network is trained: the form in which
/// the cascade (<see cref="Cascade"/>) follows a model. A group is a coordinate vector (its α, then its labels) and a
/// number of copies; each copy's step sees every group with its weight.
/// </summary>
public interface IGroupDynamics
{
    /// <summary>The coordinates of one group.</summary>
    int Dimension { get; }
    /// <summary>The classes the model's ᾱ is read over.</summary>
    IReadOnlyList<int> Classes { get; }
    /// <summary>One epoch at learning rate <paramref name="rate"/> for every group at once.</summary>
    double[][] Advance(IReadOnlyList<double[]> groups, IReadOnlyList<int> copies, double rate);
    /// <summary>ᾱ of a group over <see cref="Classes"/>.</summary>
    double[] ClassAlpha(double[] group);
    /// <summary>
    /// Gives a group the memory it has in pixel space, where that holds more than its coordinates (a component outside
    /// the span of the digits, which the coordinates cannot hold). A model without such a memory ignores it.
    /// </summary>
    void Place(double[] group, double[] pixels) { }
}
