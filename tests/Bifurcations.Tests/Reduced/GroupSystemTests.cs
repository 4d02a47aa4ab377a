using Bifurcations.Analysis;
using Bifurcations.Data;
using Bifurcations.Model;
using Bifurcations.Reduced;
using Bifurcations.Training;

namespace Bifurcations.Tests;

public class GroupSystemTests
{
    static TrainingSet Digits(int perClass = 5) => new DigitSelection([1, 4, 7], perClass, 0).Select(MnistSet.Embedded);

    /// <summary>A group in the span with max |M| = 1 (on the manifold) and labels inside [−1, 1].</summary>
    static SpanGroup Start(GroupSystem system, int seed, int copies)
    {
        var rng = new Random(seed);
        var alpha = Enumerable.Range(0, system.Set.Count).Select(_ => 0.02 + 0.1 * rng.NextDouble()).ToArray();
        double size = system.Memory(new SpanGroup(alpha, new double[10], 1)).Max(Math.Abs);
        return new SpanGroup(alpha.Select(a => a / size).ToArray(), Enumerable.Range(0, 10).Select(_ => 2 * rng.NextDouble() - 1).ToArray(), copies);
    }

    /// <summary>The network whose memories are the groups' copies, in order.</summary>
    static NetworkState Network(GroupSystem system, IReadOnlyList<SpanGroup> groups)
    {
        var copies = groups.SelectMany(g => Enumerable.Repeat(g, g.Copies)).ToArray();
        int n = system.Set.Dimension;
        var state = new NetworkState(copies.Length, n);
        for (int mu = 0; mu < copies.Length; mu++)
        {
            system.Memory(copies[mu]).CopyTo(state.Memory(mu));
            copies[mu].Labels.CopyTo(state.Label(mu));
        }
        return state;
    }

    [Theory]
    [InlineData(30, 1.0, 400)]
    [InlineData(20, 1.02, 400)]
    // At n = 3, T_r = 0.9 a label enters the step's two-cycle at epoch 310 (its gradient leads the max-abs normalization
    // and flips sign every epoch); round-off then grows ×4 per epoch in any two computations, so the whole path is compared
    // before, and every step after (OneStepFromTheNetworksStateIsTheNetworksNextState).
    [InlineData(3, 0.9, 300)]
    public void IdenticalMemoriesAndOneGroupFollowTheSamePath(double n, double tempR, int epochs)
    {
        // The engine trains 6 identical memories in pixel space; the reduction steps one group of 6 copies in α.
        var set = Digits();
        var system = new GroupSystem(set, NetworkParameters.FromReducedTemperature(n, tempR));
        var start = new[] { Start(system, 1, 6) };
        var trainer = new Trainer(set, system.Parameters, new TrainingOptions { Rate = 0.005, Epochs = epochs, Seed = 1 }, Network(system, start));
        for (int e = 0; e < epochs; e++) trainer.Step();
        var group = system.Run(start, 0.005, epochs)[0];
        var memory = system.Memory(group);
        double moved = memory.Zip(system.Memory(start[0]), (a, b) => Math.Abs(a - b)).Max();
        Assert.True(moved > 1e-3, $"the memories hardly moved ({moved}): the comparison would be empty");
        for (int mu = 0; mu < 6; mu++)
        {
            double dm = memory.Zip(trainer.State.Memory(mu).ToArray(), (a, b) => Math.Abs(a - b)).Max();
            double dl = group.Labels.Zip(trainer.State.Label(mu).ToArray(), (a, b) => Math.Abs(a - b)).Max();
            Assert.True(dm < 1e-10 && dl < 1e-10, $"memory {mu} after {epochs} epochs: |ΔM| {dm:G3}, |Δℓ| {dl:G3}");
        }
    }

    [Fact]
    public void OneStepFromTheNetworksStateIsTheNetworksNextState()
    {
        // Every epoch of a 400-epoch run, the two-cycle included: the network's memory is read back in the span
        // (pseudo-inverse), stepped by the reduction, and compared with the network's next memory.
        var set = Digits();
        var system = new GroupSystem(set, NetworkParameters.FromReducedTemperature(3, 0.9));
        var start = Start(system, 1, 6);
        var trainer = new Trainer(set, system.Parameters, new TrainingOptions { Rate = 0.005, Epochs = 400, Seed = 1 }, Network(system, [start]));
        var span = new MoorePenrose(set);
        double worst = 0;
        for (int e = 0; e < 400; e++)
        {
            var now = new SpanGroup(span.Decompose(trainer.State.Memory(0).ToArray(), 1).Alpha, trainer.State.Label(0).ToArray(), 6);
            var predicted = system.Step([now], 0.005)[0];
            trainer.Step();
            var memory = system.Memory(predicted);
            double dm = memory.Zip(trainer.State.Memory(0).ToArray(), (a, b) => Math.Abs(a - b)).Max();
            double dl = predicted.Labels.Zip(trainer.State.Label(0).ToArray(), (a, b) => Math.Abs(a - b)).Max();
            worst = Math.Max(worst, Math.Max(dm, dl));
            Assert.True(dm < 1e-10 && dl < 1e-10, $"epoch {e}: |ΔM| {dm:G3}, |Δℓ| {dl:G3}");
        }
        Assert.True(worst > 0, "two different computations cannot agree to the last bit every epoch");
    }

    [Fact]
    public void TwoGroupsFollowTheNetworkOfTheirCopies()
    {
        // 4 copies of one memory and 2 of another: each copy's gradient sees the other group with its weight.
        var set = Digits();
        var system = new GroupSystem(set, NetworkParameters.FromReducedTemperature(30, 1.0));
        var start = new[] { Start(system, 2, 4), Start(system, 3, 2) };
        var trainer = new Trainer(set, system.Parameters, new TrainingOptions { Rate = 0.005, Epochs = 300, Seed = 1 }, Network(system, start));
        for (int e = 0; e < 300; e++) trainer.Step();
        var groups = system.Run(start, 0.005, 300);
        var memories = groups.SelectMany(g => Enumerable.Repeat(system.Memory(g), g.Copies)).ToArray();
        double apart = memories[0].Zip(memories[5], (a, b) => Math.Abs(a - b)).Max();
        Assert.True(apart > 1e-3, "the two groups must stay distinct for the test to say anything");
        for (int mu = 0; mu < 6; mu++)
        {
            double dm = memories[mu].Zip(trainer.State.Memory(mu).ToArray(), (a, b) => Math.Abs(a - b)).Max();
            Assert.True(dm < 1e-10, $"memory {mu}: |ΔM| {dm:G3}");
        }
    }

    [Fact]
    public void AStepKeepsTheMemoryOnTheManifoldAndTheLabelsInRange()
    {
        var system = new GroupSystem(Digits(), NetworkParameters.FromReducedTemperature(30, 1.0));
        var g = system.Run([Start(system, 4, 3)], 0.01, 50)[0];
        Assert.True(system.Memory(g).Max(Math.Abs) <= 1 + 1e-12);
        Assert.All(g.Labels, l => Assert.InRange(l, -1, 1));
        Assert.Equal(3, g.Copies);
    }

    [Fact]
    public void RefusesAGroupOfTheWrongShape()
    {
        var system = new GroupSystem(Digits(), NetworkParameters.FromReducedTemperature(30, 1.0));
        var e = Assert.Throws<InvalidParameterException>(() => system.Step([new SpanGroup(new double[3], new double[10], 1)], 0.01));
        Assert.Contains("3 coefficients", e.Message);
        Assert.Throws<InvalidParameterException>(() => system.Step([Start(system, 1, 2)], 0));
    }

    /// <summary>
    /// The group map takes the span gradient in plain doubles, the continuation with derivatives: one generic text, two
    /// instances. Their values must be the same doubles, on random memories of random real digits, n and T_r (a slope on
    /// the coefficients too, so the derivative parts run).
    /// </summary>
    [Fact]
    public void PlainAndDualGradientsGiveTheSameValues()
    {
        var rng = new Random(5);
        for (int trial = 0; trial < 40; trial++)
        {
            var classes = Enumerable.Range(0, 10).OrderBy(_ => rng.Next()).Take(rng.Next(2, 4)).ToArray();
            var set = new DigitSelection(classes, rng.Next(1, 6), trial).Select(MnistSet.Embedded);
            var span = new GroupSystem(set, NetworkParameters.FromReducedTemperature(2 + 58 * rng.NextDouble(), 0.55 + 0.7 * rng.NextDouble())).Span;
            var memories = Enumerable.Range(0, rng.Next(1, 5)).Select(_ => (
                Alpha: Enumerable.Range(0, set.Count).Select(_ => (rng.NextDouble() - 0.3) / set.Count * 2).ToArray(),
                Labels: Enumerable.Range(0, 10).Select(_ => 2 * rng.NextDouble() - 1).ToArray(),
                Copies: rng.Next(1, 30))).ToArray();
            var plain = span.Gradients<PlainScalar>([.. memories.Select(m => (Array.ConvertAll(m.Alpha, a => new PlainScalar(a)), Array.ConvertAll(m.Labels, l => new PlainScalar(l)), m.Copies))]);
            var dual = span.Gradients<Dual>([.. memories.Select(m => (Array.ConvertAll(m.Alpha, a => new Dual(a, rng.NextDouble())), Array.ConvertAll(m.Labels, l => new Dual(l, 0)), m.Copies))]);
            for (int mu = 0; mu < memories.Length; mu++)
            {
                Assert.Equal(dual[mu].Memory.Select(d => d.Value), plain[mu].Memory.Select(r => r.Value));
                Assert.Equal(dual[mu].Labels.Select(d => d.Value), plain[mu].Labels.Select(r => r.Value));
                Assert.Equal(dual[mu].Scale.Select(d => d.Value), plain[mu].Scale.Select(r => r.Value));
            }
            Assert.Contains(dual.SelectMany(g => g.Memory), d => d.Value != 0);
        }
    }

    /// <summary>
    /// The span gradient with derivatives, bit for bit as it was before it was made generic: a SHA-256 of every value and
    /// derivative for three memories (random coefficients with slopes, labels, 1–3 copies) on 9 real digits of 1/4/7,
    /// recorded from the Dual-only code of commit f5576db. With the test above (plain values equal the dual values), the
    /// group map's plain gradient is the old one too.
    /// </summary>
    [Fact]
    public void DualGradientsAreTheValuesRecordedBeforeTheGenericRewrite()
    {
        var set = new DigitSelection([1, 4, 7], 3, 0).Select(MnistSet.Embedded);
        var span = new SpanSystem(set.Gram(), set.Labels, NetworkParameters.FromReducedTemperature(30, 1.0));
        var rng = new Random(7);
        var memories = Enumerable.Range(0, 3).Select(k => new SpanMemory(
            [.. Enumerable.Range(0, set.Count).Select(_ => new Dual((rng.NextDouble() - 0.2) / 4, rng.NextDouble() - 0.5))],
            [.. Enumerable.Range(0, 10).Select(_ => new Dual(2 * rng.NextDouble() - 1, rng.NextDouble()))], k + 1)).ToArray();
        var g = span.Gradients(memories);
        var bits = g.SelectMany(x => x.Memory.Concat(x.Labels).Concat(x.LabelScale!)).SelectMany(d => new[] { d.Value, d.Derivative })
            .Select(BitConverter.DoubleToInt64Bits).ToArray();
        Assert.Equal(174, bits.Length);
        Assert.Equal(-8.953209096467334E-08, g[0].Memory[0].Value);
        var hash = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Runtime.InteropServices.MemoryMarshal.AsBytes(bits.AsSpan())))[..16];
        Assert.Equal("77A05C24D7D9A034", hash);
    }
}
