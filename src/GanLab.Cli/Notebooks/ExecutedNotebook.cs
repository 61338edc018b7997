using System.Text.Json.Nodes;

namespace GanLab.Cli.Notebooks;

/// <summary>A cell that failed: its position, first source line and the error text.</summary>
internal sealed record CellError(int CellNumber, string FirstLine, string Message);

/// <summary>An .ipynb read as JSON: its cells, their errors, and clean-up of superseded live outputs.</summary>
internal sealed class ExecutedNotebook
{
    private const string LiveMarker = Core.HostConventions.LiveViewAttribute + "=\"";

    private ExecutedNotebook(string path, JsonObject root)
    {
        Path = path;
        Root = root;
    }

    public string Path { get; }
    public JsonObject Root { get; }
    public JsonArray Cells => Root["cells"] as JsonArray ?? new JsonArray();

    public static ExecutedNotebook Load(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: no such notebook.", path);
        try
        {
            var root = JsonNode.Parse(File.ReadAllText(path)) as JsonObject
                       ?? throw new InvalidDataException($"{path}: not a notebook (the JSON is not an object).");
            if (root["cells"] is not JsonArray) throw new InvalidDataException($"{path}: not a notebook (no \"cells\" array).");
            return new ExecutedNotebook(path, root);
        }
        catch (System.Text.Json.JsonException error)
        {
            throw new InvalidDataException($"{path}: not a notebook (invalid JSON: {error.Message}).", error);
        }
    }

    public static string Text(JsonNode? node) => node switch
    {
        JsonArray lines => string.Concat(lines.Select(line => line?.GetValue<string>() ?? "")),
        JsonValue value => value.GetValue<string>(),
        _ => "",
    };

    /// <summary>Code cells with an error output (or a stderr stream saying so), in order.</summary>
    public IReadOnlyList<CellError> Errors()
    {
        var errors = new List<CellError>();
        var number = 0;
        foreach (var cell in Cells.OfType<JsonObject>())
        {
            number++;
            if (Text(cell["cell_type"]) != "code" || cell["outputs"] is not JsonArray outputs) continue;
            foreach (var output in outputs.OfType<JsonObject>())
            {
                if (Text(output["output_type"]) != "error") continue;
                var message = Text(output["evalue"]);
                if (message.Length == 0 && output["traceback"] is JsonArray trace) message = string.Join(" ", trace.Select(line => line?.GetValue<string>()));
                var source = Text(cell["source"]).Split('\n').FirstOrDefault(line => line.Trim().Length > 0)?.Trim() ?? "";
                errors.Add(new CellError(number, source, message.Trim()));
                break;
            }
        }
        return errors;
    }

    /// <summary>
    /// Headless runs record every update of an in-place display as a new output. Keeps only the last output of each
    /// GanLab live view and of the kernel's package-installation progress, as a notebook front end would show them.
    /// </summary>
    public void DropSupersededOutputs()
    {
        foreach (var cell in Cells.OfType<JsonObject>())
        {
            if (cell["outputs"] is not JsonArray outputs) continue;
            var kept = new List<JsonNode>();
            string? previousKey = null;
            foreach (var output in outputs.Where(output => output is not null).Select(output => output!))
            {
                var key = SupersedeKey(output);
                if (key is not null && key == previousKey) kept[^1] = output;
                else kept.Add(output);
                previousKey = key;
            }
            var copies = kept.Select(output => output.DeepClone()).ToList();
            outputs.Clear();
            foreach (var output in copies) outputs.Add(output);
        }
    }

    /// <summary>The cells as a lesson page's cells (outputs as HTML, text or errors, as a front end shows them).</summary>
    public IReadOnlyList<GanLab.Lessons.PageCell> ToPage() => Cells.OfType<JsonObject>().Select(cell => new GanLab.Lessons.PageCell(
        Text(cell["cell_type"]) == "markdown", Text(cell["source"]),
        (cell["outputs"] as JsonArray ?? new JsonArray()).OfType<JsonObject>().Select(Output).Where(output => output is not null).Select(output => output!).ToList())).ToList();

    private static GanLab.Lessons.PageOutput? Output(JsonObject output)
    {
        var kind = Text(output["output_type"]);
        if (kind == "error") return new("error", Text(output["ename"]) + ": " + Text(output["evalue"]));
        if (kind == "stream") return new("text", Text(output["text"]));
        if (output["data"] is not JsonObject data) return null;
        if (data["text/html"] is { } markup) return new("html", Text(markup));
        if (data["image/png"] is { } png) return new("html", $"<img src=\"data:image/png;base64,{Text(png).Trim()}\"/>");
        if (data["image/svg+xml"] is { } svg) return new("html", Text(svg));
        if (data["text/markdown"] is { } markdown) return new("html", GanLab.Lessons.PageHtml.MarkdownHtml(Text(markdown)));
        return data["text/plain"] is { } text ? new("text", Text(text)) : null;
    }

    public void Save(string path) => Core.AtomicFile.WriteAllText(path, Root.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));

    private static string? SupersedeKey(JsonNode output)
    {
        var html = Text(output["data"]?["text/html"]);
        var marker = html.IndexOf(LiveMarker, StringComparison.Ordinal);
        if (marker >= 0)
        {
            var start = marker + LiveMarker.Length;
            return "live:" + html[start..html.IndexOf('"', start)];
        }
        return html.Contains("<strong>Installing Packages</strong>", StringComparison.Ordinal)
               || html.Contains("<strong>Installed Packages</strong>", StringComparison.Ordinal) ? "packages" : null;
    }
}
