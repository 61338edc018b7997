using GanLab.Core;
using static TorchSharp.torch;

namespace GanLab.Models;

/// <summary>LeakyReLU with slope 0.2 that is safe from TorchSharp's per-call Scalar (see <see cref="HeldScalars"/>).</summary>
public sealed class LeakyRelu : nn.Module<Tensor, Tensor>
{
    /// <summary>Creates the activation.</summary>
    public LeakyRelu() : base("LeakyReLU") { }

    /// <summary>Elementwise max(x, 0.2 x).</summary>
    public override Tensor forward(Tensor input) => HeldScalars.LeakyRelu(input);
}
