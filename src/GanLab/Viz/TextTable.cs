using System.Net;
using System.Text;

namespace GanLab.Viz;

/// <summary>Rows of text with column headings, shown as an HTML table (text GAN samples, sweep results).</summary>
/// <param name="Headings">Column titles.</param>
/// <param name="Rows">Cells, one array per row.</param>
public sealed record TextTable(IReadOnlyList<string> Headings, IReadOnlyList<IReadOnlyList<string>> Rows)
{
    /// <summary>Generated and (optionally) real samples in two columns.</summary>
    public static TextTable Samples(IReadOnlyList<string> generated, IReadOnlyList<string>? real = null)
    {
        var count = Math.Max(generated.Count, real?.Count ?? 0);
        var rows = Enumerable.Range(0, count).Select(index => (IReadOnlyList<string>)(real is null
            ? new[] { index < generated.Count ? generated[index] : "" }
            : new[] { index < generated.Count ? generated[index] : "", index < real.Count ? real[index] : "" })).ToList();
        return new TextTable(real is null ? new[] { "generated" } : new[] { "generated", "real" }, rows);
    }

    /// <summary>An HTML table with escaped cells.</summary>
    public string ToHtml()
    {
        var html = new StringBuilder("<table style=\"border-collapse:collapse;font-family:sans-serif;font-size:13px\"><thead><tr>");
        foreach (var heading in Headings) html.Append("<th style=\"border-bottom:1px solid #888;padding:2px 10px;text-align:left\">").Append(WebUtility.HtmlEncode(heading)).Append("</th>");
        html.Append("</tr></thead><tbody>");
        foreach (var row in Rows)
        {
            html.Append("<tr>");
            foreach (var cell in row) html.Append("<td style=\"padding:2px 10px\">").Append(WebUtility.HtmlEncode(cell)).Append("</td>");
            html.Append("</tr>");
        }
        return html.Append("</tbody></table>").ToString();
    }
}
