using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using GanLab.Core;

namespace GanLab.Experiments;

/// <summary>Presets as JSON: `ganlab presets show NAME` prints one, `ganlab train FILE.json` trains one, and
/// `--set path=value` overrides any field by its dotted path (validated, one-line errors naming the field).</summary>
public static partial class PresetFiles
{
    /// <summary>The preset as indented JSON (camelCase keys, enums by name).</summary>
    public static string ToJson(Preset preset) => GanLabJson.Serialize(preset);

    /// <summary>Reads a preset from JSON text; <paramref name="source"/> names the file in errors.</summary>
    /// <exception cref="ArgumentException">Unreadable JSON, an unknown field or a value of the wrong type or range.</exception>
    public static Preset FromJson(string json, string source)
    {
        Preset preset;
        try { preset = JsonSerializer.Deserialize<Preset>(json, GanLabJson.Options) ?? throw new JsonException("the file holds null"); }
        catch (JsonException error) { throw new ArgumentException($"{source}: {Explain(error)}", "preset", error); }
        catch (Exception error) when (error is InvalidOperationException or NotSupportedException)
        {
            throw new ArgumentException($"{source}: {error.Message}", "preset", error);
        }
        try { preset.Validate(); }
        catch (ArgumentException error) { throw new ArgumentException($"{source}: {Guard.Text(error)}", error.ParamName, error); }
        return preset;
    }

    /// <summary>Reads a preset file.</summary>
    public static Preset Load(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: no such preset file.", path);
        return FromJson(File.ReadAllText(path), path);
    }

    /// <summary>True when <paramref name="argument"/> names a preset file rather than a built-in preset.</summary>
    public static bool IsFile(string argument) => argument.EndsWith(".json", StringComparison.OrdinalIgnoreCase) || File.Exists(argument);

    /// <summary>Applies `path=value` assignments to <paramref name="preset"/>, e.g.
    /// `training.phases.adversarial.discriminatorOptimizer.learningRate=1e-4`. Phases are addressed by name or index;
    /// a field that exactly one phase has may skip `phases.NAME` (`training.discriminatorOptimizer.learningRate`).</summary>
    public static Preset Apply(Preset preset, IEnumerable<string> assignments)
    {
        var list = assignments.ToList();
        if (list.Count == 0) return preset;
        var root = JsonSerializer.SerializeToNode(preset, GanLabJson.Options)!.AsObject();
        foreach (var assignment in list)
        {
            var separator = assignment.IndexOf('=');
            if (separator <= 0) throw new ArgumentException($"--set '{assignment}': expected PATH=VALUE, e.g. training.batchSize=128.", "set");
            Assign(root, assignment[..separator].Trim(), assignment[(separator + 1)..].Trim());
        }
        return FromJson(root.ToJsonString(), "--set");
    }

    private static void Assign(JsonObject root, string path, string text)
    {
        var segments = path.Split('.');
        JsonNode current = root;
        var walked = new List<string>();
        for (var index = 0; index < segments.Length; index++)
        {
            var segment = segments[index];
            var last = index == segments.Length - 1;
            switch (current)
            {
                case JsonObject obj:
                    var key = obj.Select(pair => pair.Key).FirstOrDefault(name => string.Equals(name, segment, StringComparison.OrdinalIgnoreCase));
                    if (key is null && obj["phases"] is JsonArray phases && PhaseWithField(phases, segment, walked) is { } phase)
                    {
                        current = phase;
                        index--;
                        continue;
                    }
                    if (key is null)
                        throw new ArgumentException($"--set {path}: '{Join(walked, segment)}' is not a field; {Join(walked, "")} has {string.Join(", ", obj.Select(pair => pair.Key))}.", "set");
                    walked.Add(key);
                    if (last) obj[key] = Parse(text, obj[key], path);
                    else current = obj[key] ?? throw new ArgumentException($"--set {path}: '{Join(walked, "")}' is empty (null); set it whole, e.g. {Join(walked, "")}={{...}}.", "set");
                    break;
                case JsonArray array:
                    var position = int.TryParse(segment, NumberStyles.None, CultureInfo.InvariantCulture, out var number) ? number
                        : array.Select((item, at) => (item, at)).FirstOrDefault(pair => pair.item?["name"]?.GetValue<string>() == segment, (null, -1)).at;
                    if (position < 0 || position >= array.Count)
                        throw new ArgumentException($"--set {path}: {Join(walked, "")} has no entry '{segment}' (entries: {string.Join(", ", array.Select((item, at) => item?["name"]?.GetValue<string>() ?? at.ToString(CultureInfo.InvariantCulture)))}).", "set");
                    walked.Add(segment);
                    if (last) array[position] = Parse(text, array[position], path);
                    else current = array[position]!;
                    break;
                default:
                    throw new ArgumentException($"--set {path}: '{Join(walked, "")}' is a value, not an object with fields.", "set");
            }
        }
    }

    // training.discriminatorOptimizer... where exactly one phase has the field.
    private static JsonNode? PhaseWithField(JsonArray phases, string field, List<string> walked)
    {
        var matches = phases.OfType<JsonObject>().Where(phase => phase.Any(pair => string.Equals(pair.Key, field, StringComparison.OrdinalIgnoreCase))).ToList();
        if (matches.Count > 1)
            throw new ArgumentException($"--set: '{Join(walked, field)}' is ambiguous: phases {string.Join(" and ", matches.Select(phase => phase["name"]))} both have it; write {Join(walked, "phases")}.NAME.{field}.", "set");
        if (matches.Count == 0) return null;
        walked.Add("phases");
        walked.Add(matches[0]["name"]?.GetValue<string>() ?? "?");
        return matches[0];
    }

    // The value as JSON of the kind the field already holds: numbers stay numbers, names of enums stay strings.
    private static JsonNode? Parse(string text, JsonNode? existing, string path)
    {
        if (text.StartsWith('{') || text.StartsWith('[') || text == "null")
        {
            try { return JsonNode.Parse(text); }
            catch (JsonException error) { throw new ArgumentException($"--set {path}: the value is not JSON ({error.Message}).", "set", error); }
        }
        var kind = existing?.GetValueKind();
        if (kind is JsonValueKind.Number or null && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
            return Math.Abs(number % 1) < double.Epsilon && Math.Abs(number) < long.MaxValue ? JsonValue.Create((long)number) : JsonValue.Create(number);
        if (kind is JsonValueKind.True or JsonValueKind.False or null && bool.TryParse(text, out var flag)) return JsonValue.Create(flag);
        if (kind is JsonValueKind.Number) throw new ArgumentException($"--set {path}: expected a number, got '{text}'.", "set");
        if (kind is JsonValueKind.True or JsonValueKind.False) throw new ArgumentException($"--set {path}: expected true or false, got '{text}'.", "set");
        return JsonValue.Create(text);
    }

    private static string Join(IEnumerable<string> walked, string next) => string.Join('.', walked.Append(next).Where(part => part.Length > 0)) is { Length: > 0 } joined ? joined : "the preset";

    // System.Text.Json names the place as "Path: $.training.phases[0].loss"; say which field and what it takes.
    private static string Explain(JsonException error)
    {
        var place = error.Path is { Length: > 1 } jsonPath ? jsonPath.TrimStart('$', '.') : "the file";
        var enumType = EnumName().Match(error.Message);
        if (enumType.Success && typeof(PresetFiles).Assembly.GetType(enumType.Groups[1].Value) is { IsEnum: true } type)
            return $"{place} must be one of {string.Join(", ", Enum.GetNames(type))}.";
        var unmapped = Unmapped().Match(error.Message);
        if (unmapped.Success) return $"'{unmapped.Groups[1].Value}' is not a field of {unmapped.Groups[2].Value.Split('.')[^1].Replace("Config", "")} (at {place}).";
        return $"{place}: {error.Message.Split(" Path:")[0]}";
    }

    [GeneratedRegex(@"converted to ([\w.]+)\.")]
    private static partial Regex EnumName();

    [GeneratedRegex(@"The JSON property '([^']+)' could not be mapped to any \.NET member contained in type '([^']+)'")]
    private static partial Regex Unmapped();
}
