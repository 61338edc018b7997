using GanLab.Training;
using Plotly.NET;
using CSharpChart = Plotly.NET.CSharp.Chart;
using Plotly.NET.CSharp;

namespace GanLab.Viz;

/// <summary>Evaluation metrics recorded during training (image, toy and text runs), against steps.</summary>
public static class MetricCharts
{
    /// <summary>Related metrics (e.g. nll_oracle and nll_test, or bleu2 and self_bleu2) over steps, one line with
    /// markers each, the real-data reference of each as a dashed line when given.</summary>
    public static GenericChart Group(TrainingHistory history, string title, IReadOnlyList<string> names, IReadOnlyDictionary<string, double>? reference = null, int width = 900, int height = 320)
    {
        var present = names.Select(name => (Name: name, Points: history.Series(name))).Where(item => item.Points.Count > 0).ToList();
        if (present.Count == 0)
            throw new ArgumentException($"the history has none of the metrics {string.Join(", ", names)} (recorded: {string.Join(", ", history.MetricNames.DefaultIfEmpty("none"))}).", nameof(names));
        var charts = new List<GenericChart>();
        var values = new List<double>();
        foreach (var (name, points) in present)
        {
            var steps = points.Select(point => point.Step).ToArray();
            charts.Add(CSharpChart.Line<int, double, string>(steps, points.Select(point => point.Value).ToArray(), Name: name, ShowMarkers: true));
            values.AddRange(points.Select(point => point.Value));
            if (reference is null || !reference.TryGetValue(name, out var level)) continue;
            charts.Add(CSharpChart.Line<int, double, string>(new[] { steps[0], steps[^1] }, new[] { level, level },
                Name: $"{name}: real data", LineDash: StyleParam.DrawingStyle.Dash, LineColor: Color.fromString("#888")));
        }
        return TrainingCharts.WithPhaseBoundaries(history, charts, values)
            .WithXAxisStyle<int, int, string>(TitleText: "step")
            .WithYAxisStyle<double, double, string>(TitleText: title)
            .WithSize(width, height);
    }

    /// <summary>One metric over steps with markers, and the real-vs-real floor as a dashed line when given.</summary>
    public static GenericChart OverSteps(TrainingHistory history, string metric, double? floor = null, string? title = null) =>
        Group(history, title ?? metric, new[] { metric }, floor is { } level ? new Dictionary<string, double> { [metric] = level } : null, 440, 300);

    /// <summary>Quality (BLEU) against diversity (self-BLEU) of several settings, e.g. sampling temperatures, each point labelled.</summary>
    public static GenericChart QualityAgainstDiversity(IReadOnlyList<(string Label, double SelfBleu, double Bleu)> points, string name)
    {
        if (points.Count == 0) throw new ArgumentException("no points to draw.", nameof(points));
        return CSharpChart.Line<double, double, string>(points.Select(point => point.SelfBleu).ToArray(), points.Select(point => point.Bleu).ToArray(),
                Name: name, ShowMarkers: true, MultiText: points.Select(point => point.Label).ToArray())
            .WithXAxisStyle<double, double, string>(TitleText: "self-BLEU-2 (lower = more diverse)")
            .WithYAxisStyle<double, double, string>(TitleText: "BLEU-2 (higher = closer to real lines)")
            .WithSize(700, 380);
    }
}
