using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Markdig;

namespace GanLab.Cli.Notebooks;

/// <summary>An executed notebook as one standalone HTML page: markdown rendered, code shown, outputs inline
/// (charts carry plotly.js from the setup cell's output, images are data URIs), so it opens offline.</summary>
internal static class NotebookHtml
{
    private static readonly MarkdownPipeline Markdown = new MarkdownPipelineBuilder().UseAdvancedExtensions().Build();

    public static string Render(ExecutedNotebook notebook, string title)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>").Append(WebUtility.HtmlEncode(title)).Append("</title>\n")
            .Append("<style>body{font-family:sans-serif;max-width:1100px;margin:2em auto;color:#222;line-height:1.45}")
            .Append("pre.code{background:#f5f5f7;border-left:3px solid #8a8fd8;padding:.6em;overflow-x:auto;font-size:13px}")
            .Append("pre.text{font-size:13px;overflow-x:auto}pre.error{color:#b00;background:#fff0f0;padding:.6em;white-space:pre-wrap}")
            .Append(".output{margin:.4em 0 1.4em 0}table{border-collapse:collapse}td,th{padding:2px 8px}</style>\n</head><body>\n");
        var number = 0;
        foreach (var cell in notebook.Cells.OfType<JsonObject>())
        {
            number++;
            var source = ExecutedNotebook.Text(cell["source"]);
            if (ExecutedNotebook.Text(cell["cell_type"]) == "markdown")
            {
                html.Append("<div class=\"markdown\">").Append(Markdig.Markdown.ToHtml(source, Markdown)).Append("</div>\n");
                continue;
            }
            html.Append($"<pre class=\"code\" id=\"cell-{number}\">").Append(WebUtility.HtmlEncode(source)).Append("</pre>\n<div class=\"output\">");
            if (cell["outputs"] is JsonArray outputs)
                foreach (var output in outputs.OfType<JsonObject>()) html.Append(Output(output));
            html.Append("</div>\n");
        }
        return html.Append("</body></html>\n").ToString();
    }

    private static string Output(JsonObject output)
    {
        var kind = ExecutedNotebook.Text(output["output_type"]);
        if (kind == "error")
            return $"<pre class=\"error\">{WebUtility.HtmlEncode(ExecutedNotebook.Text(output["ename"]) + ": " + ExecutedNotebook.Text(output["evalue"]))}</pre>";
        if (kind == "stream")
            return $"<pre class=\"text\">{WebUtility.HtmlEncode(ExecutedNotebook.Text(output["text"]))}</pre>";
        if (output["data"] is not JsonObject data) return "";
        if (data["text/html"] is { } markup) return ExecutedNotebook.Text(markup);
        if (data["image/png"] is { } png) return $"<img src=\"data:image/png;base64,{ExecutedNotebook.Text(png).Trim()}\"/>";
        if (data["image/svg+xml"] is { } svg) return ExecutedNotebook.Text(svg);
        if (data["text/markdown"] is { } markdown) return Markdig.Markdown.ToHtml(ExecutedNotebook.Text(markdown), Markdown);
        if (data["text/plain"] is { } text) return $"<pre class=\"text\">{WebUtility.HtmlEncode(ExecutedNotebook.Text(text))}</pre>";
        return "";
    }
}
