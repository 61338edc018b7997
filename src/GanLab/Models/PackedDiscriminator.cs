using TorchSharp;
using static TorchSharp.torch;

namespace GanLab.Models;

/// <summary>PacGAN (Lin et al. 2018): D judges groups of <c>pack</c> neighbouring samples stacked as one input, so a G
/// that makes too few kinds of sample gives groups D can tell from real ones; one score per group.</summary>
/// <remarks>Groups are runs of neighbours: the trainer sends real and generated halves through D in one batch, and a
/// pack must not span both (the batch size is a multiple of <c>pack</c>, so none does).</remarks>
public sealed class PackedDiscriminator : nn.Module<Tensor, Tensor>
{
    private readonly nn.Module<Tensor, Tensor> critic;
    private readonly int pack;

    /// <summary>Wraps a critic whose input has <c>pack</c> times the samples' channels (their first dimension after
    /// the batch): a 2-D point's two coordinates, a spectrogram's one plane.</summary>
    public PackedDiscriminator(int pack, nn.Module<Tensor, Tensor> critic) : base("discriminator")
    {
        this.critic = critic;
        this.pack = pack;
        RegisterComponents();
    }

    /// <summary>[B, C, ...] -> [B / pack, pack C, ...] -> [B / pack, 1].</summary>
    public override Tensor forward(Tensor samples)
    {
        if (samples.shape[0] % pack != 0)
            throw new ArgumentException($"batch of {samples.shape[0]} cannot be packed in groups of {pack}; use a batch size that is a multiple of Pack.");
        using var scope = NewDisposeScope();
        var shape = samples.shape.ToArray();
        shape[0] /= pack;
        shape[1] *= pack;
        return critic.call(samples.reshape(shape)).MoveToOuterDisposeScope();
    }
}
