using GanLab.Training;
using Plotly.NET;
using CSharpChart = Plotly.NET.CSharp.Chart;
using Plotly.NET.CSharp;

namespace GanLab.Viz;

/// <summary>Plotly charts of a training history of any family: losses (per phase), D(x) and D(G(z)), gradient norms,
/// any step column; dashed lines mark where one phase ends and the next begins.</summary>
public static class TrainingCharts
{
    /// <summary>g_loss (one series per phase: MLE NLL, then the adversarial loss) and d_loss over steps, each drawn
    /// with at most <paramref name="points"/> points (live views redraw often and keep it small).</summary>
    public static GenericChart Losses(TrainingHistory history, int points = 2000)
    {
        var phases = history.Phases;
        var series = phases.Select(phase => (Name: phases.Count > 1 ? $"g_loss ({phase})" : "g_loss",
                Value: (Func<HistoryRow, double>)(row => row.Phase == phase ? row.GeneratorLoss : double.NaN)))
            .Append(("d_loss", row => row.DiscriminatorLoss)).ToArray();
        return Lines(history, "loss", series, points);
    }

    /// <summary>D(x) and D(G(z)) over steps: when they meet near 0.5 (cross-entropy losses) D can no longer tell.</summary>
    public static GenericChart DiscriminatorOutputs(TrainingHistory history) =>
        Lines(history, "D output", new (string, Func<HistoryRow, double>)[] { ("D(x)", row => row.DiscriminatorReal), ("D(G(z))", row => row.DiscriminatorFake) });

    /// <summary>Gradient norms of G and D: a G norm collapsing towards 0 is the vanishing-gradient problem.</summary>
    public static GenericChart GradientNorms(TrainingHistory history) =>
        Lines(history, "gradient L2 norm", new (string, Func<HistoryRow, double>)[] { ("G", row => row.GeneratorGradientNorm), ("D", row => row.DiscriminatorGradientNorm) });

    /// <summary>One step column (e.g. temperature) over steps.</summary>
    public static GenericChart Column(TrainingHistory history, string column) => Lines(history, column, new (string, Func<HistoryRow, double>)[] { (column, row => row[column]) });

    /// <summary>True when the history has at least one finite value of <paramref name="value"/>.</summary>
    public static bool Has(TrainingHistory history, Func<HistoryRow, double> value) => history.Rows.Any(row => double.IsFinite(value(row)));

    /// <summary>One quantity of several runs on shared axes (moving average), e.g. g_grad_norm for each loss.</summary>
    public static GenericChart Compare(IEnumerable<(string Name, TrainingHistory History)> runs, string quantity, Func<HistoryRow, double> value, bool logarithmic = false)
    {
        var charts = runs.Select(run =>
        {
            var rows = Thin(run.History.Rows.Where(row => double.IsFinite(value(row))).ToList(), 2000);
            var values = rows.Select(value).ToArray();
            return CSharpChart.Line<int, double, string>(rows.Select(row => row.Step).ToArray(), MovingAverage(values, Math.Max(1, rows.Count / 50)), Name: run.Name);
        });
        return CSharpChart.Combine(charts)
            .WithXAxisStyle<int, int, string>(TitleText: "step")
            .WithYAxisStyle<double, double, string>(TitleText: quantity, AxisType: logarithmic ? StyleParam.AxisType.Log : StyleParam.AxisType.Linear)
            .WithSize(900, 340);
    }

    /// <summary>The charts plus a dashed vertical line where each phase after the first begins, spanning <paramref name="values"/>.</summary>
    internal static GenericChart WithPhaseBoundaries(TrainingHistory history, IReadOnlyList<GenericChart> charts, IReadOnlyCollection<double> values)
    {
        var finite = values.Where(double.IsFinite).ToList();
        var starts = history.Rows.Where((row, index) => index > 0 && row.Phase != history.Rows[index - 1].Phase).ToList();
        if (starts.Count == 0 || finite.Count == 0) return CSharpChart.Combine(charts);
        var markers = starts.Select(row => CSharpChart.Line<double, double, string>(new[] { row.Step - 0.5, row.Step - 0.5 }, new[] { finite.Min(), finite.Max() },
            Name: $"{row.Phase} phase starts", LineDash: StyleParam.DrawingStyle.Dash, LineColor: Color.fromString("#888")));
        return CSharpChart.Combine(charts.Concat(markers));
    }

    private static GenericChart Lines(TrainingHistory history, string yTitle, (string Name, Func<HistoryRow, double> Value)[] series, int points = 2000)
    {
        var plotted = new List<double>();
        // Raw values are noisy step to step; a faint raw line under a moving average shows both spread and trend.
        var charts = series.SelectMany(item =>
        {
            // Quantities measured only every few steps (gradient norms) are NaN in between: draw the measured steps.
            var measured = Thin(history.Rows.Where(row => double.IsFinite(item.Value(row))).ToList(), points);
            if (measured.Count == 0) return Array.Empty<GenericChart>();
            var steps = measured.Select(row => row.Step).ToArray();
            var values = measured.Select(item.Value).ToArray();
            plotted.AddRange(values);
            var window = Math.Max(1, measured.Count / 50);
            if (window == 1) return new[] { CSharpChart.Line<int, double, string>(steps, values, Name: item.Name) };
            return new[]
            {
                CSharpChart.Line<int, double, string>(steps, values, Name: item.Name + " (raw)", Opacity: 0.25),
                CSharpChart.Line<int, double, string>(steps, MovingAverage(values, window), Name: $"{item.Name} (mean of {window})"),
            };
        }).ToList();
        return WithPhaseBoundaries(history, charts, plotted)
            .WithXAxisStyle<int, int, string>(TitleText: "step")
            .WithYAxisStyle<double, double, string>(TitleText: yTitle)
            .WithSize(900, 320);
    }

    internal static double[] MovingAverage(double[] values, int window)
    {
        var averages = new double[values.Length];
        var sum = 0.0;
        for (var index = 0; index < values.Length; index++)
        {
            sum += values[index];
            if (index >= window) sum -= values[index - window];
            averages[index] = sum / Math.Min(index + 1, window);
        }
        return averages;
    }

    // Long runs have tens of thousands of rows; every k-th row keeps the page light and the curve's shape.
    private static IReadOnlyList<HistoryRow> Thin(IReadOnlyList<HistoryRow> rows, int most)
    {
        if (rows.Count <= most) return rows;
        var stride = (int)Math.Ceiling(rows.Count / (double)most);
        return rows.Where((row, index) => index % stride == 0 || index == rows.Count - 1).ToList();
    }
}
