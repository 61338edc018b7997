using GanLab.Experiments;
using GanLab.Experiments.DataKinds;
using GanLab.Training;

namespace GanLab.Lessons;

/// <summary>Training from a notebook cell: a preset of any family with the session's seed and device, a live view while it runs.</summary>
public static class Lab
{
    /// <summary>Folder (under the notebook's folder) where notebook runs keep their checkpoints and history.</summary>
    public static string RunsFolder { get; set; } = Path.Combine("runs", "notebooks");

    /// <summary>Starts <paramref name="preset"/> with the session's seed (its last phase set to <paramref name="steps"/> when
    /// given) and trains it to the end of its plan with a live view. The run stays alive for the next cells (sampling,
    /// charts); dispose it when done.</summary>
    public static TrainingRun Train(NotebookSession session, Preset preset, int? steps = null, string? name = null, bool live = true, int? evaluateEvery = null, params ITrainingHook[] hooks)
    {
        var run = Start(session, preset, steps, evaluateEvery);
        try
        {
            Continue(run, null, name, live, hooks);
            return run;
        }
        catch
        {
            run.Dispose();
            throw;
        }
    }

    /// <summary>Builds a run of <paramref name="preset"/> (session seed and device) without training it, so hooks that
    /// need the model (field recorders) can be made before <see cref="Continue"/>. Metrics are measured every
    /// <paramref name="evaluateEvery"/> steps (default: eight times over the run); a smoke session measures text with
    /// 100 samples and shortens discriminator warm-ups.</summary>
    public static TrainingRun Start(NotebookSession session, Preset preset, int? steps = null, int? evaluateEvery = null)
    {
        var planned = steps is { } last ? preset.WithSteps(last) : preset;
        var training = planned.Training with { Seed = session.Seed };
        var evaluation = planned.Evaluation with { Every = evaluateEvery ?? Math.Max(1, training.TotalSteps / 8) };
        if (session.Smoke)
        {
            // Smoke runs check that the cells work, not the numbers (image metrics keep their count: their floor needs it).
            if (planned.Data is TextData) evaluation = evaluation with { Samples = Math.Min(evaluation.Samples, 100), FinalSamples = Math.Min(evaluation.FinalSamples, 100) };
            training = training with { Phases = training.Phases.Select(ShortWarmup).ToList() };
        }
        var run = TrainingRun.Start(planned with { Training = training, Evaluation = evaluation }, session.DeviceName);
        run.Progress = message => Notebook.Show(new Html($"<p>{System.Net.WebUtility.HtmlEncode(message)}</p>"));
        return run;
    }

    /// <summary>Trains an existing run to the end of its plan, or <paramref name="moreSteps"/> beyond where it is now.</summary>
    public static void Continue(TrainingRun run, int? moreSteps = null, string? name = null, bool live = true, params ITrainingHook[] hooks)
    {
        if (moreSteps is { } more)
        {
            var missing = run.Trainer.Step + more - run.Trainer.Plan.TotalSteps;
            if (missing > 0) run.Trainer.Extend(missing);
        }
        var target = moreSteps is { } extra ? run.Trainer.Step + extra : run.Trainer.Plan.TotalSteps;
        var folder = Path.Combine(RunsFolder, name ?? run.Preset.Name);
        var all = hooks.ToList();
        if (live) all.Add(new LiveView(run, target));
        run.Train(folder, all, target);
    }

    private static Phase ShortWarmup(Phase phase) => phase switch
    {
        AdversarialPhase adversarial => adversarial with { DiscriminatorWarmupSteps = Math.Min(adversarial.DiscriminatorWarmupSteps, 5) },
        PolicyGradientPhase policy => policy with { DiscriminatorWarmupSteps = Math.Min(policy.DiscriminatorWarmupSteps, 5) },
        _ => phase,
    };
}
