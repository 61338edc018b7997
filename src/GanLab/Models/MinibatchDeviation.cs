using GanLab.Core;
using TorchSharp;
using static TorchSharp.torch;

namespace GanLab.Models;

/// <summary>ProGAN's minibatch standard deviation (Karras et al. 2018): one feature plane appended to D's last maps,
/// holding how much the examples of each small group differ, averaged over maps and positions. A G that makes one
/// kind of sample gives groups with little spread, which D can then see; without it D judges each example alone and
/// cannot tell a batch of one digit from a batch of ten.</summary>
/// <remarks>Groups are runs of <c>group</c> neighbouring examples, not every (B / group)-th as in the paper's code: the
/// trainer sends real and generated halves through D in one batch, and a group must not span both halves (their
/// spread would tell D which is which).</remarks>
public sealed class MinibatchDeviation : nn.Module<Tensor, Tensor>
{
    // Keeps the square root's gradient finite for identical examples (R1 / R2 differentiate through it twice).
    private static readonly Scalar HeldEpsilon = 1e-8.ToScalar();
    private readonly int group;

    /// <summary>Groups of <paramref name="group"/> examples; the batch must be a multiple of it.</summary>
    public MinibatchDeviation(int group) : base("minibatch_deviation") => this.group = group;

    /// <summary>[B, C, H, W] -> [B, C + 1, H, W].</summary>
    public override Tensor forward(Tensor features)
    {
        using var scope = NewDisposeScope();
        var batch = features.shape[0];
        if (batch % group != 0)
            throw new ArgumentException($"D got a batch of {batch} examples, which minibatch-deviation groups of {group} cannot split; use a batch size that is a multiple of {group}.");
        var grouped = features.reshape(batch / group, group, -1);
        var spread = grouped.var(1, unbiased: false).add_(HeldEpsilon, HeldScalars.One).sqrt().mean(new long[] { 1 });
        var plane = spread.view(batch / group, 1).expand(batch / group, group).reshape(batch, 1, 1, 1)
            .expand(batch, 1, features.shape[2], features.shape[3]);
        return cat(new[] { features, plane }, 1).MoveToOuterDisposeScope();
    }
}
