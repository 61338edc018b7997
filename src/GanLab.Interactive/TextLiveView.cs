using System.Diagnostics;
using GanLab.Experiments.Text;
using GanLab.Training.Text;
using GanLab.Viz;
using Microsoft.DotNet.Interactive.Formatting;

namespace GanLab.Interactive;

/// <summary>
/// The live view of a text run: one output updated in place with a progress line, the loss chart, the metric
/// chart once measured, and lines sampled now (MLE, then adversarial).
/// </summary>
public sealed class TextLiveView
{
    private readonly TextRun run;
    private readonly int targetStep;
    private readonly int firstStep;
    private readonly Stopwatch clock = Stopwatch.StartNew();
    // Marks every render of this view, so `ganlab run` keeps only the last one in a saved notebook.
    private readonly string id = Guid.NewGuid().ToString("N");
    private readonly DisplayedValue? display;
    private double lastDraw = double.NegativeInfinity;

    /// <summary>Shows the view for <paramref name="run"/> training up to <paramref name="targetStep"/>.</summary>
    public TextLiveView(TextRun run, int targetStep)
    {
        this.run = run;
        this.targetStep = targetStep;
        firstStep = run.Trainer.Step;
        display = Notebook.Show(new Html(Render(firstStep)));
    }

    /// <summary>Least time between redraws.</summary>
    public double MinimumSeconds { get; init; } = 3;

    /// <summary>Call after each step (as the progress callback of <see cref="TextRun.Train"/>).</summary>
    public void OnStep(TextHistoryRow row)
    {
        if (row.Step < targetStep && clock.Elapsed.TotalSeconds - lastDraw < MinimumSeconds && row.Metrics is null) return;
        lastDraw = clock.Elapsed.TotalSeconds;
        display?.Update(new Html(Render(row.Step)));
    }

    private string Render(int step)
    {
        var done = step - firstStep;
        var rate = done / Math.Max(1e-9, clock.Elapsed.TotalSeconds);
        var remaining = rate > 0 ? TimeSpan.FromSeconds((targetStep - step) / rate) : TimeSpan.Zero;
        var history = run.Trainer.History;
        var phase = run.Trainer.InPretraining ? "MLE pretraining" : "adversarial";
        var state = step >= targetStep ? "done" : $"{phase}, about {remaining:mm\\:ss} left";
        var progress = FormattableString.Invariant($"<p style=\"font-family:monospace\">{run.Preset.Name}: step {step}/{targetStep}, {rate:F1} step/s, {state}</p>");
        var charts = history.Rows.Count > 1 ? ChartHtml.Render(TextCharts.Losses(history)) : "";
        var watched = history.MetricNames.Where(name => name is "nll_oracle" or "nll_test" or "bleu2" or "self_bleu2" or "tang_shape").ToArray();
        if (watched.Length > 0) charts += ChartHtml.Render(TextCharts.Metrics(history, "metric", watched));
        var samples = step > 0 ? new TextTable(new[] { $"sampled at step {step}" }, run.SampleLines(6).Select(line => (IReadOnlyList<string>)new[] { line }).ToList()).ToHtml() : "";
        return $"<div data-ganlab-live=\"{id}\">{progress}<div style=\"display:flex;flex-wrap:wrap;align-items:flex-start\"><div style=\"flex:1 1 600px\">{charts}</div><div>{samples}</div></div></div>";
    }
}
