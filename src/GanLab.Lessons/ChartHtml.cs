using Plotly.NET;

namespace GanLab.Lessons;

/// <summary>Plotly charts as notebook HTML that works offline: plotly.js is sent once per session (by
/// <see cref="DisplayHtml.SetupSummary"/>), every chart then draws itself as soon as plotly.js is there.</summary>
public static class ChartHtml
{
    /// <summary>The script element that defines window.Plotly (plotly.js as shipped inside Plotly.NET, ~3.5 MB).</summary>
    public static string PlotlyScriptElement() =>
        "<script type=\"text/javascript\">" + Viz.HtmlReport.PlotlyJavaScript + "</script>" +
        "<script type=\"text/javascript\">(window.ganlabDrawQueue||[]).forEach(function(draw){draw();});window.ganlabDrawQueue=[];</script>";

    /// <summary>A chart as a div plus a script that draws it now, or once plotly.js has arrived.</summary>
    public static string Render(GenericChart chart) =>
        // Plotly.NET's own HTML for the chart calls Plotly.newPlot; insert it (and run its scripts) only when Plotly exists.
        Deferred($"var box=document.createElement('div');box.innerHTML=({JavaScriptString(GenericChart.toChartHTML(chart))});host.appendChild(box);" +
                 "box.querySelectorAll('script').forEach(function(old){var s=document.createElement('script');s.text=old.text;old.replaceWith(s);});");

    /// <summary>A figure given as Plotly JSON (field views, sliders), drawn the same deferred way.</summary>
    public static string Render(Viz.PlotlyFigure figure) =>
        Deferred($"var box=document.createElement('div');host.appendChild(box);Plotly.newPlot(box,{ScriptSafe(figure.DataJson)},{ScriptSafe(figure.LayoutJson)},{{displaylogo:false}});");

    private static string Deferred(string drawBody)
    {
        var id = "ganlab-" + Guid.NewGuid().ToString("N");
        return $"<div id=\"{id}\" class=\"ganlab-chart\"></div>" +
               "<script type=\"text/javascript\">(function(){" +
               $"var host=document.getElementById('{id}');function draw(){{{drawBody}}}" +
               "if(window.Plotly){draw();}else{(window.ganlabDrawQueue=window.ganlabDrawQueue||[]).push(draw);}" +
               "})();</script>";
    }

    // A JSON value placed inside a script element: "</" would end the element early.
    private static string ScriptSafe(string json) => json.Replace("</", "<\\/", StringComparison.Ordinal);

    private static string JavaScriptString(string text) => ScriptSafe(System.Text.Json.JsonSerializer.Serialize(text));
}
