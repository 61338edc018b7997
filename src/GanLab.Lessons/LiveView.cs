using System.Diagnostics;
using GanLab.Core;
using GanLab.Experiments;
using GanLab.Experiments.DataKinds;
using GanLab.Training;
using GanLab.Viz;
using TorchSharp;

namespace GanLab.Lessons;

/// <summary>
/// One output that updates in place while a run of any family trains: a progress line (with the phase), the loss
/// chart, the metric chart once measured, and the latest samples (fixed-noise grid or point cloud, or freshly sampled
/// text lines). Redraws at most every <see cref="MinimumSeconds"/> and always at the end and after a measurement.
/// </summary>
public sealed class LiveView : ITrainingHook
{
    private static readonly string[] Watched = { "nll_oracle", "nll_test", "bleu2", "self_bleu2", "tang_shape", "fd", "precision", "recall", "modes", "high_quality" };

    private readonly TrainingRun run;
    private readonly int targetStep;
    private readonly int firstStep;
    private readonly Stopwatch clock = Stopwatch.StartNew();
    // Marks every render of this view, so `ganlab run` can keep only the last one in a saved notebook.
    private readonly string id = Guid.NewGuid().ToString("N");
    private readonly DisplayHandle? display;
    private SampleView? latestSamples;
    private double lastDraw = double.NegativeInfinity;

    /// <summary>Shows the view for <paramref name="run"/> training up to <paramref name="targetStep"/>.</summary>
    public LiveView(TrainingRun run, int targetStep)
    {
        this.run = run;
        this.targetStep = targetStep;
        firstStep = run.Trainer.Step;
        display = Notebook.Show(new Html(Render(run.Trainer.Step)));
    }

    /// <summary>Least time between redraws (charts are re-sent whole, so not every step).</summary>
    public double MinimumSeconds { get; init; } = 3;

    /// <inheritdoc />
    public void OnStep(Trainer trainer, HistoryRow row)
    {
        if (row.Step == targetStep || row.Metrics is not null || clock.Elapsed.TotalSeconds - lastDraw >= MinimumSeconds) Draw(row.Step);
    }

    /// <inheritdoc />
    public void OnSamples(Trainer trainer, int step, torch.Tensor samples)
    {
        if (run.Data.Snapshot(samples) is { } png) latestSamples = new SampleView($"fixed-noise samples at step {step}", png, null);
        Draw(step);
    }

    private void Draw(int step)
    {
        lastDraw = clock.Elapsed.TotalSeconds;
        // Kinds without a fixed-noise grid (text) show lines sampled now.
        if (run.Trainer.FixedNoise is null && step > 0) latestSamples = run.Show($"sampled at step {step}");
        display?.Update(new Html(Render(step)));
    }

    private string Render(int step)
    {
        var done = step - firstStep;
        var rate = done / Math.Max(1e-9, clock.Elapsed.TotalSeconds);
        var remaining = rate > 0 ? TimeSpan.FromSeconds((targetStep - step) / rate) : TimeSpan.Zero;
        var history = run.Trainer.History;
        var last = history.Rows.Count > 0 ? history.Rows[^1] : null;
        var state = step >= targetStep ? "done" : $"{run.Trainer.CurrentPhase.Name}, about {remaining:mm\\:ss} left";
        var progress = FormattableString.Invariant($"<p style=\"font-family:monospace\">{run.Preset.Name}: step {step}/{targetStep} ({100.0 * step / Math.Max(1, targetStep):F0}%), {rate:F1} step/s, {state}") +
                       (last is null ? "" : " | " + System.Net.WebUtility.HtmlEncode(Describe(last))) + "</p>";
        // Every redraw travels whole to the notebook front end: a light chart keeps the kernel quick.
        var charts = history.Rows.Count > 1 ? ChartHtml.Render(TrainingCharts.Losses(history, points: 300)) : "";
        var watched = history.MetricNames.Where(Watched.Contains).ToArray();
        if (watched.Length > 0) charts += ChartHtml.Render(MetricCharts.Group(history, "metric", watched));
        var samples = latestSamples is null ? "" : DisplayHtml.Samples(latestSamples);
        return $"<div {HostConventions.LiveViewAttribute}=\"{id}\">{progress}<div style=\"display:flex;flex-wrap:wrap;align-items:flex-start\"><div style=\"flex:1 1 600px\">{charts}</div><div>{samples}</div></div></div>";
    }

    private static string Describe(HistoryRow row) => double.IsNaN(row.DiscriminatorLoss)
        ? FormattableString.Invariant($"{row.Phase} g_loss {row.GeneratorLoss:F3}")
        : FormattableString.Invariant($"d_loss {row.DiscriminatorLoss:F3} g_loss {row.GeneratorLoss:F3} D(x) {row.DiscriminatorReal:F2} D(G(z)) {row.DiscriminatorFake:F2}")
          // A private D's budget so far (the guarantee's epsilon), beside the losses it is spent on.
          + (double.IsNaN(row[Columns.Epsilon]) ? "" : FormattableString.Invariant($" epsilon {row[Columns.Epsilon]:F2}"));
}
