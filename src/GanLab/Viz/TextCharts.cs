using GanLab.Training.Text;
using Plotly.NET;
using CSharpChart = Plotly.NET.CSharp.Chart;
using Plotly.NET.CSharp;

namespace GanLab.Viz;

/// <summary>Charts of a text run: losses per phase and the text metrics over steps.</summary>
public static class TextCharts
{
    /// <summary>The named metrics (e.g. nll_oracle and nll_test, or bleu2 and self_bleu2) against steps, one line with markers each.</summary>
    public static GenericChart Metrics(TextHistory history, string yTitle, params string[] names)
    {
        var charts = names.Select(name => (Name: name, Points: history.Series(name))).Where(item => item.Points.Count > 0)
            .Select(item => CSharpChart.Line<int, double, string>(item.Points.Select(point => point.Step).ToArray(),
                item.Points.Select(point => point.Value).ToArray(), Name: item.Name, ShowMarkers: true)).ToList();
        if (charts.Count == 0) throw new ArgumentException($"the history has none of the metrics {string.Join(", ", names)}.", nameof(names));
        var values = names.SelectMany(name => history.Series(name).Select(point => point.Value)).ToList();
        return WithPhaseBoundary(history, charts, values)
            .WithXAxisStyle<int, int, string>(TitleText: "step")
            .WithYAxisStyle<double, double, string>(TitleText: yTitle)
            .WithSize(900, 320);
    }

    /// <summary>G's loss (MLE NLL, then the adversarial loss) and D's loss over steps, moving averages over the raw values.</summary>
    public static GenericChart Losses(TextHistory history)
    {
        var series = new (string Name, Func<TextHistoryRow, double> Value)[]
        {
            ("MLE loss (NLL per token)", row => row.Phase == "mle" ? row.GeneratorLoss : double.NaN),
            ("adversarial g_loss", row => row.Phase == "adversarial" ? row.GeneratorLoss : double.NaN),
            ("d_loss", row => row.DiscriminatorLoss),
        };
        var plotted = new List<double>();
        var charts = new List<GenericChart>();
        foreach (var (name, value) in series)
        {
            var rows = history.Rows.Where(row => double.IsFinite(value(row))).ToList();
            if (rows.Count == 0) continue;
            var averages = TrainingCharts.MovingAverage(rows.Select(value).ToArray(), Math.Max(1, rows.Count / 50));
            plotted.AddRange(averages);
            charts.Add(CSharpChart.Line<int, double, string>(rows.Select(row => row.Step).ToArray(), averages, Name: name));
        }
        return WithPhaseBoundary(history, charts, plotted)
            .WithXAxisStyle<int, int, string>(TitleText: "step")
            .WithYAxisStyle<double, double, string>(TitleText: "loss (moving average)")
            .WithSize(900, 320);
    }

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

    // A dashed vertical line where MLE pretraining ends and the adversarial phase begins, spanning the plotted values.
    private static GenericChart WithPhaseBoundary(TextHistory history, IReadOnlyList<GenericChart> charts, IReadOnlyCollection<double> values)
    {
        var firstAdversarial = history.Rows.FirstOrDefault(row => row.Phase == "adversarial");
        if (firstAdversarial is null || firstAdversarial.Step <= 1 || values.Count == 0) return CSharpChart.Combine(charts);
        var boundary = firstAdversarial.Step - 0.5;
        var marker = CSharpChart.Line<double, double, string>(new[] { boundary, boundary }, new[] { values.Min(), values.Max() },
            Name: "adversarial phase starts", LineDash: StyleParam.DrawingStyle.Dash, LineColor: Color.fromString("#888"));
        return CSharpChart.Combine(charts.Append(marker));
    }
}
