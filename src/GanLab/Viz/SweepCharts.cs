using System.Text.Json;
using GanLab.Experiments;

namespace GanLab.Viz;

/// <summary>Pictures of a two-setting sweep.</summary>
public static class SweepCharts
{
    /// <summary>A heatmap of one measure over the grid, values written in the cells.</summary>
    public static PlotlyFigure Heatmap(SweepResults sweep, string measure, bool higherIsBetter = true)
    {
        var firsts = sweep.Results.Select(result => result.First).Distinct().ToArray();
        var seconds = sweep.Results.Select(result => result.Second).Distinct().ToArray();
        double? Value(string first, string second) =>
            sweep.Results.FirstOrDefault(result => result.First == first && result.Second == second)?.Measures.GetValueOrDefault(measure);
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
            xaxis = new { title = new { text = sweep.SecondName }, type = "category" },
            yaxis = new { title = new { text = sweep.FirstName }, type = "category" },
            title = new { text = measure },
            margin = new { l = 90, r = 10, t = 40, b = 50 },
        };
        return new PlotlyFigure(JsonSerializer.Serialize(data), JsonSerializer.Serialize(layout));
    }
}
