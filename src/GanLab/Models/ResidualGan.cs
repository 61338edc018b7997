using GanLab.Core;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace GanLab.Models;

/// <summary>
/// A small modern GAN for 28x28 images in the style of R3GAN (Huang et al. 2024): residual blocks (1x1 -> grouped 3x3
/// -> 1x1, LeakyReLU 0.2), no normalisation layers, the last layer of each block zero-initialised so every block starts
/// as the identity, bilinear resampling between the 7x7, 14x14 and 28x28 stages. G and D mirror each other.
/// </summary>
public sealed record ResidualGanConfig : ModelConfig
{
    /// <summary>Creates the default: 64-dimensional noise.</summary>
    public ResidualGanConfig() { LatentSize = 64; }

    /// <summary>Feature maps at 7x7, 14x14 and 28x28 (G and D alike).</summary>
    public int[] Widths { get; init; } = { 64, 32, 16 };
    /// <summary>Residual blocks per stage.</summary>
    public int BlocksPerStage { get; init; } = 1;
    /// <summary>The block's inner width as a multiple of its stage width (R3GAN: 2 or more; 1 here keeps a step within
    /// about 1.5 times DCGAN-28's on 2 CPU cores, see docs/architecture.md).</summary>
    public int Expansion { get; init; } = 1;
    /// <summary>Channels per group of the grouped 3x3 convolution (R3GAN's cardinality is inner width / this).</summary>
    public int GroupWidth { get; init; } = 16;
    /// <summary>Image channels (1 for MNIST and Fashion-MNIST, 3 for Stacked MNIST).</summary>
    public int Channels { get; init; } = 1;

    /// <inheritdoc />
    protected override bool SupportsSpectralNorm => true;

    /// <inheritdoc />
    public override void Validate()
    {
        base.Validate();
        if (Widths is not { Length: 3 }) throw new ArgumentException("widths must list three feature-map counts (7x7, 14x14, 28x28).", "widths");
        for (var index = 0; index < 3; index++) Guard.InRange(Widths[index], 1, 4096, $"widths.{index}");
        Guard.InRange(BlocksPerStage, 0, 16, "blocksPerStage");
        Guard.InRange(Expansion, 1, 16, "expansion");
        Guard.InRange(GroupWidth, 1, 4096, "groupWidth");
        foreach (var width in Widths)
            if (width * Expansion % GroupWidth != 0)
                throw new ArgumentException($"groupWidth {GroupWidth} must divide every block's inner width (width x expansion = {width * Expansion}).", "groupWidth");
        Guard.InRange(Channels, 1, 4, "channels");
    }

    /// <inheritdoc />
    protected override GanModel BuildNetworks()
    {
        var blocks = 3 * BlocksPerStage;
        var generator = new ResidualGenerator(this, blocks);
        var discriminator = new ResidualDiscriminator(this, blocks);
        return new GanModel(generator, discriminator, new long[] { Channels, 28, 28 }, SampleRange.MinusOneToOne, LatentSize);
    }
}

/// <summary>x + 1x1(act(grouped 3x3(act(1x1(x))))), the last 1x1 zero-initialised (R3GAN's block without normalisation).</summary>
public sealed class ResidualBlock : Module<Tensor, Tensor>
{
    private readonly Module<Tensor, Tensor> expand;
    private readonly Module<Tensor, Tensor> spatial;
    private readonly Module<Tensor, Tensor> reduce;

    /// <summary>Builds a block of <paramref name="width"/> channels; <paramref name="totalBlocks"/> scales the initialisation.</summary>
    public ResidualBlock(int width, int expansion, int groupWidth, int totalBlocks, bool spectralNorm) : base("block")
    {
        var inner = width * expansion;
        var first = Conv2d(width, inner, 1);
        var second = Conv2d(inner, inner, 3, padding: 1, groups: inner / groupWidth);
        var last = Conv2d(inner, width, 1);
        // Fix-up style variance scaling (R3GAN): He initialisation times L^(-1/(2(m-1))) for L blocks of m = 3 layers
        // keeps the sum of many residual branches from growing with depth; the zero last layer makes each block start
        // as the identity.
        var scale = Math.Pow(totalBlocks, -0.25);
        ResidualInitialisation.He(first.weight!, scale);
        ResidualInitialisation.He(second.weight!, scale);
        // Spectral normalisation divides by the largest singular value, which a zero layer does not have (and it would
        // rescale any small start to unit norm anyway): under it the last layer starts like the others.
        if (spectralNorm) ResidualInitialisation.He(last.weight!, scale);
        using (no_grad())
        {
            if (!spectralNorm) last.weight!.zero_();
            foreach (var bias in new[] { first.bias!, second.bias!, last.bias! }) bias.zero_();
        }
        expand = SpectralNormalised.Maybe(first, spectralNorm);
        spatial = SpectralNormalised.Maybe(second, spectralNorm);
        reduce = SpectralNormalised.Maybe(last, spectralNorm);
        RegisterComponents();
    }

    /// <summary>[B, width, H, W] -> the same shape.</summary>
    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var hidden = HeldScalars.LeakyRelu(expand.call(input));
        hidden = HeldScalars.LeakyRelu(spatial.call(hidden));
        return (input + reduce.call(hidden)).MoveToOuterDisposeScope();
    }
}

/// <summary>z -> linear to [widths0, 7, 7] -> blocks -> (1x1, bilinear x2) -> blocks at 14 -> (1x1, x2) -> blocks at 28
/// -> 1x1 to the image channels (no output squashing, as in R3GAN).</summary>
public sealed class ResidualGenerator : Module<Tensor, Tensor>
{
    private readonly Linear basis;
    private readonly ModuleList<Module<Tensor, Tensor>> stages = new();
    private readonly ModuleList<Module<Tensor, Tensor>> transitions = new();
    private readonly Conv2d output;
    private readonly int baseWidth;

    /// <summary>Builds G for <paramref name="config"/>.</summary>
    public ResidualGenerator(ResidualGanConfig config, int totalBlocks) : base("generator")
    {
        baseWidth = config.Widths[0];
        basis = Linear(config.LatentSize, baseWidth * 49);
        for (var stage = 0; stage < 3; stage++)
        {
            stages.Add(ResidualInitialisation.Stage(config, config.Widths[stage], totalBlocks, false));
            if (stage < 2) transitions.Add(Conv2d(config.Widths[stage], config.Widths[stage + 1], 1));
        }
        output = Conv2d(config.Widths[2], config.Channels, 1);
        ResidualInitialisation.Plain(basis, output, transitions);
        RegisterComponents();
    }

    /// <summary>[B, nz] -> [B, channels, 28, 28].</summary>
    public override Tensor forward(Tensor noise)
    {
        using var scope = NewDisposeScope();
        var hidden = stages[0].call(basis.call(noise).view(-1, baseWidth, 7, 7));
        for (var stage = 1; stage < 3; stage++)
        {
            var wider = transitions[stage - 1].call(hidden);
            hidden = stages[stage].call(functional.interpolate(wider, scale_factor: new[] { 2.0, 2.0 }, mode: InterpolationMode.Bilinear, align_corners: false));
        }
        return output.call(hidden).MoveToOuterDisposeScope();
    }
}

/// <summary>Image -> 1x1 to widths2 -> blocks at 28 -> (halve, 1x1) -> blocks at 14 -> (halve, 1x1) -> blocks at 7 ->
/// linear -> one raw score.</summary>
public sealed class ResidualDiscriminator : Module<Tensor, Tensor>
{
    private readonly Module<Tensor, Tensor> input;
    private readonly ModuleList<Module<Tensor, Tensor>> stages = new();
    private readonly ModuleList<Module<Tensor, Tensor>> transitions = new();
    private readonly Module<Tensor, Tensor> score;

    /// <summary>Builds D for <paramref name="config"/>.</summary>
    public ResidualDiscriminator(ResidualGanConfig config, int totalBlocks) : base("discriminator")
    {
        var spectral = config.SpectralNorm;
        var first = Conv2d(config.Channels, config.Widths[2], 1);
        var transitionLayers = new List<Module<Tensor, Tensor>>();
        for (var stage = 2; stage >= 0; stage--)
        {
            stages.Add(ResidualInitialisation.Stage(config, config.Widths[stage], totalBlocks, spectral));
            if (stage > 0) transitionLayers.Add(Conv2d(config.Widths[stage], config.Widths[stage - 1], 1));
        }
        var last = Linear(config.Widths[0] * 49, 1);
        ResidualInitialisation.Plain(first, last, transitionLayers);
        input = SpectralNormalised.Maybe(first, spectral);
        foreach (var layer in transitionLayers) transitions.Add(SpectralNormalised.Maybe(layer, spectral));
        score = SpectralNormalised.Maybe(last, spectral);
        RegisterComponents();
    }

    /// <summary>[B, channels, 28, 28] -> [B, 1].</summary>
    public override Tensor forward(Tensor images)
    {
        using var scope = NewDisposeScope();
        var hidden = stages[0].call(input.call(images));
        for (var stage = 1; stage < 3; stage++)
            // Bilinear halving of an even-sized map samples between each 2x2 group: exactly the 2x2 average, done cheaper.
            hidden = stages[stage].call(transitions[stage - 1].call(functional.avg_pool2d(hidden, 2)));
        return score.call(hidden.flatten(1)).MoveToOuterDisposeScope();
    }
}

/// <summary>Initialisation and stage helpers of the residual family.</summary>
internal static class ResidualInitialisation
{
    /// <summary>He (Kaiming) normal initialisation for LeakyReLU 0.2, times <paramref name="scale"/>.</summary>
    public static void He(Tensor weight, double scale)
    {
        var fanIn = weight.shape.Skip(1).Aggregate(1L, (product, size) => product * size);
        var deviation = scale * Math.Sqrt(2.0 / (1 + 0.2 * 0.2) / fanIn);
        using (no_grad()) init.normal_(weight, 0, deviation);
    }

    /// <summary>Stage of <see cref="ResidualGanConfig.BlocksPerStage"/> blocks (identity when 0).</summary>
    public static Module<Tensor, Tensor> Stage(ResidualGanConfig config, int width, int totalBlocks, bool spectralNorm) =>
        config.BlocksPerStage == 0 ? Identity() : Sequential(Enumerable.Range(0, config.BlocksPerStage)
            .Select(index => ((string)$"block{index}", (Module<Tensor, Tensor>)new ResidualBlock(width, config.Expansion, config.GroupWidth, totalBlocks, spectralNorm))));

    /// <summary>The layers outside blocks are linear maps: unit-gain He initialisation, zero biases.</summary>
    public static void Plain(Module first, Module last, IEnumerable<Module> middle)
    {
        using var noGradient = no_grad();
        foreach (var layer in middle.Append(first).Append(last))
            foreach (var (name, parameter) in layer.named_parameters(recurse: false))
            {
                if (name == "bias") parameter.zero_();
                else init.normal_(parameter, 0, Math.Sqrt(1.0 / parameter.shape.Skip(1).Aggregate(1L, (product, size) => product * size)));
            }
    }
}
