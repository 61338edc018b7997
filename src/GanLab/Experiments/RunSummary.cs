namespace GanLab.Experiments;

/// <summary>One phase of a run in summary.json.</summary>
/// <param name="Name">The phase.</param>
/// <param name="PlannedSteps">Its steps in the plan.</param>
/// <param name="Seconds">Wall time spent in it (measurements included).</param>
/// <param name="EndMetrics">The last metrics measured in it (for an MLE phase: the run's own MLE baseline), or null.</param>
public sealed record PhaseSummary(string Name, int PlannedSteps, double Seconds, IReadOnlyDictionary<string, double>? EndMetrics);

/// <summary>summary.json: what a results table quotes, the same for every family.</summary>
/// <param name="Preset">Preset name.</param>
/// <param name="Data">Where the data came from.</param>
/// <param name="Steps">Steps done.</param>
/// <param name="PlannedSteps">Steps in the plan.</param>
/// <param name="Phases">Per phase: steps, wall time, metrics at its end.</param>
/// <param name="FinalMetrics">The metrics measured last, or null.</param>
/// <param name="Reference">What real data scores on them, or null.</param>
public sealed record RunSummary(string Preset, string Data, int Steps, int PlannedSteps, IReadOnlyList<PhaseSummary> Phases,
    IReadOnlyDictionary<string, double>? FinalMetrics, IReadOnlyDictionary<string, double>? Reference)
{
    /// <summary>The summary of <paramref name="run"/> now.</summary>
    public static RunSummary Of(TrainingRun run)
    {
        var history = run.Trainer.History;
        var phases = run.Trainer.Plan.Phases.Select(phase => new PhaseSummary(phase.Name, phase.Steps,
            Math.Round(run.PhaseSeconds.GetValueOrDefault(phase.Name), 1), history.MetricsAtEndOf(phase.Name))).ToList();
        return new RunSummary(run.Preset.Name, run.DataSource, run.Trainer.Step, run.Trainer.Plan.TotalSteps, phases,
            run.LatestMetrics, history.MetricNames.Count > 0 ? run.MetricReference : null);
    }
}
