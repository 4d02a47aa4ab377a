using Bifurcations.Data;
using Bifurcations.Model;

namespace Bifurcations.Reduced;

/// <summary>
/// Identical memories moving as one, written exactly in the span of the training digits: M = Σ_i Alpha_i σ_i over all
/// P digits the network trains on, its ten labels, and how many copies it stands for.
/// </summary>
public sealed record SpanGroup(double[] Alpha, double[] Labels, int Copies);

/// <summary>
/// The exact group reduction (docs/cascade.md, "The exact group reduction"): memories in the span of the P training
/// digits, gathered in groups of identical copies, stepped by the training rule itself (docs/model.md: full batch,
/// momentum 0, no noise). The gradient of a memory is again a combination of the digits (<see cref="SpanSystem"/>);
/// the steps' max-abs normalization and the max-norm renormalization are taken in pixel space, on Σ_i α_i σ_i, as the
/// network takes them. So a run of identical memories and one group of as many copies follow the same path, to
/// round-off, and a memory that starts in the span stays there: only a start outside the span (the Gaussian start)
/// departs from it, by a component the training shrinks.
/// </summary>
public sealed class GroupSystem : IGroupDynamics
{
    readonly double[] _x;
    readonly int _p, _n;
    /// <summary>The digits X (P×N) packed once for the products of every step; built on first use.</summary>
    readonly Lazy<Training.PackedOperand> _packed;

    /// <summary>The digits spanned (the training set).</summary>
    public TrainingSet Set { get; }
    /// <summary>n, m and T.</summary>
    public NetworkParameters Parameters { get; }
    /// <summary>The generic reduction on the digits' Gram matrix, which gives each group's gradient.</summary>
    public SpanSystem Span { get; }

    /// <summary>The classes ᾱ is read over as a group map, in this order (the set's classes in ascending order by default).</summary>
    public IReadOnlyList<int> ClassOrder { get; }

    /// <summary>The exact group system on these training digits at these parameters; ᾱ read over <paramref name="classOrder"/>.</summary>
    public GroupSystem(TrainingSet set, NetworkParameters parameters, IReadOnlyList<int>? classOrder = null)
    {
        PowerRange.EnsureNoUnderflow(parameters, set.LargestOverlap, "the group system");
        Set = set; Parameters = parameters;
        ClassOrder = classOrder ?? set.ClassesPresent;
        foreach (var c in ClassOrder)
            if (!set.Labels.Contains(c)) throw new InvalidParameterException($"no training digit of class {c}");
        _x = set.Samples; _p = set.Count; _n = set.Dimension;
        _packed = new(() => Training.Gemm.Pack(_x, _n, _p, transposed: false));
        Span = new SpanSystem(set.Gram(), set.Labels, parameters);
    }

    GroupSystem(GroupSystem other, NetworkParameters parameters)
    {
        (Set, Parameters, _x, _p, _n, ClassOrder, _packed) = (other.Set, parameters, other._x, other._p, other._n, other.ClassOrder, other._packed);
        Span = other.Span.With(parameters);
    }

    /// <summary>The same digits at other parameters (n, T).</summary>
    public GroupSystem With(NetworkParameters parameters) => new(this, parameters);

    /// <summary>The memory of a group in pixel space, Σ_i α_i σ_i.</summary>
    public double[] Memory(SpanGroup group)
    {
        Check(group);
        var m = new double[_n];
        for (int i = 0; i < _p; i++)
        {
            double a = group.Alpha[i];
            if (a == 0) continue;
            System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(_x.AsSpan(i * _n, _n), a, m, m);
        }
        return m;
    }

    /// <summary>ᾱ of a group over the given classes: its coefficients summed over the digits of each class.</summary>
    public double[] ClassAlpha(SpanGroup group, IReadOnlyList<int> classes) =>
        classes.Select(c => Enumerable.Range(0, _p).Where(i => Set.Labels[i] == c).Sum(i => group.Alpha[i])).ToArray();

    /// <summary>
    /// One epoch of the training rule at learning rate <paramref name="rate"/> for every group at once: each copy's
    /// gradient with all groups as they are, labels stepped by their max-abs normalized gradient and clipped to
    /// [−1, 1], memories stepped by theirs and renormalized to max |M| ≤ 1.
    /// </summary>
    public SpanGroup[] Step(IReadOnlyList<SpanGroup> groups, double rate)
    {
        var (next, pixels) = Step(groups, [.. groups.Select(g => Known(g.Alpha, g.Alpha))], rate);
        for (int g = 0; g < next.Length; g++) Remember(next[g].Alpha, next[g].Alpha, pixels[g]);
        return next;
    }

    /// <summary>
    /// Each memory's pixels Σ α_i σ_i as the last step left them, by the array that step returned: the next step's
    /// renormalization then updates them as the network does (M + c·G, an element-wise step) instead of forming them
    /// again with a product. An entry is used only while the coefficients are still the ones it was made for.
    /// </summary>
    readonly System.Runtime.CompilerServices.ConditionalWeakTable<double[], PixelMemory> _pixels = new();

    sealed record PixelMemory(double[] Alpha, double[] Pixels);

    double[]? Known(double[] key, ReadOnlySpan<double> alpha) =>
        _pixels.TryGetValue(key, out var known) && alpha.SequenceEqual(known.Alpha) ? known.Pixels : null;

    void Remember(double[] key, double[] alpha, double[] pixels) => _pixels.AddOrUpdate(key, new PixelMemory((double[])alpha.Clone(), pixels));

    (SpanGroup[] Next, double[][] Pixels) Step(IReadOnlyList<SpanGroup> groups, double[]?[] known, double rate)
    {
        if (!(rate > 0) || !double.IsFinite(rate)) throw new InvalidParameterException($"learning rate {rate} is invalid: it must be > 0");
        foreach (var g in groups) Check(g);
        int count = groups.Count;
        var gradients = Span.Gradients<PlainScalar>([.. groups.Select(g => (PlainScalars(g.Alpha), PlainScalars(g.Labels), g.Copies))]);
        // Every group's gradient in pixel space at once (one product with the packed digits), then each memory step.
        var coefficients = new double[count * _p];
        for (int g = 0; g < count; g++)
            for (int i = 0; i < _p; i++) coefficients[g * _p + i] = gradients[g].Memory[i].Value;
        // The gradients' pixels are read only within this step: their array is kept for the next one (one per system,
        // taken while in use, so two threads stepping one system each get their own).
        var pixels = Interlocked.Exchange(ref _gradientPixels, null) is { } kept && kept.Length == count * _n ? kept : new double[count * _n];
        Training.Gemm.Multiply(coefficients, _packed.Value, pixels, count, threads: 1);
        // The memories' pixels before the step: as the last step left them, or (for a new start) from one product.
        var missing = Enumerable.Range(0, count).Where(g => known[g] is null).ToArray();
        var formed = missing.Length == 0 ? [] : Combine([.. missing.SelectMany(g => groups[g].Alpha)], missing.Length);
        var next = new SpanGroup[count];
        var memories = new double[count][];
        for (int g = 0; g < count; g++)
        {
            // Every entry is written by the step, so the new memory need not be zeroed first.
            var memory = GC.AllocateUninitializedArray<double>(_n);
            var before = known[g] ?? formed.AsSpan(Array.IndexOf(missing, g) * _n, _n);
            var alpha = MemoryStep(groups[g].Alpha, before, memory, coefficients.AsSpan(g * _p, _p), pixels.AsSpan(g * _n, _n), rate, out double? largest);
            // The max-norm renormalization, on the stepped pixels, as the network takes it.
            double size = largest is { } measured && double.IsFinite(measured) ? measured : MaxAbs(memory);
            if (size > 1)
            {
                double shrink = 1 / size;
                for (int i = 0; i < _p; i++) alpha[i] *= shrink;
                System.Numerics.Tensors.TensorPrimitives.Multiply(memory, shrink, memory);
            }
            var labels = gradients[g].Labels.Select(d => d.Value).ToArray();
            next[g] = new SpanGroup(alpha, LabelStep(groups[g].Labels, labels, rate), groups[g].Copies);
            memories[g] = memory;
        }
        _gradientPixels = pixels;
        return (next, memories);
    }

    double[]? _gradientPixels;

    static PlainScalar[] PlainScalars(double[] x) => Array.ConvertAll(x, v => new PlainScalar(v));

    /// <summary>Steps every group for <paramref name="epochs"/> epochs.</summary>
    public SpanGroup[] Run(IReadOnlyList<SpanGroup> groups, double rate, int epochs)
    {
        var state = groups.ToArray();
        for (int e = 0; e < epochs; e++) state = Step(state, rate);
        return state;
    }

    int IGroupDynamics.Dimension => _p + NetworkState.Classes;
    IReadOnlyList<int> IGroupDynamics.Classes => ClassOrder;

    double[][] IGroupDynamics.Advance(IReadOnlyList<double[]> groups, IReadOnlyList<int> copies, double rate)
    {
        var (next, pixels) = Step([.. groups.Select((x, g) => new SpanGroup(x[.._p], x[_p..], copies[g]))], [.. groups.Select(x => Known(x, x.AsSpan(0, _p)))], rate);
        var states = next.Select(g => (double[])[.. g.Alpha, .. g.Labels]).ToArray();
        for (int g = 0; g < states.Length; g++) Remember(states[g], next[g].Alpha, pixels[g]);
        return states;
    }

    double[] IGroupDynamics.ClassAlpha(double[] group) => ClassAlpha(new SpanGroup(group[.._p], group[_p..], 1), ClassOrder);

    /// <summary>
    /// Carries a group's own pixels from here on, component outside the span included, instead of Σ α_i σ_i. That
    /// component has no overlap with any digit, so it changes no gradient; it enters the steps' max-abs measures and is
    /// scaled by each renormalization, as in the network, which shrinks it (docs/cascade.md, "The cascade").
    /// </summary>
    void IGroupDynamics.Place(double[] group, double[] pixels)
    {
        if (group.Length != _p + NetworkState.Classes) throw new InvalidParameterException($"a group has {group.Length} coordinates, {_p + NetworkState.Classes} expected");
        if (pixels.Length != _n) throw new InvalidParameterException($"a memory has {pixels.Length} pixels, {_n} expected");
        if (pixels.Any(v => !double.IsFinite(v))) throw new NumericalException("a placed memory has a non-finite pixel");
        Remember(group, group[.._p], (double[])pixels.Clone());
    }

    /// <summary>
    /// α + c·g with c = −ε/max|Σ g_j σ_j| (the step's normalization in pixel space, from the gradient's pixels); the
    /// memory's pixels <paramref name="before"/> are stepped alike into <paramref name="memory"/>, and
    /// <paramref name="largest"/> is their max|·| after the step where it was measured on the way (null otherwise).
    /// </summary>
    double[] MemoryStep(double[] alpha, ReadOnlySpan<double> before, Span<double> memory, ReadOnlySpan<double> gradient, ReadOnlySpan<double> pixels, double rate, out double? largest)
    {
        largest = null;
        double gMax = MaxAbs(pixels);
        var next = (double[])alpha.Clone();
        if (gMax > 0)
        {
            // The network forms v = −G/max|G| and steps by ε v/max|v|; max|v| is 1 up to round-off, kept as it is. As the
            // network does, it divides instead of multiplying by 1/max|G| where that reciprocal overflows (a subnormal max).
            // Rounding is monotone, so max|v| is |gMax·r| (or gMax/gMax = 1) exactly, with no pass over v.
            double r = -1 / gMax;
            bool reciprocal = double.IsFinite(r);
            double step = rate / (reciprocal ? Math.Abs(gMax * r) : 1);
            var coefficients = Normalized(gradient, gMax);
            for (int i = 0; i < _p; i++) next[i] += step * coefficients[i];
            // v itself is not kept: the group map has no momentum, as the network without momentum keeps none.
            if (reciprocal) largest = Training.UpdateRule.StepAndLargest(pixels, r, step, [], before, memory);
            else System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(Normalized(pixels, gMax), step, before, memory);
        }
        else before.CopyTo(memory);
        return next;
    }

    static double[] LabelStep(double[] labels, double[] gradient, double rate)
    {
        double gMax = gradient.Max(Math.Abs);
        var next = (double[])labels.Clone();
        if (!(gMax > 0)) return next;
        var v = Normalized(gradient, gMax);
        double vMax = MaxAbs(v);
        for (int d = 0; d < next.Length; d++) next[d] = Math.Clamp(next[d] + rate / vMax * v[d], -1, 1);
        return next;
    }

    /// <summary>−g/max|g| as the network forms it: times the reciprocal, or divided where the reciprocal overflows.</summary>
    static double[] Normalized(ReadOnlySpan<double> g, double gMax)
    {
        var result = new double[g.Length];
        double r = -1 / gMax;
        for (int i = 0; i < g.Length; i++) result[i] = double.IsFinite(r) ? g[i] * r : -(g[i] / gMax);
        return result;
    }

    /// <summary>Σ_i c_i σ_i for <paramref name="count"/> coefficient rows at once: a product with the packed digits.</summary>
    double[] Combine(double[] coefficients, int count)
    {
        var result = new double[count * _n];
        Training.Gemm.Multiply(coefficients, _packed.Value, result, count, threads: 1);
        return result;
    }

    static double MaxAbs(ReadOnlySpan<double> v)
    {
        double m = Training.UpdateRule.Largest(v);
        if (!double.IsFinite(m)) throw new NumericalException("the exact group step produced a non-finite memory or gradient; lower n or raise the temperature");
        return m;
    }

    void Check(SpanGroup g)
    {
        if (g.Alpha.Length != _p) throw new InvalidParameterException($"a group has {g.Alpha.Length} coefficients, {_p} expected (one per training digit)");
        if (g.Labels.Length != NetworkState.Classes) throw new InvalidParameterException($"a group has {g.Labels.Length} labels, {NetworkState.Classes} expected");
        if (g.Copies < 1) throw new InvalidParameterException($"a group of {g.Copies} copies is invalid: it needs at least 1");
    }
}
