using GanLab.Core;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace GanLab.Training;

/// <summary>The adversarial losses GanLab trains with.</summary>
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
    /// <summary>Wasserstein critic difference (Arjovsky et al. 2017); with the <see cref="RegulariserKind.GradientPenalty"/>
    /// regulariser it is WGAN-GP (Gulrajani et al. 2017).</summary>
    Wasserstein,
    /// <summary>Relativistic pairing (RpGAN, Jolicoeur-Martineau 2019; R3GAN): D minimises softplus(-(D(x) - D(G(z)))),
    /// G the mirror softplus(-(D(G(z)) - D(x))), each real sample paired with one generated sample.</summary>
    Relativistic,
}

/// <summary>
/// GAN losses as pure functions of the discriminator's raw scores (logits) on real and on generated samples, so losses
/// that compare the two (relativistic ones) fit as well as the classic ones. Each returns a scalar.
/// </summary>
public static class Losses
{
    /// <summary>True when G's loss needs D's scores of real samples too (a real batch must be drawn in G's update).</summary>
    public static bool GeneratorNeedsRealScores(LossKind kind) => kind == LossKind.Relativistic;

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
            LossKind.Minimax or LossKind.NonSaturating when realLabel == 1 => HeldScalars.Softplus(-realScores).mean() + HeldScalars.Softplus(fakeScores).mean(),
            LossKind.Minimax or LossKind.NonSaturating =>
                realLabel * HeldScalars.Softplus(-realScores).mean() + (1 - realLabel) * HeldScalars.Softplus(realScores).mean() + HeldScalars.Softplus(fakeScores).mean(),
            LossKind.LeastSquares => 0.5 * (realScores - 1).square().mean() + 0.5 * fakeScores.square().mean(),
            LossKind.Hinge => relu(1 - realScores).mean() + relu(1 + fakeScores).mean(),
            LossKind.Wasserstein => fakeScores.mean() - realScores.mean(),
            LossKind.Relativistic => HeldScalars.Softplus(-(realScores - fakeScores)).mean(),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown loss"),
        };
        return loss.MoveToOuterDisposeScope();
    }

    /// <summary>D's loss term of each real sample, so that <see cref="Discriminator"/> is the mean of these plus the mean
    /// of <see cref="DiscriminatorFakeTerms"/> (DP-SGD clips each real example's gradient on its own). Not for the
    /// relativistic loss, which pairs every real score with a generated one.</summary>
    public static Tensor DiscriminatorRealTerms(LossKind kind, Tensor realScores, double realLabel = 1) => kind switch
    {
        LossKind.Minimax or LossKind.NonSaturating when realLabel == 1 => HeldScalars.Softplus(-realScores),
        LossKind.Minimax or LossKind.NonSaturating => realLabel * HeldScalars.Softplus(-realScores) + (1 - realLabel) * HeldScalars.Softplus(realScores),
        LossKind.LeastSquares => 0.5 * (realScores - 1).square(),
        LossKind.Hinge => relu(1 - realScores),
        LossKind.Wasserstein => -realScores,
        _ => throw new ArgumentException($"the {kind} loss has no separate term per real sample.", nameof(kind)),
    };

    /// <summary>D's loss term of each generated sample (see <see cref="DiscriminatorRealTerms"/>).</summary>
    public static Tensor DiscriminatorFakeTerms(LossKind kind, Tensor fakeScores) => kind switch
    {
        LossKind.Minimax or LossKind.NonSaturating => HeldScalars.Softplus(fakeScores),
        LossKind.LeastSquares => 0.5 * fakeScores.square(),
        LossKind.Hinge => relu(1 + fakeScores),
        LossKind.Wasserstein => fakeScores.alias(),
        _ => throw new ArgumentException($"the {kind} loss has no separate term per generated sample.", nameof(kind)),
    };

    /// <summary>The generator's loss given the discriminator's scores on generated samples and, for relativistic
    /// losses, on real samples (<paramref name="realScores"/> may be null for the others).</summary>
    public static Tensor Generator(LossKind kind, Tensor fakeScores, Tensor? realScores = null)
    {
        using var scope = NewDisposeScope();
        var loss = kind switch
        {
            // log(1 - sigmoid(f)) = -softplus(f); minimising it is the saturating game.
            LossKind.Minimax => -HeldScalars.Softplus(fakeScores).mean(),
            // -log sigmoid(f) = softplus(-f).
            LossKind.NonSaturating => HeldScalars.Softplus(-fakeScores).mean(),
            LossKind.LeastSquares => 0.5 * (fakeScores - 1).square().mean(),
            LossKind.Hinge or LossKind.Wasserstein => -fakeScores.mean(),
            LossKind.Relativistic => HeldScalars.Softplus(-(fakeScores - (realScores
                ?? throw new ArgumentException("the relativistic loss compares G's samples with real ones: give D's real scores.", nameof(realScores))))).mean(),
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
}
