using System.Text.Json.Serialization;
using GanLab.Core;
using TorchSharp;
using static TorchSharp.torch;

namespace GanLab.Models;

/// <summary>Small MLP GAN for 2-D toy data (GAN Lab / VEEGAN style): G with ReLU, D with LeakyReLU 0.2.</summary>
public sealed record ToyGanConfig : ModelConfig
{
    /// <summary>Creates the default: 2-D noise, 3 hidden layers of 128 in each network.</summary>
    public ToyGanConfig() { LatentSize = 2; }

    /// <summary>Neurons per hidden layer.</summary>
    public int Width { get; init; } = 128;
    /// <summary>Hidden layers in the generator.</summary>
    public int GeneratorDepth { get; init; } = 3;
    /// <summary>Hidden layers in the discriminator.</summary>
    public int DiscriminatorDepth { get; init; } = 3;
    /// <summary>PacGAN packing: D judges this many samples at once (1 = no packing). Batch size must be a multiple.</summary>
    public int Pack { get; init; } = 1;

    /// <inheritdoc />
    protected override bool SupportsSpectralNorm => true;
    /// <inheritdoc />
    [JsonIgnore] public override (int Multiple, string Field)? BatchMultiple => (Pack, "model.pack");

    /// <inheritdoc />
    public override void Validate()
    {
        base.Validate();
        Guard.Positive(Width, nameof(Width));
        Guard.InRange(GeneratorDepth, 1, 16, nameof(GeneratorDepth));
        Guard.InRange(DiscriminatorDepth, 1, 16, nameof(DiscriminatorDepth));
        Guard.InRange(Pack, 1, 16, nameof(Pack));
    }

    /// <inheritdoc />
    protected override GanModel BuildNetworks()
    {
        var generator = new MultiLayerPerceptron("generator", LatentSize, Enumerable.Repeat(Width, GeneratorDepth).ToArray(), 2, Activation.Relu, Activation.None);
        var discriminator = new PackedDiscriminator(Pack,
            new MultiLayerPerceptron("critic", 2 * Pack, Enumerable.Repeat(Width, DiscriminatorDepth).ToArray(), 1, Activation.LeakyRelu, Activation.None, spectralNorm: SpectralNorm));
        return new GanModel(generator, discriminator, new long[] { 2 }, SampleRange.Unbounded, LatentSize);
    }
}
