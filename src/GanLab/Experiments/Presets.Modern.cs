using GanLab.Experiments.DataKinds;
using GanLab.Models;
using GanLab.Training;

namespace GanLab.Experiments;

public static partial class Presets
{
    // R3GAN's recipe (Huang et al. 2024) as GanLab's core expresses it: the relativistic pairing loss with R1 on real and
    // R2 on generated samples, Adam with beta1 0 and beta2 rising from 0.9 to 0.99, the learning rate decaying over the
    // second half. gamma = 1 on [-1, 1] images of 28x28 was the best of the values probed (0.1, 1, 10; docs/architecture.md).
    // decayStart: the fraction of the phase after which the learning rate falls linearly to finalRate of itself.
    private static AdversarialPhase R3ganPhase(double gamma, double finalRate, double learningRate = 2e-4, double decayStart = 0.5) => new()
    {
        Loss = LossKind.Relativistic,
        // Lazy (every 4th D update, weight x 4, as StyleGAN2 applies R1): the double backward pass dominates a step's cost.
        Regularisers = new[] { new Regulariser(RegulariserKind.R1, gamma, Every: 4), new Regulariser(RegulariserKind.R2, gamma, Every: 4) },
        GeneratorOptimizer = R3ganAdam(learningRate, finalRate, decayStart),
        DiscriminatorOptimizer = R3ganAdam(learningRate, finalRate, decayStart),
        OnePassDiscriminator = true,
    };

    private static OptimizerSettings R3ganAdam(double learningRate, double finalRate, double decayStart) => new()
    {
        LearningRate = learningRate, Beta1 = 0, Beta2 = 0.9,
        Beta2Schedule = new Schedule(0, 1.1),
        LearningRateSchedule = new Schedule(decayStart, finalRate),
    };

    /// <summary>R3GAN's objective on MNIST, with DCGAN-28's networks at half width.</summary>
    // The small residual family reached a Frechet distance of 38.5 in 1,500 steps and was behind dcgan-mnist's 14.07 at
    // any budget probed; R3GAN's objective on DCGAN-28's networks (GroupNorm in D: R1 / R2 are per-sample gradients,
    // which BatchNorm's batch statistics would mix) reached 11.55 in 3,000 steps. Halving the feature maps makes a step
    // three times cheaper, so more steps fit in dcgan-mnist's wall time, and the objective's penalties tolerate a
    // learning rate four times DCGAN's: at 5,300 steps 2e-4 gave 9.03, 4e-4 6.06, 8e-4 4.76 (README, Modern GANs).
    public static Preset R3ganMnist => r3ganMnist ??= new("r3gan-mnist",
        "R3GAN's objective on MNIST: DCGAN-28 networks at 32 feature maps with GroupNorm in D, relativistic pairing loss + R1 + R2 (gamma 1), Adam beta1 0 at 8e-4, beta2 0.9 -> 0.99, EMA generator (0.99), 6,500 steps",
        new ImageData("mnist"),
        new DcganConfig { GeneratorFeatures = 32, DiscriminatorFeatures = 32, DiscriminatorNormalisation = Normalisation.GroupNorm, GeneratorAverage = 0.99 },
        OnePhase(6500, 64, 250, 1000, R3ganPhase(1, 0.1, learningRate: 8e-4)));

    /// <summary>The same on Fashion-MNIST.</summary>
    public static Preset R3ganFashion => r3ganFashion ??= R3ganMnist with
    {
        Name = "r3gan-fashion",
        Description = "r3gan-mnist on Fashion-MNIST (Debian package dataset-fashion-mnist or $GANLAB_DATA)",
        Data = new ImageData("fashion-mnist"),
    };

    /// <summary>R3GAN's objective on Stacked MNIST (1,000 modes), with DCGAN-28's networks.</summary>
    // The small residual family covered 961 modes (KL 0.76) in 3,000 steps and 2,094 s, behind plain DCGAN at the same
    // wall time (998, KL 0.24): on three channels its step costs three of DCGAN's. The same objective on DCGAN-28's
    // networks (GroupNorm in D: the R1 / R2 gradients are per sample, which BatchNorm's batch statistics would mix)
    // covered 1,000 modes with KL 0.145 in 8,000 steps and 3,034 s on one thread, where DCGAN reached 999 and 0.24.
    // 12,000 steps with a faster average (decay 0.99: 0.129 at 8,000 where 0.999 gave 0.145) reached KL 0.084, under
    // the 0.1; timed alone on 2 cores, 12,000 steps took 3,052 s (KL 0.0839; README, Modern GANs).
    public static Preset R3ganStackedMnist => r3ganStacked ??= new("r3gan-stacked-mnist",
        "R3GAN's objective on Stacked MNIST (three digits as RGB channels, 1,000 modes; `ganlab eval` counts them): DCGAN-28 networks with GroupNorm in D, relativistic pairing loss + R1 + R2 (gamma 1), Adam beta1 0, beta2 0.9 -> 0.99, EMA generator (0.99), 12,000 steps",
        new ImageData(Data.StackedMnist.DataSetName),
        new DcganConfig { Channels = 3, DiscriminatorNormalisation = Normalisation.GroupNorm, GeneratorAverage = 0.99 },
        OnePhase(12000, 64, 500, 1000, R3ganPhase(1, 0.1)));

    /// <summary>The 25-Gaussian grid with R3GAN's objective and no packing.</summary>
    // toy-grid-plain's networks and 60,000-step schedule with Adam beta1 0, beta2 0.99 and RpGAN + R1 + R2 applied every
    // step: the networks are tiny, so lazy penalties would save nothing. At 20,000 steps gamma 1 gave 25 of 25 modes and
    // 83% high quality on seed 1 (0.1: 62%, 3: 82%, 10: 82%); precision on the grid comes as the learning rate decays
    // (README, Modern GANs).
    public static Preset ToyGridR3gan => toyGridR3gan ??= ToyGridPlain.WithAdversarial(phase => phase with
    {
        Loss = LossKind.Relativistic,
        Regularisers = new[] { new Regulariser(RegulariserKind.R1, 1), new Regulariser(RegulariserKind.R2, 1) },
        GeneratorOptimizer = phase.GeneratorOptimizer with { Beta1 = 0, Beta2 = 0.99 },
        DiscriminatorOptimizer = phase.DiscriminatorOptimizer with { Beta1 = 0, Beta2 = 0.99 },
    }) with
    {
        Name = "toy-grid-r3gan",
        Description = "2-D grid of 25 Gaussians, plain MLP GAN (no packing) with the relativistic pairing loss + R1 + R2 (gamma 1), Adam beta1 0 / beta2 0.99, 60,000 steps as toy-grid",
    };

    private static Preset? r3ganMnist, r3ganFashion, r3ganStacked, toyGridR3gan;

    private static IEnumerable<Preset> ModernPresets => new[] { R3ganMnist, R3ganFashion, R3ganStackedMnist, ToyGridR3gan };
}
