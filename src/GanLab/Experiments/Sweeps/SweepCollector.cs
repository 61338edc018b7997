using System.Globalization;
using System.Text;
using GanLab.Core;
using GanLab.Training;
using GanLab.Viz;

namespace GanLab.Experiments.Sweeps;

/// <summary>A sweep's results gathered from its trial folders.</summary>
/// <param name="Sweep">The sweep's name.</param>
/// <param name="TrialCount">Trials the sweep has.</param>
/// <param name="Results">Finished trials, by index.</param>
/// <param name="Missing">Trials without a result: not run yet, running, or failed (their folder's log says why).</param>
public sealed record SweepCollection(string Sweep, int TrialCount, IReadOnlyList<TrialResult> Results, IReadOnlyList<int> Missing)
{
    /// <summary>One line: how many are done, which are missing.</summary>
    public string Status => Missing.Count == 0
        ? $"{Results.Count} of {TrialCount} trials done"
        : $"{Results.Count} of {TrialCount} trials done; missing: {string.Join(", ", Missing)} (not run, running, or failed: see trial-N/{SweepRunner.LogFileName})";
}

/// <summary>`ganlab sweep collect DIR`: one table of every trial's settings and metrics (results.csv, results.json) and
/// the sweep's report.html (the table, heatmaps over the first two axes averaged over seeds, loss curves per trial,
/// the best trial's samples).</summary>
public static class SweepCollector
{
    // Metrics where a smaller value is better; every other metric is better when larger.
    private static readonly HashSet<string> LowerIsBetter = new(StringComparer.Ordinal) { "fd", "kid", "kid_std", "class_kl", "reverse_kl", "nll_oracle", "nll_test", "self_bleu2", "copy_rate", "d_loss", "g_loss" };

    /// <summary>Reads every trial folder of <paramref name="sweep"/> under <paramref name="output"/>.</summary>
    public static SweepCollection Collect(SweepFile sweep, string output)
    {
        var trials = sweep.Trials();
        var results = new List<TrialResult>();
        var missing = new List<int>();
        foreach (var trial in trials)
        {
            var done = Path.Combine(SweepRunner.TrialFolder(output, trial.Index), SweepRunner.DoneFileName);
            if (File.Exists(done)) results.Add(SweepRunner.ReadResult(done)); else missing.Add(trial.Index);
        }
        return new SweepCollection(sweep.Name, trials.Count, results, missing);
    }

    /// <summary>Writes results.csv, results.json and report.html into <paramref name="output"/>; returns their paths.</summary>
    public static IReadOnlyList<string> Write(SweepFile sweep, SweepCollection collection, string output)
    {
        var axes = sweep.Axes.Select(axis => axis.Label).ToList();
        var metrics = collection.Results.SelectMany(result => result.Metrics.Keys).Distinct().ToList();
        var csv = new StringBuilder(string.Join(',', new[] { "trial", "seed" }.Concat(axes).Concat(metrics).Append("steps").Append("seconds"))).Append('\n');
        foreach (var result in collection.Results)
            csv.Append(string.Join(',', new[] { result.Index.ToString(CultureInfo.InvariantCulture), result.Seed.ToString(CultureInfo.InvariantCulture) }
                .Concat(axes.Select(axis => result.Values.GetValueOrDefault(axis, "")))
                .Concat(metrics.Select(metric => result.Metrics.TryGetValue(metric, out var value) ? TrainingHistory.Format(value) : ""))
                .Append(result.Steps.ToString(CultureInfo.InvariantCulture)).Append(result.Seconds.ToString(CultureInfo.InvariantCulture)))).Append('\n');
        var files = new[] { Path.Combine(output, "results.csv"), Path.Combine(output, "results.json"), Path.Combine(output, "report.html") };
        AtomicFile.WriteAllText(files[0], csv.ToString());
        AtomicFile.WriteAllText(files[1], GanLabJson.Serialize(new { sweep = sweep.Name, status = collection.Status, collection.TrialCount, collection.Missing, trials = collection.Results }));
        Report(sweep, collection, output, axes, metrics).Save(files[2]);
        return files;
    }

    /// <summary>Every finished trial: index, seed, axis values, metrics and seconds.</summary>
    public static TextTable Table(SweepFile sweep, SweepCollection collection)
    {
        var axes = sweep.Axes.Select(axis => axis.Label).ToList();
        var metrics = collection.Results.SelectMany(result => result.Metrics.Keys).Distinct().ToList();
        return new TextTable(new[] { "trial", "seed" }.Concat(axes).Concat(metrics).Append("seconds").ToList(),
            collection.Results.Select(result => (IReadOnlyList<string>)new[] { result.Index.ToString(CultureInfo.InvariantCulture), result.Seed.ToString(CultureInfo.InvariantCulture) }
                .Concat(axes.Select(axis => result.Values.GetValueOrDefault(axis, "")))
                .Concat(metrics.Select(metric => result.Metrics.TryGetValue(metric, out var value) ? value.ToString("G4", CultureInfo.InvariantCulture) : ""))
                .Append(result.Seconds.ToString("F0", CultureInfo.InvariantCulture)).ToList()).ToList());
    }

    private static TrainingHistory ReadHistory(string path) => File.Exists(path) ? TrainingHistory.FromCsv(File.ReadAllText(path), path) : new TrainingHistory();

    private static HtmlReport Report(SweepFile sweep, SweepCollection collection, string output, IReadOnlyList<string> axes, IReadOnlyList<string> metrics)
    {
        var report = new HtmlReport($"GanLab sweep: {sweep.Name}").Paragraph($"{collection.Status}. Base preset: {sweep.Preset}; seeds {string.Join(", ", sweep.Seeds)}.");
        report.Heading("Trials").Table(Table(sweep, collection));
        if (axes.Count >= 2 && collection.Results.Count > 0)
        {
            report.Heading($"{axes[0]} x {axes[1]}, mean over seeds");
            foreach (var metric in metrics)
            {
                var cells = collection.Results.GroupBy(result => (result.Values[axes[0]], result.Values[axes[1]]))
                    .Select(group => (group.Key.Item1, group.Key.Item2, group.Select(result => result.Metrics.GetValueOrDefault(metric, double.NaN)).Where(double.IsFinite).DefaultIfEmpty(double.NaN).Average() is var mean && double.IsFinite(mean) ? mean : (double?)null)).ToList();
                report.Figure(SweepCharts.Heatmap(axes[0], axes[1], cells, metric, !LowerIsBetter.Contains(metric)));
            }
        }
        var histories = collection.Results.Select(result => (Name: $"trial {result.Index}: {string.Join(", ", result.Values.Values)}, seed {result.Seed}",
            History: ReadHistory(Path.Combine(SweepRunner.TrialFolder(output, result.Index), "history.csv")))).ToList();
        if (histories.Count > 0)
            report.Heading("Losses per trial (moving average)")
                .Chart(TrainingCharts.Compare(histories, "d_loss", row => row.DiscriminatorLoss))
                .Chart(TrainingCharts.Compare(histories, "g_loss", row => row.GeneratorLoss));
        if (metrics.FirstOrDefault(metric => metric is not ("d_loss" or "g_loss")) is { } first && collection.Results.Count > 0)
        {
            var best = LowerIsBetter.Contains(first) ? collection.Results.MinBy(result => result.Metrics.GetValueOrDefault(first, double.MaxValue))!
                : collection.Results.MaxBy(result => result.Metrics.GetValueOrDefault(first, double.MinValue))!;
            var samples = Path.Combine(SweepRunner.TrialFolder(output, best.Index), "samples.png");
            report.Heading($"Best trial by {first}: trial {best.Index} ({string.Join(", ", best.Values.Select(pair => $"{pair.Key} {pair.Value}"))}, seed {best.Seed})");
            if (File.Exists(samples)) report.Image(File.ReadAllBytes(samples), $"samples of trial {best.Index}");
        }
        return report;
    }
}
