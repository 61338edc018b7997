using GanLab.Models;
using GanLab.Training;

namespace GanLab.Experiments;

/// <summary>A named, typed experiment shared by the CLI, notebooks and tests.</summary>
/// <param name="Name">Kebab-case name used on the command line.</param>
/// <param name="Description">One line for `ganlab presets`.</param>
/// <param name="DataSet">"mnist", "fashion-mnist", or "toy:ring" / "toy:grid" / "toy:spiral".</param>
/// <param name="Model">Network settings.</param>
/// <param name="Training">Training settings.</param>
public sealed record Preset(string Name, string Description, string DataSet, ModelConfig Model, TrainingConfig Training)
{
    /// <summary>True for the 2-D toy data sets.</summary>
    public bool IsToy => DataSet.StartsWith("toy:", StringComparison.Ordinal);

    /// <summary>Validates model and training settings together.</summary>
    public void Validate()
    {
        Model.Validate();
        Training.Validate();
        if (Model is ToyGanConfig toy && Training.BatchSize % toy.Pack != 0)
            throw new ArgumentException($"BatchSize ({Training.BatchSize}) must be a multiple of Pack ({toy.Pack}).", nameof(Training.BatchSize));
        if (IsToy != Model is ToyGanConfig)
            throw new ArgumentException($"data set '{DataSet}' does not fit a {Model.GetType().Name}.", nameof(DataSet));
    }
}

/// <summary>The built-in presets.</summary>
public static class Presets
{
    // Keras Adam(lr=0.0002) as the seed compiles it: Keras' default beta1 is 0.9.
    private static readonly OptimizerSettings SeedAdam = new() { LearningRate = 2e-4, Beta1 = 0.9 };

    /// <summary>
    /// The seed article's Keras MLP GAN, trained on real digits instead of the article's uniform noise. Networks,
    /// initialisation, optimiser, loss and batch are the seed's; GanLab adds an R1 penalty (gamma 10) on D, without
    /// which D wins within a few hundred steps and G collapses to one saturated image (README, Results).
    /// </summary>
    public static Preset SeedMlpMnist { get; } = new("seed-mlp-mnist",
        "The seed article's Keras MLP GAN (ReLU, sigmoid pixels in [0,1], Adam 2e-4, batch 100) on MNIST, plus an R1 penalty on D (gamma 10)",
        "mnist", new MlpGanConfig(),
        new TrainingConfig
        {
            Steps = 4000, BatchSize = 100, GeneratorOptimizer = SeedAdam, DiscriminatorOptimizer = SeedAdam, R1Weight = 10,
            SampleEvery = 500, CheckpointEvery = 2000,
        });

    /// <summary>The improved MLP: LeakyReLU, tanh on [-1, 1], DCGAN's Adam betas.</summary>
    public static Preset MlpMnist { get; } = new("mlp-mnist",
        "Improved MLP GAN (LeakyReLU 0.2, tanh output on [-1,1], Adam 2e-4 beta1 0.5, batch 64) on MNIST; the quick-start default",
        "mnist", MlpGanConfig.Improved,
        new TrainingConfig { Steps = 6000, BatchSize = 64, SampleEvery = 500, CheckpointEvery = 2000 });

    /// <summary>DCGAN on MNIST with the paper's settings.</summary>
    public static Preset DcganMnist { get; } = new("dcgan-mnist",
        "DCGAN for 28x28 digits (ngf = ndf = 64, Adam 2e-4 beta1 0.5, batch 64, BCE, non-saturating G)",
        "mnist", new DcganConfig(),
        new TrainingConfig { Steps = 3000, BatchSize = 64, SampleEvery = 250, CheckpointEvery = 1000 });

    /// <summary>DCGAN on Fashion-MNIST.</summary>
    public static Preset DcganFashion { get; } = DcganMnist with
    {
        Name = "dcgan-fashion",
        Description = "DCGAN on Fashion-MNIST (Debian package dataset-fashion-mnist or $GANLAB_DATA)",
        DataSet = "fashion-mnist",
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
        DataSet = "fashion-mnist",
    };

    /// <summary>DCGAN on Stacked MNIST (1,000 modes), the VEEGAN / PacGAN mode-collapse benchmark.</summary>
    public static Preset DcganStackedMnist { get; } = DcganMnist with
    {
        Name = "dcgan-stacked-mnist",
        Description = "DCGAN on Stacked MNIST (three digits as RGB channels, 1,000 modes; `ganlab eval` counts the modes covered)",
        DataSet = Data.StackedMnist.DataSetName,
        Model = new DcganConfig { Channels = 3 },
    };

    private static readonly TrainingConfig ToyTraining = new()
    {
        Steps = 10_000, BatchSize = 256, DecayStartFraction = 0.5, FinalLearningRateFraction = 0.1,
        SampleEvery = 1000, CheckpointEvery = 5000, FixedSampleCount = 512,
    };

    /// <summary>Ring of 8 Gaussians, plain GAN (calibrated in ANCHORS.md to cover all 8 modes).</summary>
    public static Preset ToyRing { get; } = new("toy-ring",
        "2-D ring of 8 Gaussians (radius 1, sigma 0.01), MLP 3x128, non-saturating loss, lr 2e-4 decaying to 2e-5",
        "toy:ring", new ToyGanConfig(), ToyTraining);

    // The grid's modes are 20 times narrower than their spacing: samples become precise (within 3 sigma) only as the
    // learning rate decays, so the grid trains 60,000 steps with the decay starting at a quarter and ending at 1%.
    private static readonly TrainingConfig GridTraining = ToyTraining with { Steps = 60_000, DecayStartFraction = 0.25, FinalLearningRateFraction = 0.01 };

    /// <summary>Grid of 25 Gaussians with PacGAN packing 2: GanLab's recommended grid setting.</summary>
    public static Preset ToyGrid { get; } = new("toy-grid",
        "2-D grid of 25 Gaussians (sigma 0.05), MLP 3x128, PacGAN packing 2, 60,000 steps, lr 2e-4 decaying to 2e-6",
        "toy:grid", new ToyGanConfig { Pack = 2 }, GridTraining);

    /// <summary>The grid with a plain GAN (no packing): the baseline the mode-coverage table compares PacGAN with.</summary>
    public static Preset ToyGridPlain { get; } = new("toy-grid-plain",
        "2-D grid of 25 Gaussians with a plain GAN (no packing), otherwise as toy-grid: the mode-collapse baseline",
        "toy:grid", new ToyGanConfig(), GridTraining);

    /// <summary>A continuous spiral: no modes, tests drawing a curve.</summary>
    public static Preset ToySpiral { get; } = new("toy-spiral",
        "2-D spiral (continuous shape), MLP 3x128, non-saturating loss",
        "toy:spiral", new ToyGanConfig(), ToyTraining);

    /// <summary>All presets, in the order `ganlab presets` lists them.</summary>
    public static IReadOnlyList<Preset> All { get; } = new[] { MlpMnist, SeedMlpMnist, DcganMnist, DcganFashion, ConditionalDcganMnist, ConditionalDcganFashion, DcganStackedMnist, ToyRing, ToyGrid, ToyGridPlain, ToySpiral };

    /// <summary>Finds a preset by name.</summary>
    public static Preset Find(string name) =>
        All.FirstOrDefault(preset => preset.Name == name)
        ?? throw new ArgumentException($"preset '{name}' is not known; run `ganlab presets` to list them ({string.Join(", ", All.Select(preset => preset.Name).Concat(Text.TextPresets.All.Select(preset => preset.Name)))}).", "preset");
}
