using GanLab.Core;
using TorchSharp;
using static TorchSharp.torch;

namespace GanLab.Training;

/// <summary>DP-SGD for the discriminator (Abadi et al. 2016; DPGAN): only D touches real data, so only D's update on
/// real examples is clipped per example and noised; G learns from D's answers, which is post-processing.</summary>
public sealed record PrivacySettings
{
    /// <summary>What is made private: D's update on real examples (DP-SGD, the default) or the gradient D passes to G.</summary>
    public PrivacyMethod Method { get; init; } = PrivacyMethod.Discriminator;
    /// <summary>C: each real example's gradient is scaled down to at most this L2 norm.</summary>
    public double ClipNorm { get; init; } = 1;
    /// <summary>Scale every example's gradient to norm just under C (automatic clipping, Bu et al. 2022) instead of only
    /// those above it. A GAN's D needs it: real digits' gradients are far larger than those of G's early grey
    /// images, so plain clipping shrank the real ones alone and D learnt to call everything fake.</summary>
    public bool Normalise { get; init; }
    /// <summary>Clip each parameter tensor's part of an example's gradient to C / sqrt(tensors) (per-layer clipping,
    /// McMahan et al. 2018; the whole gradient's norm stays at most C) instead of the whole gradient to C. A GAN's D
    /// needs it: GroupNorm's bias, which shifts every score, holds a far larger share of a generated image's gradient
    /// than of a real digit's (notebook 10 prints them), so with flat clipping the generated images steered it and
    /// every score drifted to "fake".</summary>
    public bool PerLayer { get; init; }
    /// <summary>sigma: Gaussian noise of standard deviation sigma * C is added to the sum of clipped gradients.</summary>
    public double NoiseMultiplier { get; init; } = 1;
    /// <summary>delta of the (epsilon, delta) guarantee reported in history.csv (below 1 / data set size).</summary>
    public double Delta { get; init; } = 1e-5;

    /// <summary>Throws naming the field that is out of range.</summary>
    public void Validate(string owner)
    {
        Guard.Defined(Method, $"{owner}.method");
        Guard.Positive(ClipNorm, $"{owner}.clipNorm");
        Guard.InRange(NoiseMultiplier, 0, 1000, $"{owner}.noiseMultiplier");
        if (!(Delta > 0 && Delta < 1)) throw new ArgumentException($"{owner}.delta must be in (0, 1), got {Delta}.", $"{owner}.delta");
    }
}

/// <summary>Where the privacy mechanism sits in the adversarial step.</summary>
public enum PrivacyMethod
{
    /// <summary>DP-SGD on D (Abadi et al. 2016; DPGAN): each real example's gradient clipped, noise on the sum; G and D
    /// are both covered.</summary>
    Discriminator,
    /// <summary>GS-WGAN (Chen et al. 2020): D trains on real data as usual and is never released; the gradient of G's
    /// loss with respect to each generated sample is clipped and noised before it reaches G, so G alone is covered.</summary>
    GeneratorGradient,
}

/// <summary>Per-example gradients without vmap: one forward and backward pass per example, each example's gradient
/// clipped before it joins the sum. Correct for any network without batch statistics; the cost grows with the batch.</summary>
public static class PrivateGradients
{
    /// <summary>
    /// The sum over examples i of clip(grad of <paramref name="lossOf"/>(i), <paramref name="clipNorm"/>), one tensor per
    /// parameter (in <paramref name="parameters"/>' order), and each example's gradient norm before clipping.
    /// </summary>
    public static (Tensor[] Sum, double[] Norms) ClippedSum(IReadOnlyList<Tensor> parameters, int count, Func<int, Tensor> lossOf, double clipNorm, bool normalise = false, bool perLayer = false)
    {
        var sum = parameters.Select(parameter => zeros_like(parameter)).ToArray();
        var norms = new double[count];
        for (var index = 0; index < count; index++)
        {
            using var scope = NewDisposeScope();
            var gradients = autograd.grad(new[] { lossOf(index) }, parameters.ToArray(), allow_unused: true);
            var squares = gradients.Where(gradient => gradient is not null && !gradient.IsInvalid).Select(gradient => gradient.square().sum()).ToList();
            var norm = squares.Count == 0 ? 0 : Math.Sqrt(stack(squares).sum().item<float>());
            norms[index] = norm;
            var factor = ClipFactor(norm, clipNorm, normalise);
            var layerClip = clipNorm / Math.Sqrt(parameters.Count);
            for (var parameter = 0; parameter < parameters.Count; parameter++)
                if (gradients[parameter] is { IsInvalid: false } gradient)
                    sum[parameter].add_(gradient, alpha: perLayer ? ClipFactor(gradient.norm().item<float>(), layerClip, normalise) : factor);
        }
        return (sum, norms);
    }

    /// <summary>What an example's gradient of norm <paramref name="norm"/> is multiplied by: min(1, C / norm), or with
    /// <paramref name="normalise"/> C / (norm + 0.01), which brings every norm just under C.</summary>
    public static double ClipFactor(double norm, double clipNorm, bool normalise) =>
        normalise ? clipNorm / (norm + NormaliseStabiliser) : Math.Min(1, clipNorm / Math.Max(norm, 1e-12));

    /// <summary><see cref="ClipFactor"/> for a tensor of norms at once.</summary>
    public static Tensor ClipFactors(Tensor norms, double clipNorm, bool normalise) =>
        normalise ? clipNorm / (norms + NormaliseStabiliser) : (clipNorm / norms.clamp_min(1e-12)).clamp_max(1);

    /// <summary>gamma of automatic clipping: C g / (|g| + gamma) keeps tiny gradients from being blown up to norm C.</summary>
    public const double NormaliseStabiliser = 0.01;

    /// <summary>Adds (sum + N(0, (sigma C)^2)) / <paramref name="expectedBatch"/> to each parameter's gradient: the
    /// privatised mean of the real examples' clipped gradients (divided by the expected, not the drawn, batch size, so
    /// the sensitivity stays C / expected batch).</summary>
    public static void AddNoisyMean(IReadOnlyList<Tensor> parameters, Tensor[] sum, double noiseMultiplier, double clipNorm, double expectedBatch, Generator random)
    {
        using var scope = NewDisposeScope();
        using var noGradient = no_grad();
        for (var index = 0; index < parameters.Count; index++)
        {
            var noise = randn(parameters[index].shape, generator: random).to(parameters[index].device) * (noiseMultiplier * clipNorm);
            var update = (sum[index] + noise) / expectedBatch;
            var parameter = parameters[index];
            if (parameter.grad is null || parameter.grad.IsInvalid) parameter.grad = update.detach().clone().DetachFromDisposeScope();
            else parameter.grad.add_(update);
        }
    }

    /// <summary>GS-WGAN's sanitiser: each row of <paramref name="sampleGradients"/> (one generated sample's gradient)
    /// scaled down to at most norm <paramref name="clipNorm"/>, plus Gaussian noise of standard deviation sigma * C on
    /// every element.</summary>
    public static Tensor Sanitise(Tensor sampleGradients, double clipNorm, double noiseMultiplier, Generator random)
    {
        using var scope = NewDisposeScope();
        using var noGradient = no_grad();
        var count = sampleGradients.shape[0];
        var rows = sampleGradients.reshape(count, -1);
        var factors = ClipFactors(rows.norm(1, keepdim: true), clipNorm, normalise: false);
        var noise = randn(rows.shape, generator: random).to(rows.device) * (noiseMultiplier * clipNorm);
        return (rows * factors + noise).view(sampleGradients.shape).MoveToOuterDisposeScope();
    }
}
