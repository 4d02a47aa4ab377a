using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Bifurcations.Experiments.IO;

/// <summary>
/// Every setting that affects a run folder's results, as invariant strings (so that equality is exact and a
/// refusal can name the setting), with the kind of computation and the program version that made them.
/// </summary>
public sealed record RunSettings(string Kind, IReadOnlyDictionary<string, string> Values, string Version)
{
    /// <summary>Settings of a kind of run, each value recorded as an exact invariant string, with this program's version.</summary>
    public static RunSettings Of(string kind, params (string Key, object? Value)[] values)
    {
        var dict = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in values)
        {
            if (!dict.TryAdd(key, Format(value))) throw new ArgumentException($"setting '{key}' given twice");
        }
        return new RunSettings(kind, dict, ProgramInfo.Version);
    }

    /// <summary>A value as an exact invariant string: doubles round-trip, sequences are comma-joined.</summary>
    public static string Format(object? value) => value switch
    {
        null => "",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        float f => f.ToString("R", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        string s => s,
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        System.Collections.IEnumerable e => string.Join(",", e.Cast<object?>().Select(Format)),
        _ => value.ToString() ?? "",
    };

    /// <summary>The settings that differ (up to three), as "epochs: 500 in the folder, 600 asked"; null when equal.</summary>
    public string? FirstDifference(RunSettings asked)
    {
        if (Kind != asked.Kind) return $"it holds {Kind} results, not {asked.Kind}";
        var differences = new List<string>();
        foreach (var key in Values.Keys.Union(asked.Values.Keys).Order(StringComparer.Ordinal))
        {
            Values.TryGetValue(key, out var here);
            asked.Values.TryGetValue(key, out var there);
            if (here != there) differences.Add($"{key}: {Show(here)} in the folder, {Show(there)} asked");
        }
        if (Version != asked.Version) differences.Add($"made by Bifurcations {Version}, this is {asked.Version}");
        if (differences.Count == 0) return null;
        return string.Join("; ", differences.Take(3)) + (differences.Count > 3 ? $"; and {differences.Count - 3} more" : "");
    }

    static string Show(string? v) => v is null ? "(not set)" : v.Length == 0 ? "(none)" : v;

    /// <summary>The manifest's JSON.</summary>
    public string ToJson()
    {
        var settings = new JsonObject();
        foreach (var (k, v) in Values) settings[k] = v;
        var root = new JsonObject { ["kind"] = Kind, ["version"] = Version, ["settings"] = settings };
        return root.ToJsonString(JsonOutput.Options);
    }

    /// <summary>Reads a manifest; an unreadable one is a <see cref="DataException"/> naming <paramref name="path"/>.</summary>
    public static RunSettings FromJson(string text, string path)
    {
        try
        {
            var root = JsonNode.Parse(text)?.AsObject() ?? throw new JsonException("empty");
            string kind = root["kind"]?.GetValue<string>() ?? throw new JsonException("no kind");
            string version = root["version"]?.GetValue<string>() ?? throw new JsonException("no version");
            var values = new SortedDictionary<string, string>(StringComparer.Ordinal);
            foreach (var (k, v) in root["settings"]?.AsObject() ?? throw new JsonException("no settings"))
                values[k] = v?.GetValue<string>() ?? throw new JsonException($"setting {k} is null");
            return new RunSettings(kind, values, version);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            throw new DataException($"{path}: unreadable run manifest ({e.Message.Split('.')[0].ReplaceLineEndings(" ")}); delete the folder or use --force", e);
        }
    }
}
