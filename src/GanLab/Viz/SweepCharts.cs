using System.Text.Json;

namespace GanLab.Viz;

/// <summary>Pictures of a two-setting sweep.</summary>
public static class SweepCharts
{
    /// <summary>A heatmap of one measure over a grid of two settings, values written in the cells.</summary>
    /// <param name="firstName">The setting down the rows.</param>
    /// <param name="secondName">The setting across the columns.</param>
    /// <param name="cells">(row value, column value, measure) per trial; null where not measured.</param>
    /// <param name="measure">Name of the measure (title and colour bar).</param>
    /// <param name="higherIsBetter">Colours: bright for high values when true.</param>
    public static PlotlyFigure Heatmap(string firstName, string secondName, IReadOnlyList<(string First, string Second, double? Value)> cells, string measure, bool higherIsBetter = true)
    {
        var firsts = cells.Select(cell => cell.First).Distinct().ToArray();
        var seconds = cells.Select(cell => cell.Second).Distinct().ToArray();
        double? Value(string first, string second) => cells.FirstOrDefault(cell => cell.First == first && cell.Second == second).Value;
        var z = firsts.Select(first => seconds.Select(second => Value(first, second)).ToArray()).ToArray();
        var data = new object[]
        {
            new
            {
                type = "heatmap", x = seconds, y = firsts, z, colorscale = "Viridis", reversescale = !higherIsBetter,
                texttemplate = "%{z:.3g}", colorbar = new { title = new { text = measure } },
            },
        };
        var layout = new
        {
            width = 560, height = 120 + 70 * firsts.Length,
            xaxis = new { title = new { text = secondName }, type = "category" },
            yaxis = new { title = new { text = firstName }, type = "category" },
            title = new { text = measure },
            margin = new { l = 90, r = 10, t = 40, b = 50 },
        };
        return new PlotlyFigure(JsonSerializer.Serialize(data), JsonSerializer.Serialize(layout));
    }
}
