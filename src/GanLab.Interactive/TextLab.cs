using GanLab.Experiments.Text;

namespace GanLab.Interactive;

/// <summary>Text runs from a notebook cell: a preset with the session's seed and device, a live view while it trains.</summary>
public static class TextLab
{
    /// <summary>Starts <paramref name="preset"/> with <paramref name="pretrainSteps"/> MLE and <paramref name="adversarialSteps"/>
    /// adversarial steps and trains it with a live view; the run stays alive for the next cells (dispose it when done).</summary>
    public static TextRun Train(NotebookSession session, TextPreset preset, int pretrainSteps, int adversarialSteps, int? evaluateEvery = null)
    {
        var training = preset.Training with
        {
            Seed = session.Seed, PretrainSteps = pretrainSteps, AdversarialSteps = adversarialSteps,
            EvaluateEvery = evaluateEvery ?? Math.Max(1, (pretrainSteps + adversarialSteps) / 8),
        };
        // Smoke runs check that the cells work, not the numbers: measure with few samples.
        if (session.Smoke)
            training = training with { EvaluationSamples = 100, FinalEvaluationSamples = 100, DiscriminatorPretrainSteps = Math.Min(training.DiscriminatorPretrainSteps, 5) };
        var run = TextRun.Start(preset with { Training = training }, session.DeviceName);
        try
        {
            var view = new TextLiveView(run, training.TotalSteps);
            run.Train(view.OnStep);
            return run;
        }
        catch
        {
            run.Dispose();
            throw;
        }
    }
}
