using System.Net;
using System.Text;
using Markdig;

namespace GanLab.Lessons;

/// <summary>One output of a code cell: HTML to place as is, plain text, or an error.</summary>
/// <param name="Kind">"html", "text" or "error".</param>
/// <param name="Content">The markup or text.</param>
public sealed record PageOutput(string Kind, string Content);

/// <summary>One cell of a lesson page.</summary>
/// <param name="IsMarkdown">Markdown (rendered) or code (shown, with its outputs).</param>
/// <param name="Source">The cell's text.</param>
/// <param name="Outputs">What the code showed, in order.</param>
public sealed record PageCell(bool IsMarkdown, string Source, IReadOnlyList<PageOutput> Outputs);

/// <summary>A lesson as one standalone HTML page: markdown rendered, code shown, outputs inline (charts carry
/// plotly.js from the setup cell's output, images are data URIs), so it opens offline. `ganlab run` writes it for an
/// executed notebook, a lesson app for itself: the same page either way.</summary>
public static class PageHtml
{
    private static readonly MarkdownPipeline Markdown = new MarkdownPipelineBuilder().UseAdvancedExtensions().Build();

    /// <summary>The page of <paramref name="cells"/> titled <paramref name="title"/>.</summary>
    public static string Render(IReadOnlyList<PageCell> cells, string title)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>").Append(WebUtility.HtmlEncode(title)).Append("</title>\n")
            .Append("<style>body{font-family:sans-serif;max-width:1100px;margin:2em auto;color:#222;line-height:1.45}")
            .Append("pre.code{background:#f5f5f7;border-left:3px solid #8a8fd8;padding:.6em;overflow-x:auto;font-size:13px}")
            .Append("pre.text{font-size:13px;overflow-x:auto}pre.error{color:#b00;background:#fff0f0;padding:.6em;white-space:pre-wrap}")
            .Append(".output{margin:.4em 0 1.4em 0}table{border-collapse:collapse}td,th{padding:2px 8px}</style>\n</head><body>\n");
        var number = 0;
        foreach (var cell in cells)
        {
            number++;
            if (cell.IsMarkdown)
            {
                html.Append("<div class=\"markdown\">").Append(MarkdownHtml(cell.Source)).Append("</div>\n");
                continue;
            }
            html.Append($"<pre class=\"code\" id=\"cell-{number}\">").Append(WebUtility.HtmlEncode(cell.Source)).Append("</pre>\n<div class=\"output\">");
            foreach (var output in cell.Outputs)
                html.Append(output.Kind switch
                {
                    "html" => output.Content,
                    "error" => $"<pre class=\"error\">{WebUtility.HtmlEncode(output.Content)}</pre>",
                    _ => $"<pre class=\"text\">{WebUtility.HtmlEncode(output.Content)}</pre>",
                });
            html.Append("</div>\n");
        }
        return html.Append("</body></html>\n").ToString();
    }

    /// <summary>Markdown as HTML, with the pipeline the pages use.</summary>
    public static string MarkdownHtml(string markdown) => Markdig.Markdown.ToHtml(markdown, Markdown);

    /// <summary>The text of the first "# " heading of the markdown cells, or null.</summary>
    public static string? Title(IEnumerable<PageCell> cells) =>
        cells.Where(cell => cell.IsMarkdown).SelectMany(cell => cell.Source.Split('\n'))
            .FirstOrDefault(line => line.StartsWith("# ", StringComparison.Ordinal))?[2..].Trim();
}
