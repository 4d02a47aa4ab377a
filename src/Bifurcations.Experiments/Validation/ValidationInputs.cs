using Bifurcations.Data;
using Bifurcations.Experiments.Artifacts;
using Bifurcations.Experiments.IO;
using Bifurcations.Experiments.Simulations;
using Bifurcations.Experiments.Sweeps;

namespace Bifurcations.Experiments.Validation;

/// <summary>
/// The simulations the validation checks score, handed over in memory by the stage that made them (reproduce), or read
/// from a finished output folder (<see cref="FromFolder"/>). A missing one skips its checks; the rest run anyway.
/// </summary>
public sealed record ValidationInputs
{
    /// <summary>The intra phase diagram (Fig. 6C–E).</summary>
    public PhaseDiagram? Intra { get; init; }

    /// <summary>The inter phase diagram (Fig. 6F–H).</summary>
    public PhaseDiagram? Inter { get; init; }

    /// <summary>The population runs of Fig. 8.</summary>
    public IReadOnlyList<PopulationRun>? Populations { get; init; }

    /// <summary>The prototype-metric runs of Fig. 2A.</summary>
    public IReadOnlyList<PrototypeRun>? Prototypes { get; init; }

    /// <summary>The Fig. 4 run at n = 30 (trained on demand when absent).</summary>
    public CanalizedSplitsResult? CanalizedSplits { get; init; }

    /// <summary>The scored cascade runs (the cascade grid: its subset, or all of it with --full).</summary>
    public IReadOnlyList<CascadeRunRecord>? Cascades { get; init; }

    /// <summary>The Fig. 7 runs, each with the exact group system's answer beside it.</summary>
    public IReadOnlyList<StartBiasRun>? StartBias { get; init; }
    /// <summary>The names of the inputs that are missing and whose checks will not run.</summary>
    public IReadOnlyList<string> Missing =>
        [.. new (string Name, object? Value)[] { ("phase-intra", Intra), ("phase-inter", Inter), ("populations", Populations), ("prototypes", Prototypes), ("cascade-grid", Cascades), ("start-bias", StartBias) }
            .Where(x => x.Value is null).Select(x => x.Name)];

    /// <summary>
    /// Reads what a finished reproduce left in <paramref name="folder"/>: the finished sweeps in phase-intra/ and
    /// phase-inter/ (their digits picked from the embedded set, as reproduce does), populations/T*.json and
    /// prototypes/Tr*.json, cascade-grid/runs/*.json and start-bias/Tr*.json.
    /// </summary>
    public static ValidationInputs FromFolder(string folder)
    {
        PhaseDiagram? Sweep(string name, double threshold)
        {
            var dir = Path.Combine(folder, name);
            if (!File.Exists(Path.Combine(dir, "sweep.json"))) return null;
            return PhaseDiagram.Of(PhaseSweep.Settings(dir), PhaseSweep.Read(dir), MnistSet.Embedded, threshold);
        }
        var populations = Directory.Exists(Path.Combine(folder, "populations"))
            ? Directory.GetFiles(Path.Combine(folder, "populations"), "T*.json").Select(f => JsonOutput.Deserialize<PopulationRun>(File.ReadAllText(f))!).ToArray()
            : null;
        var prototypes = Directory.Exists(Path.Combine(folder, "prototypes"))
            ? Directory.GetFiles(Path.Combine(folder, "prototypes"), "Tr*.json").Select(PrototypeSweep.Read).ToArray()
            : null;
        var cascades = Directory.Exists(Path.Combine(folder, "cascade-grid", "runs"))
            ? Directory.GetFiles(Path.Combine(folder, "cascade-grid", "runs"), "*.json").Order(StringComparer.Ordinal).Select(CascadeSweep.ReadRun).ToArray()
            : null;
        var startBias = Directory.Exists(Path.Combine(folder, "start-bias"))
            ? Directory.GetFiles(Path.Combine(folder, "start-bias"), "Tr*.json").Order(StringComparer.Ordinal).Select(StartBiasSweep.ReadRun).ToArray()
            : null;
        return new ValidationInputs
        {
            Intra = Sweep("phase-intra", PhaseAnalysis.JumpThreshold),
            Inter = Sweep("phase-inter", PhaseAnalysis.JumpThreshold),
            Populations = populations,
            Prototypes = prototypes,
            Cascades = cascades is { Length: > 0 } ? cascades : null,
            StartBias = startBias is { Length: > 0 } ? startBias : null,
        };
    }
}
