using System.Globalization;
using GanLab.Viz;

namespace GanLab.Experiments.Text;

/// <summary>The report.html of a text run: samples beside real lines, metrics and losses over training.</summary>
internal static class TextRunReport
{
    public static void Write(TextRun run, IReadOnlyList<string> samples, string path)
    {
        var history = run.Trainer.History;
        var report = new HtmlReport($"GanLab text run: {run.Preset.Name}")
            .Paragraph(run.Preset.Description)
            .Paragraph($"Data: {run.Task.Source}. Steps: {run.Trainer.Step} ({run.Preset.Training.PretrainSteps} MLE, then adversarial). " +
                       $"Seed: {run.Preset.Training.Seed}. Device: {run.DeviceName}.");
        if (run.LatestMetrics is not null)
        {
            var real = run.Task.RealTextReference();
            var rows = run.LatestMetrics.Select(pair => (IReadOnlyList<string>)new[]
            {
                pair.Key,
                run.BaselineMetrics?.TryGetValue(pair.Key, out var baseline) == true ? baseline.ToString("F4", CultureInfo.InvariantCulture) : "",
                pair.Value.ToString("F4", CultureInfo.InvariantCulture),
                real.TryGetValue(pair.Key, out var reference) ? reference.ToString("F4", CultureInfo.InvariantCulture) : "",
            }).ToList();
            report.Heading("Metrics").Table(new TextTable(new[] { "metric", "end of MLE pretraining", "final", "training lines (real text)" }, rows));
        }
        var heldOut = run.Task.HeldOutLines.Count > 0 ? run.Task.HeldOutLines : run.Task.Decode(run.Task.HeldOut.narrow(0, 0, 20));
        report.Heading("Generated (left) and held-out real (right) samples").Table(TextTable.Samples(samples.Take(20).ToList(), heldOut.Take(20).ToList()));
        var names = history.MetricNames;
        var groups = new (string Title, string[] Names)[]
        {
            ("NLL per token (nats)", new[] { "nll_oracle", "nll_test" }),
            ("BLEU against held-out lines", new[] { "bleu2", "bleu3", "bleu4", "bleu5" }),
            ("self-BLEU (higher = less diverse)", new[] { "self_bleu2", "self_bleu3", "self_bleu4", "self_bleu5" }),
            ("share", new[] { "tang_shape", "tang_shape_novel", "distinct", "copy_rate", "novelty2", "novelty3", "novelty4" }),
        };
        foreach (var (title, members) in groups)
        {
            var present = members.Where(names.Contains).ToArray();
            if (present.Length > 0) report.Heading(title).Chart(TextCharts.Metrics(history, title, present));
        }
        report.Heading("Losses").Chart(TextCharts.Losses(history));
        report.Save(path);
    }
}
