using GanLab.Models;
using TorchSharp.Modules;

namespace GanLab.Benchmarks;

/// <summary>Floating-point work of one training step, counted from layer sizes (convolutions and linear layers only;
/// BatchNorm, activations and the optimiser are a few percent and left out, so the GFLOP/s is a lower bound).</summary>
public static class StepWork
{
    /// <summary>
    /// Flops of one trainer step with one D update: D's update runs G forward (1), D forward on real and fake (2) and
    /// backward through both (4, input and weight gradients); G's update runs G forward and backward (3) and D forward
    /// and backward (3). Total 4 G + 9 D multiply-adds per example, 2 flops each.
    /// </summary>
    public static double FlopsPerStep(ModelConfig config, GanModel model, int batchSize)
    {
        var (generator, discriminator) = config is DcganConfig dcgan
            ? DcganMultiplyAdds(dcgan)
            : (LinearMultiplyAdds(model.Generator), LinearMultiplyAdds(model.RequiredDiscriminator));
        return 2.0 * batchSize * (4 * generator + 9 * discriminator);
    }

    /// <summary>Multiply-adds per example of DCGAN-28's generator and discriminator.</summary>
    public static (double Generator, double Discriminator) DcganMultiplyAdds(DcganConfig config)
    {
        double nz = config.LatentSize, ngf = config.GeneratorFeatures, ndf = config.DiscriminatorFeatures, channels = config.Channels;
        // Transposed convolution: every input value meets outChannels x k x k weights.
        var generator = nz * (2 * ngf) * 7 * 7          // project: 1x1 -> 7x7
                        + (2 * ngf * 7 * 7) * ngf * 16  // up1: 7x7 -> 14x14, kernel 4
                        + (ngf * 14 * 14) * channels * 16; // up2: 14x14 -> 28x28
        // Convolution: every output value sums inChannels x k x k products.
        var discriminator = (ndf * 14 * 14) * channels * 16 // down1
                            + (2 * ndf * 7 * 7) * ndf * 16  // down2
                            + 2 * ndf * 7 * 7;              // score: 7x7 kernel over 7x7 -> 1
        return (generator, discriminator);
    }

    /// <summary>Multiply-adds per example of a network made of linear layers (MLP, toy; packing ignored).</summary>
    public static double LinearMultiplyAdds(TorchSharp.torch.nn.Module network) =>
        network.modules().OfType<Linear>().Sum(layer => (double)layer.in_features * layer.out_features);
}
