using System.Diagnostics;
using GanLab.Experiments;
using GanLab.Training;
using GanLab.Viz;
using Microsoft.DotNet.Interactive.Formatting;
using TorchSharp;

namespace GanLab.Interactive;

/// <summary>
/// One output that updates in place while a run trains: a progress line, the loss chart and the latest fixed-noise
/// samples (no wall of outputs). Redraws at most every <see cref="MinimumSeconds"/> and always at the end.
/// </summary>
public sealed class LiveView : ITrainingHook
{
    private readonly TrainingRun run;
    private readonly int targetStep;
    private readonly int firstStep;
    private readonly Stopwatch clock = Stopwatch.StartNew();
    // Marks every render of this view, so `ganlab run` can keep only the last one in a saved notebook.
    private readonly string id = Guid.NewGuid().ToString("N");
    private DisplayedValue? display;
    private byte[]? latestSamples;
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
    public double MinimumSeconds { get; init; } = 2;

    /// <inheritdoc />
    public void OnStep(Trainer trainer, HistoryRow row)
    {
        if (row.Step == targetStep || clock.Elapsed.TotalSeconds - lastDraw >= MinimumSeconds) Draw(row.Step);
    }

    /// <inheritdoc />
    public void OnSamples(Trainer trainer, int step, torch.Tensor samples)
    {
        latestSamples = Pictures.Render(run, samples);
        Draw(step);
    }

    private void Draw(int step)
    {
        lastDraw = clock.Elapsed.TotalSeconds;
        var html = new Html(Render(step));
        if (display is null) display = Notebook.Show(html);
        else display.Update(html);
    }

    private string Render(int step)
    {
        var done = step - firstStep;
        var rate = done / Math.Max(1e-9, clock.Elapsed.TotalSeconds);
        var remaining = rate > 0 ? TimeSpan.FromSeconds((targetStep - step) / rate) : TimeSpan.Zero;
        var last = run.Trainer.History.Rows.Count > 0 ? run.Trainer.History.Rows[^1] : null;
        var state = step >= targetStep ? "done" : $"about {remaining:mm\\:ss} left";
        var losses = last is null ? "" : FormattableString.Invariant(
            $" | d_loss {last.DiscriminatorLoss:F3} g_loss {last.GeneratorLoss:F3} D(x) {last.DiscriminatorReal:F2} D(G(z)) {last.DiscriminatorFake:F2}");
        var progress = FormattableString.Invariant(
            $"<p style=\"font-family:monospace\">{run.Preset.Name}: step {step}/{targetStep} ({100.0 * step / Math.Max(1, targetStep):F0}%), {rate:F1} step/s, {state}{losses}</p>");
        var chart = run.Trainer.History.Rows.Count > 1 ? ChartHtml.Render(TrainingCharts.Losses(run.Trainer.History)) : "";
        var samples = latestSamples is null ? "" : new Picture(latestSamples, $"fixed-noise samples at step {step}").ToHtml();
        return $"<div data-ganlab-live=\"{id}\">{progress}<div style=\"display:flex;flex-wrap:wrap;align-items:flex-start\"><div style=\"flex:1 1 600px\">{chart}</div>{samples}</div></div>";
    }
}

/// <summary>Raw HTML to display as is.</summary>
/// <param name="Content">The markup.</param>
public sealed record Html(string Content);
