using System.Net;
using System.Text;
using Plotly.NET;

namespace GanLab.Viz;

/// <summary>A standalone HTML page of Plotly charts and images that renders offline (plotly.js is embedded once).</summary>
public sealed class HtmlReport
{
    private readonly StringBuilder body = new();
    private readonly string title;

    /// <summary>Starts a report with a page title.</summary>
    public HtmlReport(string title) => this.title = title;

    /// <summary>Adds a heading.</summary>
    public HtmlReport Heading(string text)
    {
        body.Append("<h2>").Append(WebUtility.HtmlEncode(text)).Append("</h2>\n");
        return this;
    }

    /// <summary>Adds a named anchor, so a link (or a screenshot) can jump to report.html#name.</summary>
    public HtmlReport Anchor(string name)
    {
        body.Append("<a id=\"").Append(WebUtility.HtmlEncode(name)).Append("\"></a>\n");
        return this;
    }

    /// <summary>Adds a paragraph of plain text.</summary>
    public HtmlReport Paragraph(string text)
    {
        body.Append("<p>").Append(WebUtility.HtmlEncode(text)).Append("</p>\n");
        return this;
    }

    /// <summary>Adds a Plotly chart.</summary>
    public HtmlReport Chart(GenericChart chart)
    {
        body.Append("<div class=\"chart\">").Append(GenericChart.toChartHTML(chart)).Append("</div>\n");
        return this;
    }

    /// <summary>Adds a figure given as Plotly JSON (heatmaps, field views).</summary>
    public HtmlReport Figure(PlotlyFigure figure)
    {
        var id = "figure-" + Guid.NewGuid().ToString("N");
        body.Append($"<div class=\"chart\" id=\"{id}\"></div><script type=\"text/javascript\">Plotly.newPlot('{id}',")
            .Append(figure.DataJson.Replace("</", "<\\/", StringComparison.Ordinal)).Append(',').Append(figure.LayoutJson.Replace("</", "<\\/", StringComparison.Ordinal))
            .Append(",{displaylogo:false});</script>\n");
        return this;
    }

    /// <summary>Adds a table of text (escaped).</summary>
    public HtmlReport Table(TextTable table)
    {
        body.Append(table.ToHtml()).Append('\n');
        return this;
    }

    /// <summary>Adds a PNG image inline (data URI), so the page is one file.</summary>
    public HtmlReport Image(byte[] png, string alternativeText)
    {
        body.Append("<img alt=\"").Append(WebUtility.HtmlEncode(alternativeText)).Append("\" src=\"data:image/png;base64,")
            .Append(Convert.ToBase64String(png)).Append("\"/>\n");
        return this;
    }

    /// <summary>Adds audio players, each under its spectrogram (the WAV data inside the page).</summary>
    public HtmlReport Sounds(IReadOnlyList<SoundClip> clips)
    {
        body.Append(SoundPlayers.ToHtml(clips));
        return this;
    }

    /// <summary>The whole page.</summary>
    public string ToHtml() =>
        $"<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>{WebUtility.HtmlEncode(title)}</title>\n" +
        "<style>body{font-family:sans-serif;max-width:1000px;margin:2em auto;color:#222}img{image-rendering:pixelated}</style>\n" +
        $"<script type=\"text/javascript\">{PlotlyScript.Value}</script>\n</head><body>\n<h1>{WebUtility.HtmlEncode(title)}</h1>\n{body}</body></html>\n";

    /// <summary>Writes the page atomically.</summary>
    public void Save(string path) => Core.AtomicFile.WriteAllText(path, ToHtml());

    /// <summary>plotly.js as shipped inside Plotly.NET, safe to put inside a script element.</summary>
    public static string PlotlyJavaScript => PlotlyScript.Value;

    // plotly.js as shipped inside Plotly.NET, so saved reports never reach for a CDN.
    private static readonly Lazy<string> PlotlyScript = new(() =>
    {
        var assembly = typeof(GenericChart).Assembly;
        var name = assembly.GetManifestResourceNames().FirstOrDefault(resource => resource.EndsWith(".min.js", StringComparison.Ordinal))
                   ?? throw new InvalidOperationException("Plotly.NET does not contain plotly.js; charts cannot be embedded.");
        using var stream = assembly.GetManifestResourceStream(name)!;
        using var reader = new StreamReader(stream);
        // A literal "</script>" inside the code would end the tag early.
        return reader.ReadToEnd().Replace("</script", "<\\/script", StringComparison.OrdinalIgnoreCase);
    });
}
