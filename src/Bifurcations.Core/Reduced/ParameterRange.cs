namespace Bifurcations.Reduced;

/// <summary>A parameter of the pair system and the interval of it a solver covers.</summary>
/// <param name="Parameter">Which parameter.</param>
/// <param name="From">Lower end, in the parameter's own unit.</param>
/// <param name="To">Upper end.</param>
public sealed record ParameterRange(PairParameter Parameter, double From, double To)
{
    /// <summary>This, or an error when the interval is empty or reversed or an end lies outside the parameter's domain for <paramref name="model"/>.</summary>
    public ParameterRange Validated(PairModel model)
    {
        if (!(To > From)) throw new InvalidParameterException($"the {Parameter.Name} range [{From}, {To}] is empty or reversed");
        foreach (var end in new[] { From, To })
            if (!Parameter.IsValid(model, end)) throw new InvalidParameterException($"{Parameter.Name} = {end} is outside its domain");
        return this;
    }
}
