using GanLab.Data;
using GanLab.Models;
using GanLab.Models.Text;
using TorchSharp;
using static TorchSharp.torch;

namespace GanLab.Training;

/// <summary>Told about progress by the trainer; every member has a default so callers implement only what they need.</summary>
public interface ITrainingHook
{
    /// <summary>After each step, with that step's history row.</summary>
    void OnStep(Trainer trainer, HistoryRow row) { }
    /// <summary>When fixed-noise samples were rendered: G's output on the CPU (images in [0, 1], toy points raw); do not keep them.</summary>
    void OnSamples(Trainer trainer, int step, Tensor samples) { }
    /// <summary>After the last step of phase <paramref name="phase"/> (before the next phase's first step).</summary>
    void OnPhaseEnd(Trainer trainer, Phase phase) { }
}

/// <summary>
/// The one training loop for every GAN family: runs the plan's phases one after another, each through the step object
/// its phase makes (D-then-G, MLE, policy gradient), records one history, renders fixed-noise samples, calls hooks,
/// stops on cancellation or at a given step, and saves and restores everything a run needs to continue exactly.
/// Everything random comes from one seeded generator (and torch's global one, whose state is checkpointed too).
/// </summary>
public sealed partial class Trainer : IDisposable
{
    private readonly MiniBatches batches;
    private readonly Generator random;
    private readonly StepContext context;
    private ITrainingStep? currentStep;
    private int currentPhaseIndex = -1;

    /// <summary>Prepares training of <paramref name="model"/> on <paramref name="data"/> (already in the model's range).</summary>
    /// <remarks>Call <see cref="Core.Seeding.SeedEverything"/> before building the model; pass the generator it returns.
    /// <c>labels</c> [N] are the classes of the data: required for conditional models, ignored otherwise.</remarks>
    public Trainer(GanModel model, Tensor data, TrainingPlan plan, Device device, Generator random, Tensor? labels = null)
    {
        plan.Validate();
        if (model.IsConditional && labels is null)
            throw new ArgumentException($"the model is conditioned on {model.ClassCount} classes but the data has no labels.", nameof(labels));
        if (!model.AcceptsData(data))
            throw new ArgumentException($"data has examples of shape [{string.Join(", ", data.shape.Skip(1))}] but the model trains on [{string.Join(", ", model.DataShape)}].", nameof(data));
        Model = model.To(device);
        Plan = plan;
        Device = device;
        this.random = random;
        // Relaxed generators draw their Gumbel noise from the run's stream too, so a seed repeats a run exactly.
        if (model.Generator is IRelaxedGenerator relaxed) relaxed.NoiseSource = random;
        batches = new MiniBatches(data, plan.BatchSize, device, random, model.IsConditional ? labels : null);
        context = new StepContext(Model, batches, random, device, plan);
        FixedNoise = DrawFixedNoise(model, plan, random, device);
    }

    /// <summary>The networks being trained.</summary>
    public GanModel Model { get; }
    /// <summary>The plan (phases and their steps).</summary>
    public TrainingPlan Plan { get; private set; }
    /// <summary>Where the tensors live.</summary>
    public Device Device { get; }
    /// <summary>Steps done so far, over all phases.</summary>
    public int Step { get; private set; }
    /// <summary>Per-step history.</summary>
    public TrainingHistory History { get; } = new();
    /// <summary>G's input for the sample grid (noise, and for conditional models the one-hot classes), fixed for the
    /// run; null for generators without noise input or plans without a grid.</summary>
    public Tensor? FixedNoise { get; }
    /// <summary>Hooks called during <see cref="Train"/>.</summary>
    public List<ITrainingHook> Hooks { get; } = new();
    /// <summary>True when every planned step is done.</summary>
    public bool Finished => Step >= Plan.TotalSteps;
    /// <summary>The phase the next step belongs to (the last phase once finished).</summary>
    public Phase CurrentPhase => Plan.PhaseAt(Math.Min(Step + 1, Plan.TotalSteps)).Phase;

    /// <summary>Runs steps until the plan is done, <paramref name="stopAt"/> (a global step) is reached, or cancellation.</summary>
    public void Train(int? stopAt = null, CancellationToken cancellation = default)
    {
        var target = Math.Min(stopAt ?? Plan.TotalSteps, Plan.TotalSteps);
        Model.Generator.train();
        Model.Discriminator?.train();
        while (Step < target && !cancellation.IsCancellationRequested)
        {
            var row = TrainStep();
            foreach (var hook in Hooks) hook.OnStep(this, row);
            var (phase, _, _, endStep) = Plan.PhaseAt(Step);
            if ((Plan.SampleEvery > 0 && Step % Plan.SampleEvery == 0) || Step == target) RenderSamples();
            if (Step == endStep) foreach (var hook in Hooks) hook.OnPhaseEnd(this, phase);
        }
    }

    /// <summary>One step of the current phase; returns the history row it recorded.</summary>
    public HistoryRow TrainStep()
    {
        if (Finished) throw new InvalidOperationException($"the plan's {Plan.TotalSteps} steps are done; extend it first (Extend).");
        var step = Step + 1;
        var (phase, index, stepInPhase, _) = Plan.PhaseAt(step);
        var row = new HistoryRow(step, phase.Name, StepFor(phase, index).Run(step, stepInPhase));
        Model.UpdateAverage(step);
        History.Add(row);
        Step = step;
        return row;
    }

    /// <summary>Makes the last phase <paramref name="extraSteps"/> longer (its schedules stretch from here on).</summary>
    public void Extend(int extraSteps)
    {
        Plan = Plan.Extended(extraSteps);
        context.Plan = Plan;
        // The step object keeps its phase's settings; it is made again with the longer phase.
        if (currentPhaseIndex == Plan.Phases.Count - 1) ReplaceStep(null, -1, keepState: true);
    }

    /// <summary>Fixed-noise samples mapped to [0, 1] for images (raw points for toy data), on the CPU.</summary>
    public Tensor SampleFixed()
    {
        if (FixedNoise is null) throw new InvalidOperationException("this run has no fixed noise (its generator takes no noise, or fixedSampleCount is 0).");
        using var scope = NewDisposeScope();
        return Model.ToShown(Model.Sample(FixedNoise)).cpu().MoveToOuterDisposeScope();
    }

    /// <summary>Draws a noise batch from the training stream onto the device.</summary>
    public Tensor Noise(long count) => context.Noise(count);

    private ITrainingStep StepFor(Phase phase, int index)
    {
        if (currentStep is null || currentPhaseIndex != index) ReplaceStep(phase, index, keepState: false);
        return currentStep!;
    }

    // keepState: the same phase made anew (after Extend): its optimisers carry over through a checkpoint-shaped copy.
    private void ReplaceStep(Phase? phase, int index, bool keepState)
    {
        var saved = keepState && currentStep is not null ? new Core.CheckpointContent { Kind = "step" } : null;
        if (saved is not null) currentStep!.Save(saved, "");
        currentStep?.Dispose();
        currentStep = null;
        currentPhaseIndex = -1;
        if (phase is null && saved is null) return;
        index = phase is null ? Plan.Phases.Count - 1 : index;
        currentStep = Plan.Phases[index].CreateStep(context);
        currentPhaseIndex = index;
        if (saved is not null) currentStep.Load(saved, "");
    }

    private void RenderSamples()
    {
        if (Hooks.Count == 0 || FixedNoise is null) return;
        using var scope = NewDisposeScope();
        var samples = SampleFixed();
        foreach (var hook in Hooks) hook.OnSamples(this, Step, samples);
    }

    // Drawn first from the seeded stream, so the grid shows the same noise in every run with this seed.
    // Conditional grids cycle through the classes (sample i shows class i mod classes), so rows line up by class.
    private static Tensor? DrawFixedNoise(GanModel model, TrainingPlan plan, Generator random, Device device)
    {
        if (plan.FixedSampleCount == 0 || model.LatentSize == 0) return null;
        using var scope = NewDisposeScope();
        var noise = randn(new long[] { plan.FixedSampleCount, model.LatentSize }, generator: random);
        var labels = model.IsConditional ? arange(plan.FixedSampleCount, ScalarType.Int64) % model.ClassCount : null;
        return model.GeneratorInput(noise, labels).to(device).DetachFromDisposeScope();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        currentStep?.Dispose();
        batches.Dispose();
        FixedNoise?.Dispose();
    }
}
