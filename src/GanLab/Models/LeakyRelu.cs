using TorchSharp;
using static TorchSharp.torch;

namespace GanLab.Models;

/// <summary>LeakyReLU whose slope is one <see cref="Scalar"/> held for the life of the process.</summary>
/// <remarks>
/// Why not TorchSharp's own: <c>nn.LeakyReLU</c> and <c>functional.leaky_relu</c> (0.107) convert the slope to a new
/// Scalar on every call and hand only its native pointer to libtorch. Nothing keeps that Scalar alive during the
/// call, so a garbage collection started by another thread can finalize it, and free its memory, while libtorch still
/// reads it: the run dies with c10's "Expected false to be true" from <c>Scalar::toFloat</c> (seen in lesson 05's
/// sweep; <c>LeakyReluTests</c> makes it happen within a second). Upstream: dotnet/TorchSharp pull requests 1434 and
/// 1496 (open). A static Scalar is rooted, so it is never finalized under a running kernel.
/// </remarks>
public sealed class LeakyRelu : nn.Module<Tensor, Tensor>
{
    /// <summary>The GAN-hacks slope used by every GanLab discriminator.</summary>
    public const double DefaultSlope = 0.2;

    private static readonly Scalar HeldDefaultSlope = DefaultSlope.ToScalar();

    /// <summary>Creates the activation with slope <see cref="DefaultSlope"/>.</summary>
    public LeakyRelu() : base("LeakyReLU") { }

    /// <summary>Elementwise max(x, 0.2 x).</summary>
    public override Tensor forward(Tensor input) => Apply(input);

    /// <summary>The same as a function, for models that call activations inline.</summary>
    public static Tensor Apply(Tensor input) => input.leaky_relu(HeldDefaultSlope);
}
