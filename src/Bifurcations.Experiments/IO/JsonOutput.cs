using System.Text.Json;
using System.Text.Json.Serialization;

namespace Bifurcations.Experiments.IO;

/// <summary>
/// The one JSON setting of the project, for every file it writes and reads back: camelCase keys (dictionary keys too),
/// indented, enums as camelCase strings, and a number that is not finite written as <c>null</c> (a missing value),
/// read back as NaN. Reading accepts keys in any case, so files written before this convention still load.
/// </summary>
public static class JsonOutput
{
    /// <summary>The options every file is written and read with.</summary>
    public static readonly JsonSerializerOptions Options = Create();

    static JsonSerializerOptions Create()
    {
        var o = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            DictionaryKeyPolicy = JsonNamingPolicy.CamelCase,
            PropertyNameCaseInsensitive = true,
            WriteIndented = true,
            Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase), new FiniteDouble() },
        };
        o.MakeReadOnly(populateMissingResolver: true);
        return o;
    }

    /// <summary>A value as JSON in the project's convention.</summary>
    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);

    /// <summary>A value read back from JSON written in the convention (or in any key case).</summary>
    public static T? Deserialize<T>(string text) => JsonSerializer.Deserialize<T>(text, Options);

    /// <summary>Non-finite doubles as null: JSON has no NaN, and a string "NaN" would make a column of mixed types.</summary>
    sealed class FiniteDouble : JsonConverter<double>
    {
        public override bool HandleNull => true;

        public override double Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.TokenType == JsonTokenType.Null ? double.NaN
            : reader.TokenType == JsonTokenType.String && double.TryParse(reader.GetString(), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var s) ? s
            : reader.GetDouble();

        public override void Write(Utf8JsonWriter writer, double value, JsonSerializerOptions options)
        {
            if (double.IsFinite(value)) writer.WriteNumberValue(value);
            else writer.WriteNullValue();
        }
    }
}
