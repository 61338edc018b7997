using GanLab.Core;
using GanLab.Data.Audio;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace GanLab.Models;

/// <summary>SpecGAN (Donahue et al. 2019), small: a DCGAN-like 2-D GAN on normalised log-magnitude spectrograms of
/// 128 bins x 64 frames (<see cref="Spectrograms"/>), tanh output on [-1, 1]; audio comes back through Griffin-Lim.</summary>
/// <remarks>The paper's networks are DCGAN's at 128x128 with 64 maps; here four up- and down-sampling stages from
/// 8x4 with 16 maps by default, so a step costs a few DCGAN-28 steps on two CPU cores. D has no normalisation
/// layers (the paper trains it with WGAN-GP; R1 and spectral norm also want per-example D outputs).</remarks>
public sealed record SpecGanConfig : ModelConfig
{
    /// <summary>G's maps at the last stage (x8, x4, x2 before it).</summary>
    public int GeneratorFeatures { get; init; } = 16;
    /// <summary>D's maps at the first stage (x2, x4, x8 after it).</summary>
    public int DiscriminatorFeatures { get; init; } = 16;
    /// <summary>0 = unconditional; else one-hot digit after z and ten class planes into D (as conditional DCGAN).</summary>
    public int ClassCount { get; init; }

    /// <inheritdoc />
    protected override bool SupportsSpectralNorm => true;

    /// <inheritdoc />
    public override void Validate()
    {
        base.Validate();
        Guard.Positive(GeneratorFeatures, nameof(GeneratorFeatures));
        Guard.Positive(DiscriminatorFeatures, nameof(DiscriminatorFeatures));
        Guard.InRange(ClassCount, 0, 1000, nameof(ClassCount));
    }

    /// <inheritdoc />
    protected override GanModel BuildNetworks()
    {
        var generator = new SpecGanGenerator(LatentSize + ClassCount, GeneratorFeatures);
        var discriminator = new SpecGanDiscriminator(DiscriminatorFeatures, 1 + ClassCount, SpectralNorm);
        DcganInitialisation.Apply(generator);
        DcganInitialisation.Apply(discriminator);
        return new GanModel(generator, discriminator, new long[] { 1, Spectrograms.Bins, Spectrograms.Frames }, SampleRange.MinusOneToOne, LatentSize, ClassCount);
    }
}

/// <summary>z -> 8x4 (8 F) -> 16x8 (4 F) -> 32x16 (2 F) -> 64x32 (F) -> 128x64 (1), BatchNorm + ReLU between, tanh out.</summary>
public sealed class SpecGanGenerator : Module<Tensor, Tensor>
{
    private readonly Sequential layers;

    /// <summary>Builds the generator.</summary>
    public SpecGanGenerator(int latentSize, int features) : base("generator")
    {
        var stages = new List<(string, Module<Tensor, Tensor>)>
        {
            ("project", ConvTranspose2d(latentSize, features * 8, (8L, 4L), bias: false)),
            ("project_norm", BatchNorm2d(features * 8)),
            ("project_relu", ReLU()),
        };
        foreach (var (stage, input, output) in new[] { (1, 8, 4), (2, 4, 2), (3, 2, 1) })
        {
            stages.Add(($"up{stage}", ConvTranspose2d(features * input, features * output, 4, stride: 2, padding: 1, bias: false)));
            stages.Add(($"up{stage}_norm", BatchNorm2d(features * output)));
            stages.Add(($"up{stage}_relu", ReLU()));
        }
        stages.Add(("up4", ConvTranspose2d(features, 1, 4, stride: 2, padding: 1, bias: false)));
        stages.Add(("output", Tanh()));
        layers = Sequential(stages);
        RegisterComponents();
    }

    /// <summary>[B, nz] -> [B, 1, 128, 64].</summary>
    public override Tensor forward(Tensor noise)
    {
        using var scope = NewDisposeScope();
        return layers.call(noise.view(noise.shape[0], -1, 1, 1)).MoveToOuterDisposeScope();
    }
}

/// <summary>[B, C, 128, 64] -> 64x32 (F) -> 32x16 (2 F) -> 16x8 (4 F) -> 8x4 (8 F) -> one score; LeakyReLU 0.2.</summary>
public sealed class SpecGanDiscriminator : Module<Tensor, Tensor>
{
    private readonly Sequential layers;

    /// <summary>Builds the discriminator (<paramref name="spectralNorm"/>: every convolution spectrally normalised;
    /// <paramref name="deviationGroup"/> &gt; 0: a <see cref="MinibatchDeviation"/> plane before the score).</summary>
    public SpecGanDiscriminator(int features, int channels, bool spectralNorm = false, int deviationGroup = 0) : base("discriminator")
    {
        var stages = new List<(string, Module<Tensor, Tensor>)>();
        var widths = new[] { channels, features, features * 2, features * 4, features * 8 };
        for (var stage = 1; stage < widths.Length; stage++)
        {
            stages.Add(($"down{stage}", SpectralNormalised.Maybe(Conv2d(widths[stage - 1], widths[stage], 4, stride: 2, padding: 1), spectralNorm)));
            stages.Add(($"down{stage}_relu", new LeakyRelu()));
        }
        if (deviationGroup > 0) stages.Add(("deviation", new MinibatchDeviation(deviationGroup)));
        stages.Add(("score", SpectralNormalised.Maybe(Conv2d(features * 8 + (deviationGroup > 0 ? 1 : 0), 1, (8L, 4L)), spectralNorm)));
        layers = Sequential(stages);
        RegisterComponents();
    }

    /// <summary>[B, C, 128, 64] -> [B, 1] raw scores.</summary>
    public override Tensor forward(Tensor spectrograms)
    {
        using var scope = NewDisposeScope();
        return layers.call(spectrograms).view(-1, 1).MoveToOuterDisposeScope();
    }
}
