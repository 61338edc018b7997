using System.Diagnostics;
using GanLab.Experiments.DataKinds;
using GanLab.Training;
using static TorchSharp.torch;

namespace GanLab.Experiments;

/// <summary>Checkpoints, snapshots and wall time per phase during a run, as its plan asks.</summary>
internal sealed class RunRecorder(TrainingRun run, string outputFolder) : ITrainingHook
{
    private readonly Stopwatch clock = Stopwatch.StartNew();

    public void OnStep(Trainer trainer, HistoryRow row)
    {
        run.AddSeconds(row.Phase, clock.Elapsed.TotalSeconds);
        var every = trainer.Plan.CheckpointEvery;
        if (every > 0 && row.Step % every == 0)
        {
            run.SaveCheckpoint(outputFolder);
            run.WriteHistory(outputFolder);
        }
        clock.Restart();
    }

    public void OnSamples(Trainer trainer, int step, Tensor samples) => run.AddSnapshot(step, samples);
}

/// <summary>Measures the preset's metrics every N steps and at the end of each phase; history.csv gets a column per
/// metric (empty where not measured). The last step of a run (and the end of an earlier phase, the baseline the next
/// phase is judged against) is measured with the larger final sample count.</summary>
internal sealed class MetricsHook(TrainingRun run, IRunMeter meter) : ITrainingHook
{
    public void OnStep(Trainer trainer, HistoryRow row)
    {
        var settings = run.Preset.Evaluation;
        var endOfPhase = row.Step == trainer.Plan.PhaseAt(row.Step).EndStep;
        if (!endOfPhase && (settings.Every == 0 || row.Step % settings.Every != 0)) return;
        var samples = row.Step == trainer.Plan.TotalSteps ? settings.FinalSamples
            : endOfPhase ? Math.Max(settings.Samples, settings.FinalSamples) : settings.Samples;
        trainer.History.SetMetrics(meter.Measure(run, samples));
    }
}
