using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace GanLab.Core;

/// <summary>The one JSON style of every file and document GanLab writes (presets, config.json, checkpoints' metadata,
/// evaluation.json, `--json` output): camelCase keys, enums by their C# names, indented.</summary>
public static class GanLabJson
{
    /// <summary>Options for reading and writing; unknown fields are refused so a misspelt preset field is an error.</summary>
    public static JsonSerializerOptions Options { get; } = new()
    {
        WriteIndented = true,
        // Preset files are read and edited by people: keep + and ' as they are (nothing here is embedded in HTML unescaped).
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DictionaryKeyPolicy = null,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        // Hand-edited files may put "kind" or "family" anywhere in an object.
        AllowOutOfOrderMetadataProperties = true,
        PropertyNameCaseInsensitive = true,
        // A file missing a required field, or with null where a value must be, is an error, not a silent default.
        RespectRequiredConstructorParameters = true,
        RespectNullableAnnotations = true,
        // Explicit, so hosts that disable reflection-based JSON by default (file-based apps, trimmed apps) still work.
        TypeInfoResolver = new DefaultJsonTypeInfoResolver(),
        // Gradient norms are NaN on steps where they were not measured.
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>The value as JSON text.</summary>
    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);
}
