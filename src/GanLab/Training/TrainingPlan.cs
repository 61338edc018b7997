using GanLab.Core;

namespace GanLab.Training;

/// <summary>How a run trains: its phases one after another, the seed, the batch size and how often to sample and
/// checkpoint. Steps are counted globally over the phases (a run of 800 MLE and 300 adversarial steps ends at 1,100).</summary>
public sealed record TrainingPlan
{
    /// <summary>Seed for initialisation, data order and noise.</summary>
    public long Seed { get; init; } = 1;
    /// <summary>Examples per minibatch (the same for real and generated).</summary>
    public int BatchSize { get; init; } = 64;
    /// <summary>The phases, in order; at least one.</summary>
    public IReadOnlyList<Phase> Phases { get; init; } = new Phase[] { new AdversarialPhase { Steps = 5000 } };
    /// <summary>Fixed-noise samples are rendered every this many steps (0 = only at the end).</summary>
    public int SampleEvery { get; init; } = 500;
    /// <summary>Number of fixed-noise samples (the grid in samples.png; 0 for generators without noise input, e.g. text LSTMs).</summary>
    public int FixedSampleCount { get; init; } = 64;
    /// <summary>A checkpoint is written every this many steps (0 = only at the end).</summary>
    public int CheckpointEvery { get; init; } = 1000;
    /// <summary>Measure G's and D's gradient norms on a phase's first step and every this many steps (history shows them
    /// empty in between). Reading every gradient costs about 3% of an MLP step, so not every step by default.</summary>
    public int GradientNormEvery { get; init; } = 10;

    /// <summary>libtorch threads while this plan trains (0 = libtorch's default, one per core). Toy networks are bound
    /// by per-operation overhead: one thread is as fast alone and much faster when anything else shares the cores
    /// (a notebook front end, a second run), so the toy presets ask for 1.</summary>
    public int Threads { get; init; }

    /// <summary>Steps of all phases together.</summary>
    [System.Text.Json.Serialization.JsonIgnore] public int TotalSteps => Phases.Sum(phase => phase.Steps);

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first invalid field.</summary>
    public void Validate(string owner = "training")
    {
        Guard.Positive(BatchSize, $"{owner}.batchSize");
        if (Phases.Count == 0) throw new ArgumentException($"{owner}.phases must list at least one phase.", $"{owner}.phases");
        for (var index = 0; index < Phases.Count; index++) Phases[index].Validate($"{owner}.phases.{Phases[index].Name}");
        var repeated = Phases.GroupBy(phase => phase.Name).FirstOrDefault(group => group.Count() > 1);
        if (repeated is not null) throw new ArgumentException($"{owner}.phases: the name '{repeated.Key}' is used twice; phase names must differ.", $"{owner}.phases");
        if ((long)Phases.Sum(phase => (long)phase.Steps) > 100_000_000)
            throw new ArgumentException($"{owner}.phases: {Phases.Sum(phase => (long)phase.Steps)} steps in all; at most 100,000,000.", $"{owner}.phases");
        Guard.InRange(SampleEvery, 0, int.MaxValue, $"{owner}.sampleEvery");
        Guard.InRange(FixedSampleCount, 0, 1024, $"{owner}.fixedSampleCount");
        Guard.InRange(CheckpointEvery, 0, int.MaxValue, $"{owner}.checkpointEvery");
        Guard.InRange(GradientNormEvery, 1, int.MaxValue, $"{owner}.gradientNormEvery");
        Guard.InRange(Threads, 0, 1024, $"{owner}.threads");
    }

    /// <summary>The phase that global step <paramref name="step"/> (1-based) belongs to, its index, the step's 1-based
    /// position inside it, and the global step the phase ends at.</summary>
    public (Phase Phase, int Index, int StepInPhase, int EndStep) PhaseAt(int step)
    {
        var end = 0;
        for (var index = 0; index < Phases.Count; index++)
        {
            var start = end;
            end += Phases[index].Steps;
            if (step <= end) return (Phases[index], index, step - start, end);
        }
        throw new ArgumentOutOfRangeException(nameof(step), step, $"the plan has {TotalSteps} steps.");
    }

    /// <summary>The plan with phase <paramref name="name"/> set to <paramref name="steps"/> steps.</summary>
    public TrainingPlan WithPhaseSteps(string name, int steps)
    {
        if (Phases.All(phase => phase.Name != name))
            throw new ArgumentException($"the plan has no phase '{name}' (phases: {string.Join(", ", Phases.Select(phase => phase.Name))}).", nameof(name));
        return this with { Phases = Phases.Select(phase => phase.Name == name ? phase with { Steps = steps } : phase).ToList() };
    }

    /// <summary>The plan with its last phase <paramref name="extraSteps"/> longer (`train --resume DIR --steps N`).</summary>
    public TrainingPlan Extended(int extraSteps)
    {
        if (extraSteps <= 0) throw new ArgumentException($"steps to add must be positive, got {extraSteps}.", nameof(extraSteps));
        var last = Phases[^1];
        if ((long)TotalSteps + extraSteps > 100_000_000)
            throw new ArgumentException($"steps: {TotalSteps} + {extraSteps} exceeds the most a run can plan (100,000,000).", "steps");
        return WithPhaseSteps(last.Name, last.Steps + extraSteps);
    }

    /// <summary>The phase called <paramref name="name"/> as <typeparamref name="TPhase"/>, or null.</summary>
    public TPhase? Find<TPhase>(string name) where TPhase : Phase => Phases.FirstOrDefault(phase => phase.Name == name) as TPhase;

    /// <summary>The single phase of a one-phase plan as <typeparamref name="TPhase"/> (for presets with one adversarial phase).</summary>
    public TPhase Main<TPhase>() where TPhase : Phase =>
        Phases.OfType<TPhase>().LastOrDefault() ?? throw new InvalidOperationException($"the plan has no {typeof(TPhase).Name}.");

    /// <summary>The plan with <paramref name="phase"/> in place of the phase of the same name.</summary>
    public TrainingPlan With(Phase phase) => this with { Phases = Phases.Select(existing => existing.Name == phase.Name ? phase : existing).ToList() };
}
