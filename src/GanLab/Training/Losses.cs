using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace GanLab.Training;

/// <summary>The adversarial objectives GanLab trains with.</summary>
public enum LossKind
{
    /// <summary>Goodfellow et al. 2014 as written: G minimises log(1 - D(G(z))); saturates when D wins.</summary>
    Minimax,
    /// <summary>G maximises log D(G(z)) instead (the paper's practical fix; DCGAN's BCE with "real" labels).</summary>
    NonSaturating,
    /// <summary>LSGAN (Mao et al. 2017): squared distance of scores to 1 (real) and 0 (fake).</summary>
    LeastSquares,
    /// <summary>Hinge loss (Lim and Ye 2017; SAGAN, BigGAN).</summary>
    Hinge,
    /// <summary>WGAN-GP (Gulrajani et al. 2017): critic difference plus a gradient penalty on interpolates.</summary>
    WassersteinGradientPenalty,
}

/// <summary>GAN losses as pure functions of the discriminator's raw scores (logits). Each returns a scalar.</summary>
public static class Losses
{
    /// <summary>The discriminator's loss given its scores on real and on generated samples.</summary>
    /// <param name="kind">The objective.</param>
    /// <param name="realScores">D's raw scores on real samples.</param>
    /// <param name="fakeScores">D's raw scores on generated samples.</param>
    /// <param name="realLabel">Target for real samples in the cross-entropy losses; 0.9 is one-sided label
    /// smoothing (Salimans et al. 2016), which keeps D from becoming overconfident.</param>
    public static Tensor Discriminator(LossKind kind, Tensor realScores, Tensor fakeScores, double realLabel = 1)
    {
        using var scope = NewDisposeScope();
        var loss = kind switch
        {
            // -log sigmoid(r) - log(1 - sigmoid(f)) = softplus(-r) + softplus(f): binary cross-entropy on logits.
            // With a smoothed label y: -y log sigmoid(r) - (1 - y) log(1 - sigmoid(r)).
            LossKind.Minimax or LossKind.NonSaturating when realLabel == 1 => softplus(-realScores).mean() + softplus(fakeScores).mean(),
            LossKind.Minimax or LossKind.NonSaturating =>
                realLabel * softplus(-realScores).mean() + (1 - realLabel) * softplus(realScores).mean() + softplus(fakeScores).mean(),
            LossKind.LeastSquares => 0.5 * (realScores - 1).square().mean() + 0.5 * fakeScores.square().mean(),
            LossKind.Hinge => relu(1 - realScores).mean() + relu(1 + fakeScores).mean(),
            LossKind.WassersteinGradientPenalty => fakeScores.mean() - realScores.mean(),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown loss"),
        };
        return loss.MoveToOuterDisposeScope();
    }

    /// <summary>The generator's loss given the discriminator's scores on generated samples.</summary>
    public static Tensor Generator(LossKind kind, Tensor fakeScores)
    {
        using var scope = NewDisposeScope();
        var loss = kind switch
        {
            // log(1 - sigmoid(f)) = -softplus(f); minimising it is the saturating game.
            LossKind.Minimax => -softplus(fakeScores).mean(),
            // -log sigmoid(f) = softplus(-f).
            LossKind.NonSaturating => softplus(-fakeScores).mean(),
            LossKind.LeastSquares => 0.5 * (fakeScores - 1).square().mean(),
            LossKind.Hinge or LossKind.WassersteinGradientPenalty => -fakeScores.mean(),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown loss"),
        };
        return loss.MoveToOuterDisposeScope();
    }

    /// <summary>What to report as D(x) / D(G(z)): the probability for the cross-entropy losses, the mean raw score otherwise.</summary>
    public static Tensor ReportedScore(LossKind kind, Tensor scores)
    {
        using var scope = NewDisposeScope();
        var value = kind is LossKind.Minimax or LossKind.NonSaturating ? scores.sigmoid().mean() : scores.mean();
        return value.MoveToOuterDisposeScope();
    }

    /// <summary>
    /// R1 penalty (Mescheder et al. 2018): mean over real samples of ||grad_x D(x)||^2. It keeps D from growing
    /// steep around real data, the usual way D overpowers G; weight it by gamma / 2.
    /// </summary>
    /// <param name="realScores">D's scores computed from <paramref name="realInputs"/>.</param>
    /// <param name="realInputs">Real samples with requires_grad set before D saw them.</param>
    public static Tensor R1Penalty(Tensor realScores, Tensor realInputs)
    {
        using var scope = NewDisposeScope();
        return SquaredInputGradientNorms(realScores, realInputs).mean().MoveToOuterDisposeScope();
    }

    /// <summary>
    /// WGAN-GP penalty: mean over samples of (||grad_x D(x_hat)||_2 - 1)^2 with x_hat = a x_real + (1 - a) x_fake,
    /// a ~ U(0, 1) drawn once per sample (not per pixel, not from a normal distribution).
    /// </summary>
    public static Tensor GradientPenalty(Func<Tensor, Tensor> discriminator, Tensor real, Tensor fake, Generator generator)
    {
        using var scope = NewDisposeScope();
        var mixShape = new long[] { real.shape[0] }.Concat(Enumerable.Repeat(1L, (int)real.dim() - 1)).ToArray();
        var alpha = rand(mixShape, generator: generator).to(real.device);
        var interpolates = (alpha * real + (1 - alpha) * fake.detach()).detach().requires_grad_(true);
        var scores = discriminator(interpolates);
        // The small constant keeps the square root differentiable where a gradient is exactly zero.
        var norms = (SquaredInputGradientNorms(scores, interpolates) + 1e-12).sqrt();
        var penalty = (norms - 1).square().mean();
        return penalty.MoveToOuterDisposeScope();
    }

    // Per sample, ||d scores / d inputs||^2, differentiable itself (both penalties are trained through).
    // retain_graph: R1's scores also feed the main loss, whose backward needs this graph afterwards.
    private static Tensor SquaredInputGradientNorms(Tensor scores, Tensor inputs)
    {
        var gradients = autograd.grad(new[] { scores.sum() }, new[] { inputs }, retain_graph: true, create_graph: true)[0];
        return gradients.flatten(1).square().sum(1);
    }
}
