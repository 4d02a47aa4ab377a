using Bifurcations.Data;
using Bifurcations.Model;
using MathNet.Numerics.Distributions;

namespace Bifurcations.Training;

/// <summary>How memories and labels start (docs/model.md: the training rule and the paper's settings).</summary>
public abstract record InitialCondition
{
    /// <summary>The initial state of <paramref name="memoryCount"/> memories on the training digits.</summary>
    public abstract NetworkState Create(int memoryCount, TrainingSet digits, int seed);

    /// <summary>I.i.d. Gaussian memories and labels (the paper's default: mean −0.003, std 1e−5).</summary>
    public sealed record Gaussian(double Mean = -0.003, double Std = 1e-5, double LabelMean = -0.003, double LabelStd = 1e-5) : InitialCondition
    {
        /// <inheritdoc/>
        public override NetworkState Create(int memoryCount, TrainingSet digits, int seed)
        {
            if (!(Std >= 0) || !(LabelStd >= 0)) throw new InvalidParameterException("initial standard deviations must be ≥ 0");
            var s = new NetworkState(memoryCount, digits.Dimension);
            var rng = EpochRandom.For(seed, -1, 0, EpochRandom.Initial);
            for (int i = 0; i < s.Memories.Length; i++) s.Memories[i] = Normal.Sample(rng, Mean, Std);
            for (int i = 0; i < s.Labels.Length; i++) s.Labels[i] = Normal.Sample(rng, LabelMean, LabelStd);
            return s;
        }
    }

    /// <summary>
    /// Every memory equal to Σ_i Coefficients[μ][i]·σ_i (one row per memory, or a single row shared by all),
    /// e.g. 0.8·A for "close to A", or 0.5·A − 0.2·B; labels from <see cref="Labels"/>.
    /// </summary>
    public sealed record Combination(double[][] Coefficients, LabelRule Labels) : InitialCondition
    {
        /// <inheritdoc/>
        public override NetworkState Create(int memoryCount, TrainingSet digits, int seed)
        {
            if (Coefficients.Length != 1 && Coefficients.Length != memoryCount)
                throw new InvalidParameterException($"{Coefficients.Length} rows of initial coefficients for {memoryCount} memories (give one row, or one per memory)");
            var s = new NetworkState(memoryCount, digits.Dimension);
            for (int mu = 0; mu < memoryCount; mu++)
            {
                var row = Coefficients[Coefficients.Length == 1 ? 0 : mu];
                if (row.Length != digits.Count)
                    throw new InvalidParameterException($"initial coefficients of memory {mu} have {row.Length} entries for {digits.Count} training digits");
                var m = s.Memory(mu);
                for (int i = 0; i < digits.Count; i++)
                    if (row[i] != 0)
                        System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(digits.Sample(i), row[i], m, m);
            }
            Labels.Apply(s);
            return s;
        }
    }

    /// <summary>A saved state (memories and labels), e.g. the end of an earlier run.</summary>
    public sealed record FromState(NetworkState State) : InitialCondition
    {
        /// <inheritdoc/>
        public override NetworkState Create(int memoryCount, TrainingSet digits, int seed)
        {
            if (State.MemoryCount != memoryCount || State.Dimension != digits.Dimension)
                throw new InvalidParameterException($"the saved state has {State.MemoryCount} memories of {State.Dimension} pixels; the run asks for {memoryCount} of {digits.Dimension}");
            return State.Clone();
        }
    }
}

/// <summary>
/// Labels set to given values: <see cref="Default"/> everywhere except entries listed in
/// <see cref="Overrides"/> as (memory or −1 for all, class, value).
/// </summary>
public sealed record LabelRule(double Default, (int Memory, int Class, double Value)[] Overrides)
{
    /// <summary>Sets the labels of a state by this rule.</summary>
    public void Apply(NetworkState s)
    {
        if (!(Default >= -1 && Default <= 1)) throw new InvalidParameterException($"label value {Default} is outside [-1, 1]");
        Array.Fill(s.Labels, Default);
        foreach (var (mu, d, v) in Overrides)
        {
            MnistSet.CheckDigit(d);
            if (!(v >= -1 && v <= 1)) throw new InvalidParameterException($"label value {v} is outside [-1, 1]");
            if (mu >= s.MemoryCount) throw new InvalidParameterException($"label override for memory {mu}, but there are {s.MemoryCount} memories");
            for (int m = 0; m < s.MemoryCount; m++)
                if (mu < 0 || m == mu) s.Label(m)[d] = v;
        }
    }
}
