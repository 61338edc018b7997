using System.Text.Json.Serialization;
using GanLab.Core;

namespace GanLab.Training;

/// <summary>A stretch of training with one kind of step: a run is a sequence of phases (e.g. "mle" then "adversarial"),
/// each with its own step count and settings. <see cref="CreateStep"/> makes the step object that runs it.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "kind")]
[JsonDerivedType(typeof(AdversarialPhase), "adversarial")]
[JsonDerivedType(typeof(LikelihoodPhase), "likelihood")]
[JsonDerivedType(typeof(PolicyGradientPhase), "policy-gradient")]
public abstract record Phase
{
    /// <summary>The phase's name in history.csv and in `--set training.phases.NAME.FIELD` paths.</summary>
    [JsonPropertyOrder(-2)] public string Name { get; init; } = "adversarial";
    /// <summary>Steps of this phase (a step = one generator update with its discriminator updates).</summary>
    [JsonPropertyOrder(-1)] public int Steps { get; init; } = 1000;

    /// <summary>Throws naming the field (prefixed with <paramref name="owner"/>) that is out of range.</summary>
    public virtual void Validate(string owner)
    {
        if (string.IsNullOrWhiteSpace(Name) || Name.Contains('.') || Name.Contains(','))
            throw new ArgumentException($"{owner}.name must be a word without dots or commas, got '{Name}'.", $"{owner}.name");
        Guard.InRange(Steps, 1, 100_000_000, $"{owner}.steps");
    }

    /// <summary>Makes the object that runs this phase's steps.</summary>
    public abstract ITrainingStep CreateStep(StepContext context);
}

/// <summary>The GAN step of image, toy and relaxed-text GANs: (1) update D k times on real and detached generated
/// batches, (2) update G through D; the loss sees both D's real and fake scores, regularisers are added to D's loss.</summary>
public sealed record AdversarialPhase : Phase
{
    /// <summary>The adversarial loss.</summary>
    public LossKind Loss { get; init; } = LossKind.NonSaturating;
    /// <summary>Target for real samples in the cross-entropy losses (1 = none; 0.9 = one-sided label smoothing).</summary>
    public double RealLabel { get; init; } = 1;
    /// <summary>Penalties on D (R1, R2, gradient penalty), each with its weight and schedule.</summary>
    public IReadOnlyList<Regulariser> Regularisers { get; init; } = Array.Empty<Regulariser>();
    /// <summary>Discriminator updates per generator update (k in Goodfellow et al.; 5 in WGAN-GP).</summary>
    public int DiscriminatorSteps { get; init; } = 1;
    /// <summary>D updates before the phase's first G update (a pretrained G meets a D that can already judge).</summary>
    public int DiscriminatorWarmupSteps { get; init; }
    /// <summary>Generator optimiser.</summary>
    public OptimizerSettings GeneratorOptimizer { get; init; } = new();
    /// <summary>Discriminator optimiser.</summary>
    public OptimizerSettings DiscriminatorOptimizer { get; init; } = new();
    /// <summary>Instance noise (Sonderby et al. 2016): standard deviation of Gaussian noise added to every sample D
    /// sees, real and generated, decaying linearly to 0 at the phase's last step. It hides tells such as exactly-zero
    /// background pixels that a sigmoid generator can never reach, so D cannot win outright early. 0 = off.</summary>
    public double InstanceNoise { get; init; }
    /// <summary>The small-model path: D scores the real and the generated batch in one pass over both (fewer, larger
    /// operations: 16% faster for the toy networks, 6% for the seed MLP in `ganlab bench`). Every row gets the score of
    /// its own pass, but the weight gradients are summed over the joined batch in another order, so histories differ
    /// from the two-pass default in the last digits. Only for a D without batch statistics (no BatchNorm).</summary>
    public bool OnePassDiscriminator { get; init; }
    /// <summary>DiffAugment (null = off): the same random, differentiable transformations of real and generated images
    /// before D, in both updates; penalties differentiate with respect to the images before augmentation.</summary>
    public Augmentation? Augmentation { get; init; }
    /// <summary>DP-SGD on D's real examples (null = off): Poisson batches, per-example clipping, Gaussian noise; the
    /// epsilon spent so far becomes a history column.</summary>
    public PrivacySettings? Privacy { get; init; }

    /// <summary>The weight of regulariser <paramref name="kind"/> (0 when the phase has none).</summary>
    public double WeightOf(RegulariserKind kind) => Regularisers.Where(item => item.Kind == kind).Sum(item => item.Weight);

    /// <summary>This phase with regulariser <paramref name="kind"/> set to <paramref name="weight"/> (0 removes it).</summary>
    public AdversarialPhase WithRegulariser(RegulariserKind kind, double weight) => this with
    {
        Regularisers = Regularisers.Where(item => item.Kind != kind).Concat(weight > 0 ? new[] { new Regulariser(kind, weight) } : Array.Empty<Regulariser>()).ToList(),
    };

    /// <inheritdoc />
    public override void Validate(string owner)
    {
        base.Validate(owner);
        Guard.Defined(Loss, $"{owner}.loss");
        Guard.InRange(RealLabel, 0.5, 1, $"{owner}.realLabel");
        for (var index = 0; index < Regularisers.Count; index++) Regularisers[index].Validate($"{owner}.regularisers.{index}");
        Guard.InRange(DiscriminatorSteps, 1, 100, $"{owner}.discriminatorSteps");
        Guard.InRange(DiscriminatorWarmupSteps, 0, 10_000_000, $"{owner}.discriminatorWarmupSteps");
        GeneratorOptimizer.Validate($"{owner}.generatorOptimizer");
        DiscriminatorOptimizer.Validate($"{owner}.discriminatorOptimizer");
        Guard.InRange(InstanceNoise, 0, 10, $"{owner}.instanceNoise");
        Augmentation?.Validate($"{owner}.augmentation");
        Privacy?.Validate($"{owner}.privacy");
    }

    /// <summary>Instance-noise standard deviation at 1-based step <paramref name="stepInPhase"/>: linear from <see cref="InstanceNoise"/> to 0.</summary>
    public double InstanceNoiseAt(int stepInPhase) => InstanceNoise * Math.Max(0, 1 - (stepInPhase - 1) / (double)Steps);

    /// <inheritdoc />
    public override ITrainingStep CreateStep(StepContext context) => new AdversarialStep(context, this);
}

/// <summary>Maximum likelihood (teacher forcing) for text generators: the pretraining phase of SeqGAN and text GANs,
/// and the baseline every text GAN is compared with.</summary>
public sealed record LikelihoodPhase : Phase
{
    /// <summary>Creates the default: 2,000 steps of Adam 0.01 (SeqGAN's code) with gradients clipped at 5.</summary>
    public LikelihoodPhase() { Name = "mle"; Steps = 2000; }

    /// <summary>The generator's optimiser.</summary>
    public OptimizerSettings Optimizer { get; init; } = new() { LearningRate = 1e-2, Beta1 = 0.9, GradientClip = 5 };

    /// <inheritdoc />
    public override void Validate(string owner)
    {
        base.Validate(owner);
        Optimizer.Validate($"{owner}.optimizer");
    }

    /// <inheritdoc />
    public override ITrainingStep CreateStep(StepContext context) => new LikelihoodStep(context, this);
}

/// <summary>SeqGAN's adversarial phase (Yu et al. 2017): G samples sequences, each token's reward is D's mean judgement
/// of Monte Carlo completions of its prefix, G follows the policy gradient; D is then retrained on fresh samples.</summary>
public sealed record PolicyGradientPhase : Phase
{
    /// <summary>Monte Carlo rollouts per prefix (the paper: 16).</summary>
    public int Rollouts { get; init; } = 16;
    /// <summary>D minibatches (real + fresh generated) after each G update.</summary>
    public int DiscriminatorSteps { get; init; } = 1;
    /// <summary>D minibatches before the phase's first G update.</summary>
    public int DiscriminatorWarmupSteps { get; init; }
    /// <summary>Generator optimiser (SeqGAN clips the gradient norm at 5).</summary>
    public OptimizerSettings GeneratorOptimizer { get; init; } = new() { LearningRate = 1e-2, Beta1 = 0.9, GradientClip = 5 };
    /// <summary>Discriminator optimiser.</summary>
    public OptimizerSettings DiscriminatorOptimizer { get; init; } = new() { LearningRate = 1e-4, Beta1 = 0.9 };

    /// <inheritdoc />
    public override void Validate(string owner)
    {
        base.Validate(owner);
        Guard.InRange(Rollouts, 1, 1024, $"{owner}.rollouts");
        Guard.InRange(DiscriminatorSteps, 1, 1000, $"{owner}.discriminatorSteps");
        Guard.InRange(DiscriminatorWarmupSteps, 0, 10_000_000, $"{owner}.discriminatorWarmupSteps");
        GeneratorOptimizer.Validate($"{owner}.generatorOptimizer");
        DiscriminatorOptimizer.Validate($"{owner}.discriminatorOptimizer");
    }

    /// <inheritdoc />
    public override ITrainingStep CreateStep(StepContext context) => new PolicyGradientStep(context, this);
}
