using GanLab.Core;
using GanLab.Data;
using GanLab.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace GanLab.Training;

/// <summary>What a step may use: the networks, the data, the run's one random stream, the device and the plan.</summary>
public sealed class StepContext
{
    internal StepContext(GanModel model, MiniBatches batches, Generator random, Device device, TrainingPlan plan)
    {
        Model = model;
        Batches = batches;
        Random = random;
        Device = device;
        Plan = plan;
    }

    /// <summary>The networks being trained.</summary>
    public GanModel Model { get; }
    /// <summary>Shuffled minibatches of the training data on the device.</summary>
    public MiniBatches Batches { get; }
    /// <summary>The seeded stream every draw of the run comes from (data order, noise, penalties, rollouts).</summary>
    public Generator Random { get; }
    /// <summary>Where the tensors live.</summary>
    public Device Device { get; }
    /// <summary>The run's plan (batch size, gradient-norm cadence).</summary>
    public TrainingPlan Plan { get; internal set; }

    /// <summary>A noise batch [count, latent] from the run's stream, on the device.</summary>
    public Tensor Noise(long count)
    {
        using var scope = NewDisposeScope();
        return randn(new long[] { count, Model.LatentSize }, generator: Random).to(Device).MoveToOuterDisposeScope();
    }

    /// <summary>True on the steps whose gradient norms go into the history (step 1 and every GradientNormEvery steps).</summary>
    public bool MeasuresGradients(int step) => step == 1 || step % Plan.GradientNormEvery == 0;
}

/// <summary>Runs one phase's steps: owns the updates of its networks (their optimisers) and declares the state a
/// checkpoint must hold to continue exactly. The trainer makes one per phase with <see cref="Phase.CreateStep"/>.</summary>
public interface ITrainingStep : IDisposable
{
    /// <summary>Runs global step <paramref name="step"/> (the phase's <paramref name="stepInPhase"/>-th) and returns the
    /// named scalars for its history row.</summary>
    IReadOnlyDictionary<string, double> Run(int step, int stepInPhase);

    /// <summary>Writes the step's own state (optimiser moments, averages, ...) into <paramref name="checkpoint"/> under names starting with <paramref name="prefix"/>.</summary>
    void Save(CheckpointContent checkpoint, string prefix);

    /// <summary>Restores what <see cref="Save"/> wrote.</summary>
    void Load(CheckpointContent checkpoint, string prefix);
}

/// <summary>Base of the built-in steps: optimisers registered by name are saved and restored with the checkpoint.</summary>
public abstract class TrainingStep : ITrainingStep
{
    private readonly List<(string Name, NetworkOptimizer Optimizer)> optimizers = new();

    /// <summary>Keeps the context for the step's work.</summary>
    protected TrainingStep(StepContext context) => Context = context;

    /// <summary>Networks, data, random stream, device, plan.</summary>
    protected StepContext Context { get; }

    /// <summary>Creates an optimiser for <paramref name="network"/> whose state the checkpoint keeps under <paramref name="name"/>.</summary>
    protected NetworkOptimizer Optimizer(string name, nn.Module network, OptimizerSettings settings)
    {
        var optimizer = new NetworkOptimizer(network, settings);
        optimizers.Add((name, optimizer));
        return optimizer;
    }

    /// <summary>Applies every optimiser's schedules for the phase's step.</summary>
    protected void ScheduleOptimizers(int stepInPhase, int phaseSteps)
    {
        foreach (var (_, optimizer) in optimizers) optimizer.Schedule(stepInPhase, phaseSteps);
    }

    /// <inheritdoc />
    public abstract IReadOnlyDictionary<string, double> Run(int step, int stepInPhase);

    /// <inheritdoc />
    public virtual void Save(CheckpointContent checkpoint, string prefix)
    {
        foreach (var (name, optimizer) in optimizers) checkpoint.Blobs[$"{prefix}optimizer.{name}"] = optimizer.SaveState();
    }

    /// <inheritdoc />
    public virtual void Load(CheckpointContent checkpoint, string prefix)
    {
        foreach (var (name, optimizer) in optimizers)
        {
            var key = $"{prefix}optimizer.{name}";
            if (!checkpoint.Blobs.TryGetValue(key, out var state)) throw new InvalidDataException($"{checkpoint.Path}: checkpoint has no '{key}'.");
            optimizer.LoadState(state, $"{checkpoint.Path}: '{key}'");
        }
    }

    /// <inheritdoc />
    public virtual void Dispose()
    {
        foreach (var (_, optimizer) in optimizers) optimizer.Dispose();
    }
}
