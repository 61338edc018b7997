using System.Reflection;
using TorchSharp;
using static TorchSharp.torch;

namespace GanLab.Core;

/// <summary>
/// The activations GanLab calls on every batch, with their Scalar parameters held for the life of the process.
/// </summary>
/// <remarks>
/// Why: TorchSharp 0.107 turns a <c>double</c> argument (the 0.2 of <c>leaky_relu</c>, softplus' beta and threshold)
/// into a new Scalar on every call and hands only its native pointer to libtorch. Nothing keeps that Scalar alive
/// during the call, so a garbage collection started by another thread can finalize it, freeing its memory while the
/// kernel still reads it: the run dies with c10's "Expected false to be true" from <c>Scalar::toFloat</c>. Seen in
/// lesson 05's sweep cell, once in <c>leaky_relu</c> and once in <c>softplus</c> (the losses); <c>HeldScalarTests</c>
/// makes it happen within seconds. Kernels that read their Scalar late (activations) are the ones hit; other
/// operators with a number argument have the same gap in TorchSharp. Upstream: dotnet/TorchSharp pull requests 1434
/// and 1496 (open). A static Scalar is rooted, so it is never finalized under a running kernel.
/// </remarks>
public static class HeldScalars
{
    /// <summary>The GAN-hacks LeakyReLU slope used by every GanLab discriminator.</summary>
    public const double LeakySlope = 0.2;

    /// <summary>1, held: the alpha of <c>add_(Scalar, Scalar)</c>, whose one-argument form makes an unheld 1 per call.</summary>
    public static readonly Scalar One = 1.0.ToScalar();

    private static readonly Scalar HeldLeakySlope = LeakySlope.ToScalar();
    private static readonly Scalar SoftplusBeta = One;
    private static readonly Scalar SoftplusThreshold = 20.0.ToScalar();

    // Tensor.softplus(double, double) is the only public form; its Scalar overload is private in 0.107.
    private static readonly Func<Tensor, Scalar, Scalar, Tensor> SoftplusWithScalars =
        typeof(Tensor).GetMethod("softplus1", BindingFlags.Instance | BindingFlags.NonPublic, new[] { typeof(Scalar), typeof(Scalar) })
            ?.CreateDelegate<Func<Tensor, Scalar, Scalar, Tensor>>()
        ?? throw new MissingMethodException("TorchSharp's Tensor.softplus1(Scalar, Scalar) is gone: update GanLab.Core.HeldScalars for this TorchSharp version.");

    /// <summary>max(x, 0.2 x), elementwise.</summary>
    public static Tensor LeakyRelu(Tensor input) => input.leaky_relu(HeldLeakySlope);

    /// <summary>log(1 + exp(x)), elementwise (beta 1, linear above 20 as in PyTorch).</summary>
    public static Tensor Softplus(Tensor input) => SoftplusWithScalars(input, SoftplusBeta, SoftplusThreshold);
}
