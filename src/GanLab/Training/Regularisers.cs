using GanLab.Core;
using TorchSharp;
using static TorchSharp.torch;

namespace GanLab.Training;

/// <summary>Penalties added to D's loss.</summary>
public enum RegulariserKind
{
    /// <summary>R1 (Mescheder et al. 2018): gamma / 2 times the mean squared gradient of D at real samples. It keeps D
    /// from growing steep around real data, the usual way D overpowers G.</summary>
    R1,
    /// <summary>R2: the same penalty at generated samples (R3GAN pairs it with R1).</summary>
    R2,
    /// <summary>WGAN-GP (Gulrajani et al. 2017): lambda times the mean of (||grad D(x_hat)|| - 1)^2 at random
    /// interpolates x_hat = a x_real + (1 - a) x_fake, a ~ U(0, 1) per sample (not per pixel, not normal).</summary>
    GradientPenalty,
}

/// <summary>One penalty on D with its weight (gamma for R1 and R2, lambda for the gradient penalty) and an optional
/// schedule of that weight over the phase.</summary>
/// <param name="Kind">Which penalty.</param>
/// <param name="Weight">Its weight at the start of the phase.</param>
/// <param name="Schedule">How the weight changes over the phase (null = constant).</param>
/// <param name="Every">Lazy regularisation (StyleGAN2, Karras et al. 2020): apply the penalty on every k-th D update
/// only, with its weight times k, so its average pull is unchanged at a k-th of the cost (1 = every update).</param>
public sealed record Regulariser(RegulariserKind Kind, double Weight, Schedule? Schedule = null, int Every = 1)
{
    /// <summary>Throws naming the field that is out of range.</summary>
    public void Validate(string owner)
    {
        Guard.Defined(Kind, $"{owner}.kind");
        Guard.InRange(Weight, 0, 1e6, $"{owner}.weight");
        Schedule?.Validate($"{owner}.schedule");
        Guard.InRange(Every, 1, 10_000, $"{owner}.every");
    }

    /// <summary>The weight at <paramref name="step"/> of a phase of <paramref name="steps"/> steps: 0 between lazy
    /// updates, k times the scheduled weight on every k-th step.</summary>
    public double WeightAt(int step, int steps) => step % Every != 0 ? 0 : Every * Weight * (Schedule?.Factor(step, steps) ?? 1);
}

/// <summary>What a penalty may look at in one D update: the samples D saw (with gradients tracked where asked for),
/// D's scores on them, D itself (for penalties at new points) and the run's random stream.</summary>
/// <param name="Real">Real samples as D saw them.</param>
/// <param name="Fake">Generated samples as D saw them.</param>
/// <param name="RealScores">D's scores of <paramref name="Real"/>.</param>
/// <param name="FakeScores">D's scores of <paramref name="Fake"/>.</param>
/// <param name="Critic">D as a function of samples (conditioning already applied).</param>
/// <param name="Random">The training stream.</param>
public sealed record PenaltyInputs(Tensor Real, Tensor Fake, Tensor RealScores, Tensor FakeScores, Func<Tensor, Tensor> Critic, Generator Random)
{
    /// <summary>Per real sample ||grad D||^2, when the step computed it already (with R2's in one backward pass).</summary>
    public Tensor? RealGradientNorms { get; init; }
    /// <summary>Per generated sample ||grad D||^2, when the step computed it already.</summary>
    public Tensor? FakeGradientNorms { get; init; }
}

/// <summary>The penalties as pure functions; each returns the weighted scalar to add to D's loss.</summary>
public static class Regularisers
{
    /// <summary>True when D must see real samples with gradients tracked at 1-based <paramref name="step"/> of a phase of <paramref name="steps"/>.</summary>
    public static bool NeedsRealGradientsAt(IEnumerable<Regulariser> regularisers, int step, int steps) => regularisers.Any(item => item.Kind == RegulariserKind.R1 && item.WeightAt(step, steps) > 0);

    /// <summary>True when D must see generated samples with gradients tracked at <paramref name="step"/>.</summary>
    public static bool NeedsFakeGradientsAt(IEnumerable<Regulariser> regularisers, int step, int steps) => regularisers.Any(item => item.Kind == RegulariserKind.R2 && item.WeightAt(step, steps) > 0);

    /// <summary>True when D must see real samples with gradients tracked (R1 differentiates D's scores with respect to them).</summary>
    public static bool NeedsRealGradients(IEnumerable<Regulariser> regularisers) => regularisers.Any(item => item.Kind == RegulariserKind.R1 && item.Weight > 0);

    /// <summary>The penalty <paramref name="kind"/> times <paramref name="weight"/>.</summary>
    public static Tensor Penalty(RegulariserKind kind, double weight, PenaltyInputs inputs)
    {
        using var scope = NewDisposeScope();
        var penalty = kind switch
        {
            RegulariserKind.R1 => weight / 2 * (inputs.RealGradientNorms ?? SquaredInputGradientNorms(inputs.RealScores, inputs.Real)).mean(),
            RegulariserKind.R2 => weight / 2 * (inputs.FakeGradientNorms ?? SquaredInputGradientNorms(inputs.FakeScores, inputs.Fake)).mean(),
            RegulariserKind.GradientPenalty => weight * GradientPenalty(inputs.Critic, inputs.Real, inputs.Fake, inputs.Random),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown regulariser"),
        };
        return penalty.MoveToOuterDisposeScope();
    }

    /// <summary>Mean over samples of (||grad_x D(x_hat)||_2 - 1)^2 at x_hat = a x_real + (1 - a) x_fake, a ~ U(0, 1) per sample.</summary>
    public static Tensor GradientPenalty(Func<Tensor, Tensor> critic, Tensor real, Tensor fake, Generator random)
    {
        using var scope = NewDisposeScope();
        var mixShape = new long[] { real.shape[0] }.Concat(Enumerable.Repeat(1L, (int)real.dim() - 1)).ToArray();
        var alpha = rand(mixShape, generator: random).to(real.device);
        var interpolates = (alpha * real.detach() + (1 - alpha) * fake.detach()).detach().requires_grad_(true);
        var scores = critic(interpolates);
        // The small constant keeps the square root differentiable where a gradient is exactly zero.
        var norms = (SquaredInputGradientNorms(scores, interpolates) + 1e-12).sqrt();
        return (norms - 1).square().mean().MoveToOuterDisposeScope();
    }

    /// <summary>R1's and R2's per-sample squared gradient norms from one backward pass: the sum of both score sets is
    /// differentiated with respect to both inputs at once (each score depends on its own sample only, as D has no batch
    /// statistics when both penalties are on), which halves the cost of R3GAN's objective against two passes.</summary>
    public static (Tensor Real, Tensor Fake) PairedInputGradientNorms(Tensor realScores, Tensor real, Tensor fakeScores, Tensor fake)
    {
        var gradients = autograd.grad(new[] { realScores.sum() + fakeScores.sum() }, new[] { real, fake }, retain_graph: true, create_graph: true);
        return (gradients[0].flatten(1).square().sum(1), gradients[1].flatten(1).square().sum(1));
    }

    /// <summary>Per sample, ||d scores / d inputs||^2, itself differentiable (penalties are trained through).</summary>
    /// <remarks>retain_graph: R1's and R2's scores also feed the main loss, whose backward needs this graph afterwards.</remarks>
    public static Tensor SquaredInputGradientNorms(Tensor scores, Tensor inputs)
    {
        var gradients = autograd.grad(new[] { scores.sum() }, new[] { inputs }, retain_graph: true, create_graph: true)[0];
        return gradients.flatten(1).square().sum(1);
    }
}
