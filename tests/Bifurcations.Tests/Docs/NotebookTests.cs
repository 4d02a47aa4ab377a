using System.Text.RegularExpressions;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.CSharp;
using Microsoft.DotNet.Interactive.Documents.Jupyter;
using Microsoft.DotNet.Interactive.Events;

namespace Bifurcations.Tests;

/// <summary>
/// examples/notebook/reduced-model.ipynb runs cell by cell in the .NET Interactive C# kernel, as Polyglot Notebooks or
/// Jupyter would run it: every cell succeeds and every figure cell shows a PNG.
/// </summary>
public class NotebookTests
{
    const string BuildFolder = "../../src/Bifurcations.Cli/bin/Release/net10.0/";

    [Fact]
    public async Task TheNotebookRunsAndShowsItsFigures()
    {
        string root = ReadmeTests.Root();
        var document = Notebook.Parse(File.ReadAllText(Path.Combine(root, "examples", "notebook", "reduced-model.ipynb")));
        var cells = document.Elements.Where(e => e.KernelName is null or "csharp" && !string.IsNullOrWhiteSpace(e.Contents)).ToArray();
        Assert.True(cells.Length >= 5, $"only {cells.Length} code cells");
        using var kernel = new CSharpKernel().UseKernelHelpers();
        var images = new List<byte[]>();
        for (int i = 0; i < cells.Length; i++)
        {
            // The notebook references the library from the tool's build; the test points it at the build it runs with.
            var code = cells[i].Contents.Replace(BuildFolder, AppContext.BaseDirectory);
            var result = await kernel.SendAsync(new SubmitCode(code));
            var failed = result.Events.OfType<CommandFailed>().FirstOrDefault();
            Assert.True(failed is null, $"cell {i + 1} failed: {failed?.Message}");
            foreach (var shown in result.Events.OfType<DisplayEvent>().SelectMany(e => e.FormattedValues))
                foreach (Match m in Regex.Matches(shown.Value, "data:image/png;base64,([A-Za-z0-9+/=]+)"))
                    images.Add(Convert.FromBase64String(m.Groups[1].Value));
        }
        Assert.Equal(3, images.Count);
        Assert.All(images, png =>
        {
            Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, png[..4]);
            Assert.True(png.Length > 10_000, $"a {png.Length}-byte PNG is too small to hold a figure");
        });
    }
}
