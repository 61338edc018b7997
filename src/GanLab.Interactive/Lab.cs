using GanLab.Experiments;
using GanLab.Training;

namespace GanLab.Interactive;

/// <summary>Training from a notebook cell: a preset, the session's seed and device, a live view while it runs.</summary>
public static class Lab
{
    /// <summary>Folder (under the notebook's folder) where notebook runs keep their checkpoints and history.</summary>
    public static string RunsFolder { get; set; } = Path.Combine("runs", "notebooks");

    /// <summary>Starts <paramref name="preset"/> with the session's seed and trains <paramref name="steps"/> steps with a live view.
    /// The run stays alive for the next cells (sampling, charts); dispose it when done.</summary>
    public static TrainingRun Train(NotebookSession session, Preset preset, int steps, string? name = null, bool live = true, params ITrainingHook[] hooks)
    {
        var run = Start(session, preset, steps);
        try
        {
            Continue(run, steps, name, live, hooks);
            return run;
        }
        catch
        {
            run.Dispose();
            throw;
        }
    }

    /// <summary>Builds a run of <paramref name="preset"/> (session seed and device, <paramref name="steps"/> planned) without training it,
    /// so hooks that need the model (field recorders) can be made before <see cref="Continue"/>.</summary>
    public static TrainingRun Start(NotebookSession session, Preset preset, int steps) =>
        TrainingRun.Start(preset with { Training = preset.Training with { Seed = session.Seed, Steps = steps } }, session.DeviceName);

    /// <summary>Trains an existing run for <paramref name="moreSteps"/> more steps.</summary>
    public static void Continue(TrainingRun run, int moreSteps, string? name = null, bool live = true, params ITrainingHook[] hooks)
    {
        var target = run.Trainer.Step + moreSteps;
        var folder = Path.Combine(RunsFolder, name ?? run.Preset.Name);
        var all = hooks.ToList();
        if (live) all.Add(new LiveView(run, target));
        run.Train(target, folder, all);
    }
}
