using GanLab.Core;

namespace GanLab.Models;

/// <summary>
/// Fully connected GAN for 28x28 images. The defaults are the seed article's Keras model exactly:
/// G 100 -> 256 -> 512 -> 1024 -> 784 (ReLU, sigmoid output, pixels in [0, 1]);
/// D 784 -> 1024 -> 512 -> 256 -> 1 (ReLU; the sigmoid is applied inside the loss).
/// </summary>
public sealed record MlpGanConfig : ModelConfig
{
    /// <summary>Hidden layer widths of the generator, input side first.</summary>
    public int[] GeneratorHiddenSizes { get; init; } = { 256, 512, 1024 };
    /// <summary>Hidden layer widths of the discriminator, input side first.</summary>
    public int[] DiscriminatorHiddenSizes { get; init; } = { 1024, 512, 256 };
    /// <summary>Activation between hidden layers (the seed uses ReLU in both networks).</summary>
    public Activation HiddenActivation { get; init; } = Activation.Relu;
    /// <summary>Generator output: Sigmoid (pixels in [0, 1], the seed) or Tanh ([-1, 1]).</summary>
    public Activation OutputActivation { get; init; } = Activation.Sigmoid;
    /// <summary>Keras' Dense defaults: Glorot-uniform weights and zero biases (the seed's initialisation);
    /// false keeps TorchSharp's Linear defaults.</summary>
    public bool GlorotInitialisation { get; init; } = true;
    /// <summary>Image side length in pixels.</summary>
    public int ImageSize { get; init; } = 28;

    /// <summary>The improved variant: LeakyReLU 0.2 everywhere and a tanh output on [-1, 1] data.</summary>
    public static MlpGanConfig Improved { get; } = new() { HiddenActivation = Activation.LeakyRelu, OutputActivation = Activation.Tanh };

    /// <inheritdoc />
    protected override bool SupportsSpectralNorm => true;

    /// <inheritdoc />
    public override void Validate()
    {
        base.Validate();
        Guard.AllPositive(GeneratorHiddenSizes, nameof(GeneratorHiddenSizes));
        Guard.AllPositive(DiscriminatorHiddenSizes, nameof(DiscriminatorHiddenSizes));
        Guard.Defined(HiddenActivation, nameof(HiddenActivation));
        if (OutputActivation is not (Activation.Sigmoid or Activation.Tanh))
            throw new ArgumentException($"{nameof(OutputActivation)} must be Sigmoid or Tanh, got {OutputActivation}.", nameof(OutputActivation));
        Guard.Positive(ImageSize, nameof(ImageSize));
    }

    /// <inheritdoc />
    protected override GanModel BuildNetworks()
    {
        var pixels = ImageSize * ImageSize;
        var shape = new long[] { 1, ImageSize, ImageSize };
        var generator = new MultiLayerPerceptron("generator", LatentSize, GeneratorHiddenSizes, pixels, HiddenActivation, OutputActivation, shape);
        var discriminator = new MultiLayerPerceptron("discriminator", pixels, DiscriminatorHiddenSizes, 1, HiddenActivation, Activation.None, spectralNorm: SpectralNorm);
        if (GlorotInitialisation)
        {
            GlorotInitialiser.Apply(generator);
            GlorotInitialiser.Apply(discriminator);
        }
        var range = OutputActivation == Activation.Sigmoid ? SampleRange.ZeroToOne : SampleRange.MinusOneToOne;
        return new GanModel(generator, discriminator, shape, range, LatentSize);
    }
}

/// <summary>Glorot (Xavier) uniform weights and zero biases for every Linear layer, as Keras' Dense layer starts.</summary>
public static class GlorotInitialiser
{
    /// <summary>Re-initialises the Linear layers of <paramref name="module"/> in place.</summary>
    public static void Apply(TorchSharp.torch.nn.Module module)
    {
        using var noGradient = TorchSharp.torch.no_grad();
        foreach (var (_, child) in module.named_modules())
        {
            if (child is not TorchSharp.Modules.Linear) continue;
            foreach (var (name, parameter) in child.named_parameters(recurse: false))
                if (name == "weight") TorchSharp.torch.nn.init.xavier_uniform_(parameter); else TorchSharp.torch.nn.init.zeros_(parameter);
        }
    }
}
