using System.Globalization;
using GanLab.Training;
using GanLab.Viz;

namespace GanLab.Experiments;

/// <summary>The report.html of a run of any family: samples, metrics beside their real-data reference, the training
/// charts and samples over time.</summary>
internal static class RunReport
{
    // Metrics drawn together; the rest get a chart each.
    private static readonly (string Title, string[] Names)[] Groups =
    {
        ("NLL per token (nats)", new[] { "nll_oracle", "nll_test" }),
        ("BLEU against held-out lines", new[] { "bleu2", "bleu3", "bleu4", "bleu5" }),
        ("self-BLEU (higher = less diverse)", new[] { "self_bleu2", "self_bleu3", "self_bleu4", "self_bleu5" }),
        ("share", new[] { "tang_shape", "tang_shape_novel", "distinct", "copy_rate", "novelty2", "novelty3", "novelty4" }),
        ("mode coverage", new[] { "modes" }),
    };

    public static void Write(TrainingRun run, string path)
    {
        var history = run.Trainer.History;
        var phases = string.Join(", ", run.Trainer.Plan.Phases.Select(phase => $"{phase.Name} {phase.Steps}"));
        var report = new HtmlReport($"GanLab run: {run.Preset.Name}")
            .Paragraph(run.Preset.Description)
            .Paragraph($"Data: {run.DataSource}. Steps: {run.Trainer.Step} of {run.Trainer.Plan.TotalSteps} ({phases}). Seed: {run.Trainer.Plan.Seed}. Device: {run.DeviceName}.");
        var samples = run.Show("samples at the last step");
        report.Heading(samples.Png is null ? "Generated (left) and held-out real (right) samples" : "Fixed-noise samples at the last step");
        if (samples.Png is { } png) report.Image(png, "samples");
        if (samples.Table is { } table) report.Table(table);
        if (samples.Sounds.Count > 0) report.Heading("Listen").Sounds(samples.Sounds);
        if (run.LatestMetrics is not null) report.Heading("Metrics").Table(MetricTable(run));
        report.Anchor("charts").Heading("Losses").Chart(TrainingCharts.Losses(history));
        if (TrainingCharts.Has(history, row => row.DiscriminatorReal))
            report.Heading("Discriminator outputs D(x) and D(G(z))").Chart(TrainingCharts.DiscriminatorOutputs(history));
        if (TrainingCharts.Has(history, row => row.GeneratorGradientNorm))
            report.Heading("Gradient norms").Chart(TrainingCharts.GradientNorms(history));
        foreach (var column in history.ExtraColumns) report.Heading(column).Chart(TrainingCharts.Column(history, column));
        AddMetricCharts(report, history, run.MetricReference);
        if (run.Snapshots.Count > 0)
        {
            report.Heading("Samples over training (same noise)");
            var stride = Math.Max(1, (int)Math.Ceiling(run.Snapshots.Count / 10.0));
            foreach (var (step, snapshot) in run.Snapshots.Where((_, index) => index % stride == 0 || index == run.Snapshots.Count - 1))
                report.Paragraph($"step {step}").Image(snapshot, $"samples at step {step}");
        }
        report.Save(path);
    }

    // One row per metric: its value at the end of each phase, and what real data scores.
    private static TextTable MetricTable(TrainingRun run)
    {
        var history = run.Trainer.History;
        var phases = history.Phases.Select(phase => (phase, history.MetricsAtEndOf(phase))).Where(item => item.Item2 is not null).ToList();
        var reference = run.MetricReference ?? new Dictionary<string, double>();
        string Format(IReadOnlyDictionary<string, double>? values, string name) =>
            values is not null && values.TryGetValue(name, out var value) ? value.ToString("G4", CultureInfo.InvariantCulture) : "";
        var rows = history.MetricNames.Select(name => (IReadOnlyList<string>)new[] { name }
            .Concat(phases.Select(item => Format(item.Item2, name))).Append(Format(reference, name)).ToArray()).ToList();
        var headings = new[] { "metric" }.Concat(phases.Select(item => $"end of {item.phase}")).Append("real data").ToArray();
        return new TextTable(headings, rows);
    }

    private static void AddMetricCharts(HtmlReport report, TrainingHistory history, IReadOnlyDictionary<string, double>? reference)
    {
        var names = history.MetricNames;
        if (names.Count == 0) return;
        report.Heading("Metrics recorded during training");
        var grouped = new HashSet<string>();
        foreach (var (title, members) in Groups)
        {
            var present = members.Where(names.Contains).ToArray();
            if (present.Length == 0) continue;
            report.Chart(MetricCharts.Group(history, title, present, reference));
            grouped.UnionWith(present);
        }
        foreach (var name in names.Where(name => !grouped.Contains(name)))
            report.Chart(MetricCharts.OverSteps(history, name, reference is not null && reference.TryGetValue(name, out var level) ? level : null));
    }
}
