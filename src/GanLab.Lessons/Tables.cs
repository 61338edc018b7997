using GanLab.Viz;
using System.Globalization;
using GanLab.Experiments;
using GanLab.Metrics;
using GanLab.Models;

namespace GanLab.Lessons;

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

    /// <summary>Image metrics of several image sets side by side (e.g. generated, the real floor, manipulated real
    /// images), with an optional copy rate per set.</summary>
    public static TextTable Scores(IEnumerable<(string Name, ImageScores Scores, double? CopyRate)> sets) =>
        new(new[] { "images", "Frechet distance", "KID x 1000", "classifier score", "precision", "recall", "class KL", "confident", "copy rate" },
            sets.Select(set => (IReadOnlyList<string>)new[]
            {
                set.Name, Fixed(set.Scores.FrechetDistance, 2), Fixed(set.Scores.KernelDistance.Mean * 1000, 2) + " ± " + Fixed(set.Scores.KernelDistance.StandardDeviation * 1000, 2),
                Fixed(set.Scores.ClassifierScore, 2), Fixed(set.Scores.Precision, 3), Fixed(set.Scores.Recall, 3), Fixed(set.Scores.ClassKl, 3),
                Fixed(set.Scores.ConfidentShare, 3), set.CopyRate is { } rate ? (100 * rate).ToString("F1", CultureInfo.InvariantCulture) + "%" : "",
            }).ToList());

    /// <summary>A run's evaluation of any kind: each metric of the generated samples beside what real data scores.</summary>
    public static TextTable Evaluation(RunEvaluation evaluation) =>
        new(new[] { "metric", $"{evaluation.Preset}, step {evaluation.Step}", evaluation.Reference.Count > 0 ? evaluation.ReferenceName : "" },
            evaluation.Metrics.Select(pair => (IReadOnlyList<string>)new[]
            {
                pair.Key, pair.Value.ToString("G4", CultureInfo.InvariantCulture),
                evaluation.Reference.TryGetValue(pair.Key, out var reference) ? reference.ToString("G4", CultureInfo.InvariantCulture) : "",
            }).ToList());

    /// <summary>An image run's scores beside the real-vs-real floor, in the columns of <see cref="Scores"/>.</summary>
    public static TextTable ImageEvaluation(RunEvaluation evaluation) => Scores(new[]
    {
        ($"{evaluation.Preset}, step {evaluation.Step}", evaluation.Detail<ImageScores>("generated"), (double?)evaluation.Metrics.GetValueOrDefault("copy_rate", double.NaN)),
        ("held-out real images (floor)", evaluation.Detail<ImageScores>("floor"), (double?)null),
    });

    /// <summary>The mode-coverage numbers reported by VEEGAN and PacGAN (ANCHORS.md), for comparison.</summary>
    public static TextTable CoverageAnchors() =>
        new(new[] { "published result", "ring: modes (of 8) / high quality", "grid: modes (of 25) / high quality" },
            new IReadOnlyList<string>[]
            {
                new[] { "GAN (VEEGAN's table)", "1 / 99.3%", "3.3 / 0.5%" },
                new[] { "Unrolled GAN (VEEGAN's table)", "7.6 / 35.6%", "23.6 / 16%" },
                new[] { "VEEGAN", "8 / 52.9%", "24.6 / 40%" },
                new[] { "GAN (PacGAN's table)", "6.3 / 98.2%", "17.3 / 94.8%" },
                new[] { "PacGAN4", "7.8 / 95.9%", "24.8 / 93.6%" },
            });

    private static string Fixed(double value, int decimals) => value.ToString("F" + decimals, CultureInfo.InvariantCulture);

    private static string Count(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
