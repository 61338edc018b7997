using GanLab.Data;
using GanLab.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace GanLab.Training;

/// <summary>Told about progress by the trainer; every member has a default so callers implement only what they need.</summary>
public interface ITrainingHook
{
    /// <summary>After each generator step, with that step's history row.</summary>
    void OnStep(Trainer trainer, HistoryRow row) { }
    /// <summary>When fixed-noise samples were rendered: images in [0, 1] (or toy points), on the CPU; do not keep them.</summary>
    void OnSamples(Trainer trainer, int step, Tensor samples) { }
}

/// <summary>A loss became NaN or infinite; the model was not updated with it.</summary>
public sealed class TrainingDivergedException : Exception
{
    /// <summary>Creates the exception for the named quantity at a step.</summary>
    public TrainingDivergedException(int step, string quantity, double value)
        : base($"training diverged at step {step}: {quantity} is {value}; the update was not applied. " +
               "Try a lower learning rate, another loss, or fewer discriminator steps.")
    {
        Step = step;
    }

    /// <summary>The step whose loss was not finite.</summary>
    public int Step { get; }
}

/// <summary>
/// The one training loop for every GAN family here: per step, (1) update D k times on real and detached fake
/// batches, (2) update G through D. Losses are pure functions; everything random comes from one seeded generator.
/// </summary>
public sealed partial class Trainer : IDisposable
{
    private readonly MiniBatches batches;
    private readonly optim.Optimizer generatorOptimizer;
    private readonly optim.Optimizer discriminatorOptimizer;
    private readonly Generator random;

    /// <summary>Prepares training of <paramref name="model"/> on <paramref name="data"/> (already in the model's range).</summary>
    /// <remarks>Call <see cref="Core.Seeding.SeedEverything"/> before building the model; pass the generator it returns.
    /// <c>labels</c> [N] are the classes of the data: required for conditional models, ignored otherwise.</remarks>
    public Trainer(GanModel model, Tensor data, TrainingConfig config, Device device, Generator random, Tensor? labels = null)
    {
        config.Validate();
        if (model.IsConditional && labels is null)
            throw new ArgumentException($"the model is conditioned on {model.ClassCount} classes but the data has no labels.", nameof(labels));
        if (model.SampleShape.Length != data.dim() - 1 || !model.SampleShape.SequenceEqual(data.shape.Skip(1)))
            throw new ArgumentException($"data has examples of shape [{string.Join(", ", data.shape.Skip(1))}] but the model generates [{string.Join(", ", model.SampleShape)}].", nameof(data));
        Model = model.To(device);
        Config = config;
        Device = device;
        this.random = random;
        batches = new MiniBatches(data, config.BatchSize, device, random, model.IsConditional ? labels : null);
        generatorOptimizer = CreateOptimizer(model.Generator, config.GeneratorOptimizer);
        discriminatorOptimizer = CreateOptimizer(model.Discriminator, config.DiscriminatorOptimizer);
        // Drawn first from the seeded stream, so the grid shows the same noise in every run with this seed.
        // Conditional grids cycle through the classes (sample i shows class i mod classes), so rows line up by class.
        using var fixedNoise = randn(new long[] { config.FixedSampleCount, model.LatentSize }, generator: random);
        using var fixedLabels = model.IsConditional ? arange(config.FixedSampleCount, ScalarType.Int64) % model.ClassCount : null;
        FixedNoise = model.GeneratorInput(fixedNoise, fixedLabels).to(device).DetachFromDisposeScope();
    }

    /// <summary>The networks being trained.</summary>
    public GanModel Model { get; }
    /// <summary>The settings (with <see cref="TrainingConfig.Steps"/> as the planned total).</summary>
    public TrainingConfig Config { get; private set; }
    /// <summary>Where the tensors live.</summary>
    public Device Device { get; }
    /// <summary>Generator steps done so far.</summary>
    public int Step { get; private set; }
    /// <summary>Per-step history.</summary>
    public TrainingHistory History { get; } = new();
    /// <summary>G's input for the sample grid (noise, and for conditional models the one-hot classes), fixed for the run.</summary>
    public Tensor FixedNoise { get; private set; }
    /// <summary>Hooks called during <see cref="Train"/>.</summary>
    public List<ITrainingHook> Hooks { get; } = new();

    /// <summary>Runs generator steps until <see cref="Step"/> reaches <paramref name="targetStep"/> (default: Config.Steps).</summary>
    public void Train(int? targetStep = null, CancellationToken cancellation = default)
    {
        var target = targetStep ?? Config.Steps;
        if (target > Config.Steps) Config = Config with { Steps = target };
        Model.Generator.train();
        Model.Discriminator.train();
        while (Step < target && !cancellation.IsCancellationRequested)
        {
            var row = TrainStep();
            foreach (var hook in Hooks) hook.OnStep(this, row);
            if ((Config.SampleEvery > 0 && Step % Config.SampleEvery == 0) || Step == target) RenderSamples();
        }
    }

    /// <summary>Fixed-noise samples mapped to [0, 1] for images (raw points for toy data), on the CPU.</summary>
    public Tensor SampleFixed()
    {
        using var scope = NewDisposeScope();
        var samples = Model.Sample(FixedNoise);
        var shown = Model.Range == SampleRange.Unbounded ? samples : Model.ToUnitRange(samples);
        return shown.cpu().MoveToOuterDisposeScope();
    }

    /// <summary>Draws a noise batch from the training stream onto the device.</summary>
    public Tensor Noise(long count)
    {
        using var scope = NewDisposeScope();
        return randn(new long[] { count, Model.LatentSize }, generator: random).to(Device).MoveToOuterDisposeScope();
    }

    /// <summary>One generator step (with its discriminator steps); returns the history row it recorded.</summary>
    public HistoryRow TrainStep()
    {
        var step = Step + 1;
        ApplyLearningRate(step);
        (double Loss, double Real, double Fake, double GradientNorm) discriminator = default;
        for (var repeat = 0; repeat < Config.DiscriminatorSteps; repeat++) discriminator = UpdateDiscriminator(step);
        var generator = UpdateGenerator(step);
        var row = new HistoryRow(step, discriminator.Loss, generator.Loss, discriminator.Real, discriminator.Fake,
            generator.GradientNorm, discriminator.GradientNorm);
        History.Add(row);
        Step = step;
        return row;
    }

    // (1) Update D: maximise log D(x) + log(1 - D(G(z))) (or the chosen loss), G's output detached.
    private (double Loss, double Real, double Fake, double GradientNorm) UpdateDiscriminator(int step)
    {
        using var scope = NewDisposeScope();
        var (real, labels) = batches.NextLabelled();
        Tensor fake;
        // Conditional GANs: the fake batch gets the real batch's labels, so both halves have the same class mix.
        using (no_grad()) fake = Model.Generator.call(Model.GeneratorInput(Noise(real.shape[0]), labels));
        // R1 needs D's gradient with respect to the real input, so that input must track gradients.
        if (Config.R1Weight > 0) real = real.detach().requires_grad_(true);
        Tensor Critic(Tensor samples) => Model.Discriminator.call(Model.DiscriminatorInput(samples, labels));
        var realScores = Critic(WithInstanceNoise(real, step));
        var fakeScores = Critic(WithInstanceNoise(fake.detach(), step));
        var loss = Losses.Discriminator(Config.Loss, realScores, fakeScores, Config.RealLabel);
        if (Config.Loss == LossKind.WassersteinGradientPenalty && Config.GradientPenaltyWeight > 0)
            loss = loss + Config.GradientPenaltyWeight * Losses.GradientPenalty(Critic, real, fake, random);
        if (Config.R1Weight > 0) loss = loss + Config.R1Weight / 2 * Losses.R1Penalty(realScores, real);
        var lossValue = loss.item<float>();
        if (!float.IsFinite(lossValue)) throw new TrainingDivergedException(step, "d_loss", lossValue);
        discriminatorOptimizer.zero_grad();
        loss.backward();
        var gradientNorm = MeasuresGradients(step) ? GradientNorm(Model.Discriminator) : double.NaN;
        discriminatorOptimizer.step();
        return (lossValue, Losses.ReportedScore(Config.Loss, realScores).item<float>(),
            Losses.ReportedScore(Config.Loss, fakeScores).item<float>(), gradientNorm);
    }

    // (2) Update G: make D score G(z) as real, gradients flowing through D into G.
    private (double Loss, double GradientNorm) UpdateGenerator(int step)
    {
        using var scope = NewDisposeScope();
        var labels = Model.IsConditional ? randint(Model.ClassCount, new long[] { Config.BatchSize }, generator: random).to(Device) : null;
        var fake = Model.Generator.call(Model.GeneratorInput(Noise(Config.BatchSize), labels));
        var loss = Losses.Generator(Config.Loss, Model.Discriminator.call(Model.DiscriminatorInput(WithInstanceNoise(fake, step), labels)));
        var lossValue = loss.item<float>();
        if (!float.IsFinite(lossValue)) throw new TrainingDivergedException(step, "g_loss", lossValue);
        generatorOptimizer.zero_grad();
        loss.backward();
        var gradientNorm = MeasuresGradients(step) ? GradientNorm(Model.Generator) : double.NaN;
        generatorOptimizer.step();
        return (lossValue, gradientNorm);
    }

    private bool MeasuresGradients(int step) => step == 1 || step % Config.GradientNormEvery == 0;

    private Tensor WithInstanceNoise(Tensor samples, int step)
    {
        var deviation = Config.InstanceNoiseAt(step);
        if (deviation <= 0) return samples;
        return samples + deviation * randn(samples.shape, generator: random).to(samples.device);
    }

    private void RenderSamples()
    {
        if (Hooks.Count == 0) return;
        using var scope = NewDisposeScope();
        var samples = SampleFixed();
        foreach (var hook in Hooks) hook.OnSamples(this, Step, samples);
    }

    private void ApplyLearningRate(int step)
    {
        var factor = Config.LearningRateFactor(step);
        foreach (var group in generatorOptimizer.ParamGroups) group.LearningRate = Config.GeneratorOptimizer.LearningRate * factor;
        foreach (var group in discriminatorOptimizer.ParamGroups) group.LearningRate = Config.DiscriminatorOptimizer.LearningRate * factor;
    }

    private static double GradientNorm(nn.Module module)
    {
        using var scope = NewDisposeScope();
        // Per-tensor norms read each gradient once without a full-size temporary (square() would allocate one).
        var norms = module.parameters().Where(parameter => parameter.grad is not null).Select(parameter => parameter.grad!.norm()).ToList();
        return norms.Count == 0 ? 0 : stack(norms).norm().item<float>();
    }

    private static optim.Optimizer CreateOptimizer(nn.Module module, OptimizerSettings settings) => settings.Kind switch
    {
        OptimizerKind.Adam => optim.Adam(module.parameters(), settings.LearningRate, settings.Beta1, settings.Beta2),
        _ => optim.SGD(module.parameters(), settings.LearningRate, settings.Momentum),
    };

    /// <inheritdoc />
    public void Dispose()
    {
        batches.Dispose();
        generatorOptimizer.Dispose();
        discriminatorOptimizer.Dispose();
        FixedNoise.Dispose();
    }
}
