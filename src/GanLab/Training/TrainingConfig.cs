using GanLab.Core;

namespace GanLab.Training;

/// <summary>Which optimiser updates a network.</summary>
public enum OptimizerKind
{
    /// <summary>Adam (Kingma and Ba 2015).</summary>
    Adam,
    /// <summary>Stochastic gradient descent with optional momentum.</summary>
    Sgd,
}

/// <summary>Optimiser settings for one network. Defaults are DCGAN's: Adam, 2e-4, beta1 0.5.</summary>
public sealed record OptimizerSettings
{
    /// <summary>Adam or SGD.</summary>
    public OptimizerKind Kind { get; init; } = OptimizerKind.Adam;
    /// <summary>Learning rate, &gt; 0.</summary>
    public double LearningRate { get; init; } = 2e-4;
    /// <summary>Adam's beta1 (0.5 in DCGAN, 0.9 in Keras' default).</summary>
    public double Beta1 { get; init; } = 0.5;
    /// <summary>Adam's beta2.</summary>
    public double Beta2 { get; init; } = 0.999;
    /// <summary>SGD momentum.</summary>
    public double Momentum { get; init; }

    /// <summary>Throws naming the field (prefixed with <paramref name="owner"/>) that is out of range.</summary>
    public void Validate(string owner)
    {
        Guard.Defined(Kind, $"{owner}.{nameof(Kind)}");
        Guard.Positive(LearningRate, $"{owner}.{nameof(LearningRate)}");
        Guard.InRange(Beta1, 0, 0.999999, $"{owner}.{nameof(Beta1)}");
        Guard.InRange(Beta2, 0, 0.999999, $"{owner}.{nameof(Beta2)}");
        Guard.InRange(Momentum, 0, 0.999999, $"{owner}.{nameof(Momentum)}");
    }
}

/// <summary>How to train: schedule, loss, optimisers, seed and how often to sample and checkpoint.</summary>
public sealed record TrainingConfig
{
    /// <summary>Generator updates to run (each preceded by <see cref="DiscriminatorSteps"/> discriminator updates).</summary>
    public int Steps { get; init; } = 5000;
    /// <summary>Examples per minibatch (the same for real and generated).</summary>
    public int BatchSize { get; init; } = 64;
    /// <summary>Discriminator updates per generator update (k in Goodfellow et al.; 5 in WGAN-GP).</summary>
    public int DiscriminatorSteps { get; init; } = 1;
    /// <summary>The adversarial loss.</summary>
    public LossKind Loss { get; init; } = LossKind.NonSaturating;
    /// <summary>Target for real samples in the cross-entropy losses (1 = none; 0.9 = one-sided label smoothing).</summary>
    public double RealLabel { get; init; } = 1;
    /// <summary>Instance noise (Sonderby et al. 2016): standard deviation of Gaussian noise added to every sample D
    /// sees, real and generated, decaying linearly to 0 at the last step. It hides tells such as exactly-zero
    /// background pixels that a sigmoid generator can never reach, so D cannot win outright early. 0 = off.</summary>
    public double InstanceNoise { get; init; }
    /// <summary>R1 gradient penalty weight gamma on real data (0 = off); the loss gains gamma / 2 * R1.</summary>
    public double R1Weight { get; init; }
    /// <summary>Weight of the WGAN-GP gradient penalty (lambda; 10 in the paper).</summary>
    public double GradientPenaltyWeight { get; init; } = 10;
    /// <summary>Generator optimiser.</summary>
    public OptimizerSettings GeneratorOptimizer { get; init; } = new();
    /// <summary>Discriminator optimiser.</summary>
    public OptimizerSettings DiscriminatorOptimizer { get; init; } = new();
    /// <summary>Fraction of <see cref="Steps"/> after which learning rates decay linearly (1 = never).</summary>
    public double DecayStartFraction { get; init; } = 1;
    /// <summary>Learning rate at the last step as a fraction of the initial one, when decaying.</summary>
    public double FinalLearningRateFraction { get; init; } = 0.1;
    /// <summary>Seed for initialisation, data order and noise.</summary>
    public long Seed { get; init; } = 1;
    /// <summary>Fixed-noise samples are rendered every this many steps (0 = only at the end).</summary>
    public int SampleEvery { get; init; } = 500;
    /// <summary>Number of fixed-noise samples (the grid shown in samples.png).</summary>
    public int FixedSampleCount { get; init; } = 64;
    /// <summary>A checkpoint is written every this many steps (0 = only at the end).</summary>
    public int CheckpointEvery { get; init; } = 1000;
    /// <summary>Measure G's and D's gradient norms on step 1 and every this many steps (history shows them empty in
    /// between). Reading every gradient costs about 3% of an MLP step, so not every step by default.</summary>
    public int GradientNormEvery { get; init; } = 10;

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first invalid field.</summary>
    public void Validate()
    {
        Guard.Positive(Steps, nameof(Steps));
        Guard.Positive(BatchSize, nameof(BatchSize));
        Guard.InRange(DiscriminatorSteps, 1, 100, nameof(DiscriminatorSteps));
        Guard.Defined(Loss, nameof(Loss));
        Guard.InRange(RealLabel, 0.5, 1, nameof(RealLabel));
        Guard.InRange(InstanceNoise, 0, 10, nameof(InstanceNoise));
        Guard.InRange(GradientPenaltyWeight, 0, 1e6, nameof(GradientPenaltyWeight));
        Guard.InRange(R1Weight, 0, 1e6, nameof(R1Weight));
        GeneratorOptimizer.Validate(nameof(GeneratorOptimizer));
        DiscriminatorOptimizer.Validate(nameof(DiscriminatorOptimizer));
        Guard.InRange(DecayStartFraction, 0, 1, nameof(DecayStartFraction));
        Guard.InRange(FinalLearningRateFraction, 0, 1, nameof(FinalLearningRateFraction));
        Guard.InRange(SampleEvery, 0, int.MaxValue, nameof(SampleEvery));
        Guard.InRange(FixedSampleCount, 1, 1024, nameof(FixedSampleCount));
        Guard.InRange(CheckpointEvery, 0, int.MaxValue, nameof(CheckpointEvery));
        Guard.InRange(GradientNormEvery, 1, int.MaxValue, nameof(GradientNormEvery));
    }

    /// <summary>Instance-noise standard deviation at a step: linear from <see cref="InstanceNoise"/> to 0.</summary>
    public double InstanceNoiseAt(int step) => InstanceNoise * Math.Max(0, 1 - (step - 1) / (double)Steps);

    /// <summary>Learning-rate multiplier at a step: 1, then linear decay to <see cref="FinalLearningRateFraction"/>.</summary>
    public double LearningRateFactor(int step)
    {
        var start = DecayStartFraction * Steps;
        if (DecayStartFraction >= 1 || step <= start) return 1;
        var progress = Math.Min(1, (step - start) / Math.Max(1, Steps - start));
        return 1 - progress * (1 - FinalLearningRateFraction);
    }
}
