using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Bifurcations.Tests.Api;

/// <summary>
/// A library user's first program, compiled here by Roslyn against Bifurcations.Core as a separate assembly, so only the
/// public API is visible (the tests' InternalsVisibleTo does not extend to it). It finds fixed points, continues them in n
/// and trains 10 epochs, all in memory, and must stay under 30 lines.
/// </summary>
public class ConsumerProgramTests
{
    const string Program = """
        using Bifurcations.Data;
        using Bifurcations.Model;
        using Bifurcations.Reduced;
        using Bifurcations.Training;

        var gram = new GramPair(753, 494, 719);
        var model = new PairModel(gram, new NetworkParameters(15, 700), Memories: 2);
        var points = FixedPointSolver.Find(model);
        foreach (var p in points.Points) Console.WriteLine($"fixed point α = {p.AlphaA:F4}, ℓ = {p.Ell:F4}, {p.Stability}");
        Console.WriteLine($"complete: {points.Completeness.IsComplete}");

        var diagram = PairContinuation.DiagramInN(gram, temperature: 700, memories: 2, nFrom: 10, nTo: 45);
        Console.WriteLine($"folds at n = {string.Join(", ", diagram.Folds.Select(f => f.Parameter.ToString("F3")))}");

        var digits = new DigitSelection([1, 4], PerClass: 5, Seed: 1).Select(MnistSet.Embedded);
        var options = new TrainingOptions { Epochs = 10, Seed = 1 };
        var initial = new InitialCondition.Gaussian().Create(4, digits, options.Seed);
        var trainer = new Trainer(digits, new NetworkParameters(20, 700), options, initial);
        var history = trainer.Run();
        Console.WriteLine($"epochs {trainer.Epoch}, metrics {history.Count}, cost {history[0].Cost:G4} -> {history[^1].Cost:G4}");
        """;

    [Fact]
    public void ALibraryUserWritesAShortProgramAgainstThePublicApi()
    {
        Assert.True(Program.Split('\n').Length < 30, "the consumer program grew past 30 lines");
        var core = typeof(Bifurcations.Reduced.PairModel).Assembly;
        var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Select(p => MetadataReference.CreateFromFile(p)).Append(MetadataReference.CreateFromFile(core.Location)).ToArray();
        // The SDK's implicit usings, as a new console project has them.
        var implicitUsings = CSharpSyntaxTree.ParseText("global using System; global using System.Collections.Generic; global using System.IO; global using System.Linq; global using System.Threading;");
        var compilation = CSharpCompilation.Create("Consumer", [CSharpSyntaxTree.ParseText(Program, new CSharpParseOptions(LanguageVersion.Latest)), implicitUsings],
            references, new CSharpCompilationOptions(OutputKind.ConsoleApplication, nullableContextOptions: NullableContextOptions.Enable));
        using var image = new MemoryStream();
        var emitted = compilation.Emit(image);
        Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)));

        var context = new AssemblyLoadContext("consumer", isCollectible: true);
        context.Resolving += (_, name) => name.Name == core.GetName().Name ? core : null;
        image.Position = 0;
        var assembly = context.LoadFromStream(image);
        var output = new StringWriter();
        var previous = Console.Out;
        Console.SetOut(output);
        try { assembly.EntryPoint!.Invoke(null, [Array.Empty<string>()]); }
        finally { Console.SetOut(previous); context.Unload(); }
        var text = output.ToString();

        // The paper's three fixed points at n = 15 (docs/model.md, known answers), the two folds of Fig. 5A, ten updates.
        Assert.Contains("fixed point α = 0.3170, ℓ = -0.0810, Stable", text);
        Assert.Contains("fixed point α = 0.6329, ℓ = 0.0740, Stable", text);
        Assert.Contains("complete: True", text);
        Assert.Matches(@"folds at n = 23\.\d{3}, 36\.\d{3}", text);
        Assert.Matches(@"epochs 10, metrics 11, cost", text);
    }

    [Fact]
    public void TheConsumerCannotReachTheKernels()
    {
        // Internal means internal: the same compilation refuses a GEMM kernel.
        var core = typeof(Bifurcations.Reduced.PairModel).Assembly;
        var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Select(p => MetadataReference.CreateFromFile(p)).Append(MetadataReference.CreateFromFile(core.Location)).ToArray();
        var compilation = CSharpCompilation.Create("Consumer", [CSharpSyntaxTree.ParseText("System.Console.WriteLine(typeof(Bifurcations.Training.Gemm));")],
            references, new CSharpCompilationOptions(OutputKind.ConsoleApplication));
        Assert.Contains(compilation.GetDiagnostics(), d => d.Id == "CS0122");
    }
}
