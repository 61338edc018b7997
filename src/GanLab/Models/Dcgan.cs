using GanLab.Core;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace GanLab.Models;

/// <summary>DCGAN (Radford et al. 2016) sized for 28x28 single-channel images, tanh output on [-1, 1] data.</summary>
public sealed record DcganConfig : ModelConfig
{
    /// <summary>Generator feature maps (ngf in the DCGAN paper).</summary>
    public int GeneratorFeatures { get; init; } = 64;
    /// <summary>Discriminator feature maps (ndf in the DCGAN paper).</summary>
    public int DiscriminatorFeatures { get; init; } = 64;
    /// <summary>Image channels (1 for MNIST and Fashion-MNIST, 3 for Stacked MNIST).</summary>
    public int Channels { get; init; } = 1;
    /// <summary>0 = unconditional; else a class-conditional DCGAN over this many classes (one-hot labels appended
    /// to G's noise and as constant planes to D's input channels).</summary>
    public int ClassCount { get; init; }
    /// <summary>D's normalisation after its second convolution: BatchNorm (the paper) or GroupNorm (8 groups), which
    /// normalises each image alone, as DP-SGD's per-example gradients need.</summary>
    public Normalisation DiscriminatorNormalisation { get; init; } = Normalisation.BatchNorm;

    /// <inheritdoc />
    protected override bool SupportsSpectralNorm => true;

    /// <inheritdoc />
    public override void Validate()
    {
        base.Validate();
        Guard.Positive(GeneratorFeatures, nameof(GeneratorFeatures));
        Guard.Positive(DiscriminatorFeatures, nameof(DiscriminatorFeatures));
        Guard.InRange(Channels, 1, 4, nameof(Channels));
        Guard.InRange(ClassCount, 0, 1000, nameof(ClassCount));
        Guard.Defined(DiscriminatorNormalisation, nameof(DiscriminatorNormalisation));
    }

    /// <inheritdoc />
    protected override GanModel BuildNetworks()
    {
        var generator = new DcganGenerator(LatentSize + ClassCount, GeneratorFeatures, Channels);
        var discriminator = new DcganDiscriminator(DiscriminatorFeatures, Channels + ClassCount, DiscriminatorNormalisation, SpectralNorm);
        DcganInitialisation.Apply(generator);
        DcganInitialisation.Apply(discriminator);
        return new GanModel(generator, discriminator, new long[] { Channels, 28, 28 }, SampleRange.MinusOneToOne, LatentSize, ClassCount);
    }
}

/// <summary>z [B, nz] -> 7x7 (2 ngf) -> 14x14 (ngf) -> 28x28 (channels), BatchNorm + ReLU between, tanh out.</summary>
/// <remarks>Feature maps halve at each upsampling and end at ngf, as in the DCGAN paper's generator, two stages
/// instead of four because 28 = 7 x 2 x 2.</remarks>
public sealed class DcganGenerator : Module<Tensor, Tensor>
{
    private readonly Sequential layers;

    /// <summary>Builds the generator.</summary>
    public DcganGenerator(int latentSize, int features, int channels) : base("generator")
    {
        layers = Sequential(
            ("project", ConvTranspose2d(latentSize, features * 2, 7, stride: 1, padding: 0L, bias: false)),
            ("project_norm", BatchNorm2d(features * 2)),
            ("project_relu", ReLU()),
            ("up1", ConvTranspose2d(features * 2, features, 4, stride: 2, padding: 1, bias: false)),
            ("up1_norm", BatchNorm2d(features)),
            ("up1_relu", ReLU()),
            ("up2", ConvTranspose2d(features, channels, 4, stride: 2, padding: 1, bias: false)),
            ("output", Tanh()));
        RegisterComponents();
    }

    /// <summary>[B, nz] -> [B, channels, 28, 28].</summary>
    public override Tensor forward(Tensor noise)
    {
        using var scope = NewDisposeScope();
        return layers.call(noise.view(noise.shape[0], -1, 1, 1)).MoveToOuterDisposeScope();
    }
}

/// <summary>How a discriminator normalises its hidden features.</summary>
public enum Normalisation
{
    /// <summary>Batch statistics (Ioffe and Szegedy 2015): examples influence each other's outputs.</summary>
    BatchNorm,
    /// <summary>Statistics over groups of channels of one example (Wu and He 2018).</summary>
    GroupNorm,
}

/// <summary>[B, C, 28, 28] -> 14x14 (ndf, no BatchNorm on the first layer) -> 7x7 (2 ndf) -> one score.</summary>
public sealed class DcganDiscriminator : Module<Tensor, Tensor>, ILayerChain
{
    private readonly Sequential layers;

    /// <summary>Builds the discriminator.</summary>
    /// <remarks><paramref name="spectralNorm"/> wraps the three convolutions in <see cref="SpectralNormalised"/>.</remarks>
    public DcganDiscriminator(int features, int channels, Normalisation normalisation = Normalisation.BatchNorm, bool spectralNorm = false) : base("discriminator")
    {
        layers = Sequential(
            ("down1", SpectralNormalised.Maybe(Conv2d(channels, features, 4, stride: 2, padding: 1, bias: false), spectralNorm)),
            ("down1_relu", new LeakyRelu()),
            ("down2", SpectralNormalised.Maybe(Conv2d(features, features * 2, 4, stride: 2, padding: 1, bias: false), spectralNorm)),
            ("down2_norm", normalisation == Normalisation.GroupNorm ? (Module<Tensor, Tensor>)GroupNorm(8, features * 2) : BatchNorm2d(features * 2)),
            ("down2_relu", new LeakyRelu()),
            ("score", SpectralNormalised.Maybe(Conv2d(features * 2, 1, 7, stride: 1, padding: 0L, bias: false), spectralNorm)));
        RegisterComponents();
    }

    /// <summary>[B, C, 28, 28] -> [B, 1] raw scores.</summary>
    public override Tensor forward(Tensor images)
    {
        using var scope = NewDisposeScope();
        return layers.call(images).view(-1, 1).MoveToOuterDisposeScope();
    }

    /// <inheritdoc />
    public IEnumerable<Module<Tensor, Tensor>> Layers => layers.children().Cast<Module<Tensor, Tensor>>();
    /// <inheritdoc />
    public Tensor Prepare(Tensor input) => input;
    /// <inheritdoc />
    public Tensor Finish(Tensor output) => output.view(-1, 1);
}

/// <summary>The DCGAN paper's initialisation: conv weights N(0, 0.02), BatchNorm (and GroupNorm) weights N(1, 0.02), biases 0.</summary>
public static class DcganInitialisation
{
    /// <summary>Re-initialises every convolution and BatchNorm layer of <paramref name="module"/> in place.</summary>
    public static void Apply(Module module)
    {
        using var noGradient = no_grad();
        foreach (var (_, child) in module.named_modules())
        {
            switch (child)
            {
                case TorchSharp.Modules.Conv2d or TorchSharp.Modules.ConvTranspose2d:
                    foreach (var (name, parameter) in child.named_parameters(recurse: false))
                        if (name == "weight") init.normal_(parameter, 0.0, 0.02);
                    break;
                // GroupNorm gets the same treatment: TorchSharp 0.107 leaves its affine parameters uninitialised
                // (D's first scores were 1e18 before this).
                case TorchSharp.Modules.BatchNorm2d or TorchSharp.Modules.GroupNorm:
                    foreach (var (name, parameter) in child.named_parameters(recurse: false))
                        if (name == "weight") init.normal_(parameter, 1.0, 0.02); else init.zeros_(parameter);
                    break;
            }
        }
    }
}
