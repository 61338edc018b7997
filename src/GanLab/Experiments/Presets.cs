using GanLab.Experiments.DataKinds;
using GanLab.Models;
using GanLab.Training;

namespace GanLab.Experiments;

/// <summary>The built-in presets (image and toy here, text in Presets.Text.cs), in the order `ganlab presets` lists them.</summary>
public static partial class Presets
{
    // Keras Adam(lr=0.0002) as the seed compiles it: Keras' default beta1 is 0.9.
    private static readonly OptimizerSettings SeedAdam = new() { LearningRate = 2e-4, Beta1 = 0.9 };

    private static TrainingPlan OnePhase(int steps, int batchSize, int sampleEvery, int checkpointEvery, AdversarialPhase? phase = null) => new()
    {
        BatchSize = batchSize, SampleEvery = sampleEvery, CheckpointEvery = checkpointEvery,
        Phases = new Phase[] { (phase ?? new AdversarialPhase()) with { Steps = steps } },
    };

    /// <summary>
    /// The seed article's Keras MLP GAN, trained on real digits instead of the article's uniform noise. Networks,
    /// initialisation, optimiser, loss and batch are the seed's; GanLab adds an R1 penalty (gamma 10) on D, without
    /// which D wins within a few hundred steps and G collapses to one saturated image (README, Results).
    /// </summary>
    public static Preset SeedMlpMnist { get; } = new("seed-mlp-mnist",
        "The seed article's Keras MLP GAN (ReLU, sigmoid pixels in [0,1], Adam 2e-4, batch 100) on MNIST, plus an R1 penalty on D (gamma 10)",
        new ImageData("mnist"), new MlpGanConfig(),
        OnePhase(4000, 100, 500, 2000, new AdversarialPhase
        {
            GeneratorOptimizer = SeedAdam, DiscriminatorOptimizer = SeedAdam, Regularisers = new[] { new Regulariser(RegulariserKind.R1, 10) },
        }));

    /// <summary>The improved MLP: LeakyReLU, tanh on [-1, 1], DCGAN's Adam betas.</summary>
    public static Preset MlpMnist { get; } = new("mlp-mnist",
        "Improved MLP GAN (LeakyReLU 0.2, tanh output on [-1,1], Adam 2e-4 beta1 0.5, batch 64) on MNIST; the quick-start default",
        new ImageData("mnist"), MlpGanConfig.Improved, OnePhase(6000, 64, 500, 2000));

    /// <summary>DCGAN on MNIST with the paper's settings.</summary>
    public static Preset DcganMnist { get; } = new("dcgan-mnist",
        "DCGAN for 28x28 digits (ngf = ndf = 64, Adam 2e-4 beta1 0.5, batch 64, BCE, non-saturating G)",
        new ImageData("mnist"), new DcganConfig(), OnePhase(3000, 64, 250, 1000));

    /// <summary>DCGAN on Fashion-MNIST.</summary>
    public static Preset DcganFashion { get; } = DcganMnist with
    {
        Name = "dcgan-fashion",
        Description = "DCGAN on Fashion-MNIST (Debian package dataset-fashion-mnist or $GANLAB_DATA)",
        Data = new ImageData("fashion-mnist"),
    };

    /// <summary>Class-conditional DCGAN on MNIST: pick the digit.</summary>
    public static Preset ConditionalDcganMnist { get; } = DcganMnist with
    {
        Name = "cdcgan-mnist",
        Description = "Class-conditional DCGAN on MNIST (one-hot class appended to z and as 10 input planes of D); grid columns are the classes 0-9",
        Model = new DcganConfig { ClassCount = 10 },
        Training = DcganMnist.Training with { FixedSampleCount = 100 },
    };

    /// <summary>Class-conditional DCGAN on Fashion-MNIST.</summary>
    public static Preset ConditionalDcganFashion { get; } = ConditionalDcganMnist with
    {
        Name = "cdcgan-fashion",
        Description = "Class-conditional DCGAN on Fashion-MNIST; grid columns are the 10 clothing classes",
        Data = new ImageData("fashion-mnist"),
    };

    /// <summary>DCGAN on Stacked MNIST (1,000 modes), the VEEGAN / PacGAN mode-collapse benchmark.</summary>
    public static Preset DcganStackedMnist { get; } = DcganMnist with
    {
        Name = "dcgan-stacked-mnist",
        Description = "DCGAN on Stacked MNIST (three digits as RGB channels, 1,000 modes; `ganlab eval` counts the modes covered)",
        Data = new ImageData(Data.StackedMnist.DataSetName),
        Model = new DcganConfig { Channels = 3 },
    };

    // Both learning rates decay linearly over the second half of the phase to 10% (calibrated in ANCHORS.md).
    private static readonly AdversarialPhase ToyPhase = new()
    {
        GeneratorOptimizer = new OptimizerSettings { LearningRateSchedule = new Schedule(0.5, 0.1) },
        DiscriminatorOptimizer = new OptimizerSettings { LearningRateSchedule = new Schedule(0.5, 0.1) },
    };

    private static readonly TrainingPlan ToyTraining = OnePhase(10_000, 256, 1000, 5000, ToyPhase) with { FixedSampleCount = 512, Threads = 1 };

    /// <summary>Ring of 8 Gaussians, plain GAN (calibrated in ANCHORS.md to cover all 8 modes).</summary>
    public static Preset ToyRing { get; } = new("toy-ring",
        "2-D ring of 8 Gaussians (radius 1, sigma 0.01), MLP 3x128, non-saturating loss, lr 2e-4 decaying to 2e-5",
        new ToyData("ring"), new ToyGanConfig(), ToyTraining);

    // The grid's modes are 20 times narrower than their spacing: samples become precise (within 3 sigma) only as the
    // learning rate decays, so the grid trains 60,000 steps with the decay starting at a quarter and ending at 1%.
    private static readonly TrainingPlan GridTraining = OnePhase(60_000, 256, 1000, 5000, ToyPhase with
    {
        GeneratorOptimizer = new OptimizerSettings { LearningRateSchedule = new Schedule(0.25, 0.01) },
        DiscriminatorOptimizer = new OptimizerSettings { LearningRateSchedule = new Schedule(0.25, 0.01) },
    }) with { FixedSampleCount = 512, Threads = 1 };

    /// <summary>Grid of 25 Gaussians with PacGAN packing 2: GanLab's recommended grid setting.</summary>
    public static Preset ToyGrid { get; } = new("toy-grid",
        "2-D grid of 25 Gaussians (sigma 0.05), MLP 3x128, PacGAN packing 2, 60,000 steps, lr 2e-4 decaying to 2e-6",
        new ToyData("grid"), new ToyGanConfig { Pack = 2 }, GridTraining);

    /// <summary>The grid with a plain GAN (no packing): the baseline the mode-coverage table compares PacGAN with.</summary>
    public static Preset ToyGridPlain { get; } = new("toy-grid-plain",
        "2-D grid of 25 Gaussians with a plain GAN (no packing), otherwise as toy-grid: the mode-collapse baseline",
        new ToyData("grid"), new ToyGanConfig(), GridTraining);

    /// <summary>A continuous spiral: no modes, tests drawing a curve.</summary>
    public static Preset ToySpiral { get; } = new("toy-spiral",
        "2-D spiral (continuous shape), MLP 3x128, non-saturating loss",
        new ToyData("spiral"), new ToyGanConfig(), ToyTraining);

    private static IReadOnlyList<Preset>? all;

    /// <summary>All presets: image and toy first, then text (made on first use: the text presets live in another file,
    /// whose static fields may be initialised after this one's).</summary>
    public static IReadOnlyList<Preset> All => all ??= new[]
    {
        MlpMnist, SeedMlpMnist, DcganMnist, DcganFashion, ConditionalDcganMnist, ConditionalDcganFashion, DcganStackedMnist,
        ToyRing, ToyGrid, ToyGridPlain, ToySpiral,
    }.Concat(ModernPresets).Concat(PrivatePresets).Concat(TextPresets).Concat(SpeechPresets).ToList();

    /// <summary>Finds a preset by name.</summary>
    public static Preset Find(string name) =>
        All.FirstOrDefault(preset => preset.Name == name)
        ?? throw new ArgumentException($"preset '{name}' is not known; run `ganlab presets` to list them ({string.Join(", ", All.Select(preset => preset.Name))}).", "preset");
}
