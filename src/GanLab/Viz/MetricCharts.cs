using GanLab.Training;
using Plotly.NET;
using CSharpChart = Plotly.NET.CSharp.Chart;
using Plotly.NET.CSharp;

namespace GanLab.Viz;

/// <summary>Evaluation metrics recorded during image training (`ganlab train --metrics`), against steps.</summary>
public static class MetricCharts
{
    /// <summary>One metric over steps with markers, and the real-vs-real floor as a dashed line when given.</summary>
    public static GenericChart OverSteps(TrainingHistory history, string metric, double? floor = null, string? title = null)
    {
        var points = history.Series(metric);
        if (points.Count == 0)
            throw new ArgumentException($"the history has no '{metric}' measurements (recorded: {string.Join(", ", history.MetricNames.DefaultIfEmpty("none"))}).", nameof(metric));
        var steps = points.Select(point => point.Step).ToArray();
        var charts = new List<GenericChart>
        {
            CSharpChart.Line<int, double, string>(steps, points.Select(point => point.Value).ToArray(), Name: metric, ShowMarkers: true),
        };
        if (floor is { } level)
            charts.Add(CSharpChart.Line<int, double, string>(new[] { steps[0], steps[^1] }, new[] { level, level },
                Name: "real vs real (floor)", LineDash: StyleParam.DrawingStyle.Dash, LineColor: Color.fromString("#888")));
        return CSharpChart.Combine(charts)
            .WithXAxisStyle<int, int, string>(TitleText: "step")
            .WithYAxisStyle<double, double, string>(TitleText: title ?? metric)
            .WithSize(440, 300);
    }
}
