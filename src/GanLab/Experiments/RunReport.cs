using GanLab.Viz;

namespace GanLab.Experiments;

/// <summary>The report.html of a run: samples, snapshots over time, and the training charts.</summary>
internal static class RunReport
{
    public static void Write(TrainingRun run, string path, IReadOnlyList<(int Step, byte[] Png)> snapshots)
    {
        var history = run.Trainer.History;
        var report = new HtmlReport($"GanLab run: {run.Preset.Name}")
            .Paragraph(run.Preset.Description)
            .Paragraph($"Data: {run.DataSource}. Steps: {run.Trainer.Step}. Seed: {run.Trainer.Config.Seed}. Device: {run.DeviceName}.");
        var samplesPath = Path.Combine(Path.GetDirectoryName(path)!, "samples.png");
        if (File.Exists(samplesPath))
            report.Heading("Fixed-noise samples at the last step").Image(File.ReadAllBytes(samplesPath), "samples");
        report.Anchor("charts").Heading("Losses").Chart(TrainingCharts.Losses(history))
            .Heading("Discriminator outputs D(x) and D(G(z))").Chart(TrainingCharts.DiscriminatorOutputs(history))
            .Heading("Gradient norms").Chart(TrainingCharts.GradientNorms(history));
        if (history.MetricNames.Count > 0)
        {
            report.Heading("Metrics recorded during training (ganlab train --metrics)");
            foreach (var metric in history.MetricNames) report.Chart(MetricCharts.OverSteps(history, metric));
        }
        if (snapshots.Count > 0)
        {
            report.Heading("Samples over training (same noise)");
            var stride = Math.Max(1, (int)Math.Ceiling(snapshots.Count / 10.0));
            foreach (var (step, png) in snapshots.Where((_, index) => index % stride == 0 || index == snapshots.Count - 1))
                report.Paragraph($"step {step}").Image(png, $"samples at step {step}");
        }
        report.Save(path);
    }
}
