using GanLab.Training;
using Plotly.NET;
using CSharpChart = Plotly.NET.CSharp.Chart;
using Plotly.NET.CSharp;

namespace GanLab.Viz;

/// <summary>Plotly charts of a training history: losses, D(x) and D(G(z)), gradient norms.</summary>
public static class TrainingCharts
{
    /// <summary>d_loss and g_loss over steps.</summary>
    public static GenericChart Losses(TrainingHistory history) =>
        Lines(history, "loss", ("d_loss", row => row.DiscriminatorLoss), ("g_loss", row => row.GeneratorLoss));

    /// <summary>D(x) and D(G(z)) over steps: when they meet near 0.5 (cross-entropy losses) D can no longer tell.</summary>
    public static GenericChart DiscriminatorOutputs(TrainingHistory history) =>
        Lines(history, "D output", ("D(x)", row => row.DiscriminatorReal), ("D(G(z))", row => row.DiscriminatorFake));

    /// <summary>Gradient norms of G and D: a G norm collapsing towards 0 is the vanishing-gradient problem.</summary>
    public static GenericChart GradientNorms(TrainingHistory history) =>
        Lines(history, "gradient L2 norm", ("G", row => row.GeneratorGradientNorm), ("D", row => row.DiscriminatorGradientNorm));

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

    private static GenericChart Lines(TrainingHistory history, string yTitle, params (string Name, Func<HistoryRow, double> Value)[] series)
    {
        // Raw values are noisy step to step; a faint raw line under a moving average shows both spread and trend.
        var charts = series.SelectMany(item =>
        {
            // Quantities measured only every few steps (gradient norms) are NaN in between: draw the measured steps.
            var measured = Thin(history.Rows.Where(row => double.IsFinite(item.Value(row))).ToList(), 2000);
            var steps = measured.Select(row => row.Step).ToArray();
            var values = measured.Select(item.Value).ToArray();
            var window = Math.Max(1, measured.Count / 50);
            if (window == 1) return new[] { CSharpChart.Line<int, double, string>(steps, values, Name: item.Name) };
            return new[]
            {
                CSharpChart.Line<int, double, string>(steps, values, Name: item.Name + " (raw)", Opacity: 0.25),
                CSharpChart.Line<int, double, string>(steps, MovingAverage(values, window), Name: $"{item.Name} (mean of {window})"),
            };
        });
        return CSharpChart.Combine(charts)
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
