using GanLab.Viz;
using System.Globalization;
using GanLab.Experiments;
using GanLab.Metrics;
using GanLab.Models;

namespace GanLab.Interactive;

/// <summary>Library results as notebook tables.</summary>
public static class Tables
{
    /// <summary>Layers with parameters, and the totals per network.</summary>
    public static TextTable Architecture(GanModel model)
    {
        var layers = ModelSummary.Describe(model);
        var rows = layers.Select(layer => (IReadOnlyList<string>)new[] { layer.Network, layer.Layer, layer.Kind, layer.Shapes, Count(layer.Parameters) }).ToList();
        foreach (var network in new[] { "generator", "discriminator" })
            rows.Add(new[] { network, "total", "", "", Count(layers.Where(layer => layer.Network == network).Sum(layer => layer.Parameters)) });
        return new TextTable(new[] { "network", "layer", "kind", "parameters", "count" }, rows);
    }

    /// <summary>Mode coverage results side by side, one row per named run.</summary>
    public static TextTable Coverage(IEnumerable<(string Name, ModeCoverageResult Result)> runs) =>
        new(new[] { "run", "modes covered", "high quality", "reverse KL" },
            runs.Select(run => (IReadOnlyList<string>)new[]
            {
                run.Name, $"{run.Result.ModesCovered} / {run.Result.ModeCount}",
                (100 * run.Result.HighQualityFraction).ToString("F1", CultureInfo.InvariantCulture) + "%",
                run.Result.ReverseKl.ToString("F3", CultureInfo.InvariantCulture),
            }).ToList());

    /// <summary>A sweep's settings and measures, one row per run.</summary>
    public static TextTable Sweep(SweepResults sweep)
    {
        var measures = sweep.Results.SelectMany(result => result.Measures.Keys).Distinct().ToList();
        return new TextTable(new[] { sweep.FirstName, sweep.SecondName }.Concat(measures).Append("seconds").ToList(),
            sweep.Results.Select(result => (IReadOnlyList<string>)new[] { result.First, result.Second }
                .Concat(measures.Select(measure => result.Measures.TryGetValue(measure, out var value) ? value.ToString("G4", CultureInfo.InvariantCulture) : ""))
                .Append(result.Seconds.ToString("F0", CultureInfo.InvariantCulture)).ToList()).ToList());
    }

    private static string Count(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
