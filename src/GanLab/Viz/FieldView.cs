using System.Text.Json;

namespace GanLab.Viz;

/// <summary>A Plotly figure as JSON (data and layout), drawn by plotly.js as is.</summary>
/// <param name="DataJson">The traces.</param>
/// <param name="LayoutJson">The layout (axes, sliders).</param>
public sealed record PlotlyFigure(string DataJson, string LayoutJson);

/// <summary>GAN Lab's picture of a 2-D GAN as a Plotly figure; several snapshots become one figure with a step slider.</summary>
public static class FieldView
{
    /// <summary>One snapshot: heatmap of D, noise manifold, real (green) and fake (purple) points, push arrows.</summary>
    public static PlotlyFigure Figure(FieldSnapshot snapshot, int size = 560) => Slider(new[] { snapshot }, size);

    /// <summary>All snapshots in one figure; a slider (and play button) shows one step at a time. Works in saved HTML.</summary>
    public static PlotlyFigure Slider(IReadOnlyList<FieldSnapshot> snapshots, int size = 560)
    {
        if (snapshots.Count == 0) throw new ArgumentException("no snapshots to show.", nameof(snapshots));
        var traces = new List<object>();
        foreach (var (snapshot, index) in snapshots.Select((snapshot, index) => (snapshot, index)))
            traces.AddRange(Traces(snapshot, visible: index == snapshots.Count - 1));
        var perSnapshot = traces.Count / snapshots.Count;
        var extent = snapshots[0].Extent;
        var steps = snapshots.Select((snapshot, index) => new
        {
            label = snapshot.Step.ToString(System.Globalization.CultureInfo.InvariantCulture),
            method = "restyle",
            args = new object[] { "visible", Enumerable.Range(0, traces.Count).Select(trace => trace / perSnapshot == index).ToArray() },
        }).ToArray();
        var layout = new Dictionary<string, object>
        {
            ["width"] = size, ["height"] = size + (snapshots.Count > 1 ? 90 : 0),
            ["xaxis"] = new { range = new[] { -extent, extent }, zeroline = false, constrain = "domain" },
            ["yaxis"] = new { range = new[] { -extent, extent }, zeroline = false, scaleanchor = "x" },
            ["margin"] = new { l = 40, r = 10, t = 30, b = 40 },
            ["showlegend"] = true,
            ["legend"] = new { orientation = "h", y = -0.08 },
            ["title"] = new { text = snapshots.Count > 1 ? "drag the slider to replay training" : $"step {snapshots[0].Step}", x = 0.02, xanchor = "left" },
        };
        if (snapshots.Count > 1)
            layout["sliders"] = new[] { new { active = snapshots.Count - 1, currentvalue = new { prefix = "step " }, pad = new { t = 60 }, steps } };
        return new PlotlyFigure(JsonSerializer.Serialize(traces), JsonSerializer.Serialize(layout));
    }

    private static IEnumerable<object> Traces(FieldSnapshot snapshot, bool visible)
    {
        var axis = Enumerable.Range(0, FieldSnapshot.Resolution)
            .Select(index => -snapshot.Extent + 2 * snapshot.Extent * index / (FieldSnapshot.Resolution - 1)).ToArray();
        // GAN Lab's colouring: green where D says real, purple where it says fake, grey where it cannot tell.
        yield return new
        {
            type = "heatmap", x = axis, y = axis, z = snapshot.Probability, zmin = 0, zmax = 1, visible, name = "D(x)", opacity = 0.55,
            colorscale = new object[] { new object[] { 0, "#8e44ad" }, new object[] { 0.5, "#f2f2f2" }, new object[] { 1, "#27ae60" } },
            colorbar = new { title = new { text = "D(x)" }, len = 0.6 }, showlegend = false,
        };
        var (manifoldX, manifoldY) = ManifoldLines(snapshot.Manifold);
        yield return new { type = "scatter", mode = "lines", x = manifoldX, y = manifoldY, visible, name = "G's noise grid", line = new { color = "rgba(90,90,90,0.35)", width = 1 } };
        yield return Points(snapshot.Real, "real", "#1e8449", visible);
        yield return Points(snapshot.Fake, "generated", "#7d3c98", visible);
        var (arrowX, arrowY) = Arrows(snapshot.Fake, snapshot.Push, 0.08 * snapshot.Extent);
        yield return new { type = "scatter", mode = "lines", x = arrowX, y = arrowY, visible, name = "G's push", line = new { color = "#c0392b", width = 1 } };
    }

    private static object Points(double[][] points, string name, string colour, bool visible) => new
    {
        type = "scatter", mode = "markers", name, visible,
        x = points.Select(point => point[0]).ToArray(), y = points.Select(point => point[1]).ToArray(),
        marker = new { color = colour, size = 4, opacity = 0.8 },
    };

    // Rows and columns of the warped noise grid as polylines separated by gaps (null).
    private static (double?[] X, double?[] Y) ManifoldLines(double[][] manifold)
    {
        var side = FieldSnapshot.ManifoldSide;
        var x = new List<double?>();
        var y = new List<double?>();
        for (var line = 0; line < side; line++)
        {
            foreach (var byRow in new[] { true, false })
            {
                for (var position = 0; position < side; position++)
                {
                    var point = manifold[byRow ? line * side + position : position * side + line];
                    x.Add(point[0]);
                    y.Add(point[1]);
                }
                x.Add(null);
                y.Add(null);
            }
        }
        return (x.ToArray(), y.ToArray());
    }

    // Each arrow's length is scaled to the largest push, so directions and relative strengths both show.
    private static (double?[] X, double?[] Y) Arrows(double[][] from, double[][] push, double longest)
    {
        var largest = Math.Max(1e-12, push.Max(vector => Math.Sqrt(vector[0] * vector[0] + vector[1] * vector[1])));
        var x = new List<double?>();
        var y = new List<double?>();
        for (var index = 0; index < from.Length; index++)
        {
            x.AddRange(new double?[] { from[index][0], from[index][0] + longest * push[index][0] / largest, null });
            y.AddRange(new double?[] { from[index][1], from[index][1] + longest * push[index][1] / largest, null });
        }
        return (x.ToArray(), y.ToArray());
    }
}
