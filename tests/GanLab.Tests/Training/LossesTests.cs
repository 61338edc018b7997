using GanLab.Training;
using TorchSharp;

namespace GanLab.Tests.Training;

public class LossesTests
{
    private static double Value(torch.Tensor tensor) => tensor.item<float>();
    private static torch.Tensor Scores(params float[] values) => torch.tensor(values).unsqueeze(1);

    [Fact]
    public void Should_give_2_ln_2_for_the_cross_entropy_discriminator_at_even_odds()
    {
        // D(x) = D(G(z)) = sigmoid(0) = 0.5: -ln 0.5 - ln 0.5 = 2 ln 2
        Assert.Equal(2 * Math.Log(2), Value(Losses.Discriminator(LossKind.NonSaturating, Scores(0, 0), Scores(0))), 5);
        Assert.Equal(2 * Math.Log(2), Value(Losses.Discriminator(LossKind.Minimax, Scores(0), Scores(0, 0))), 5);
    }

    [Fact]
    public void Should_smooth_the_real_label_on_one_side_only()
    {
        // r = 0, f = 0, y = 0.9: 0.9 ln 2 + 0.1 ln 2 + ln 2 = 2 ln 2 (at even odds smoothing changes nothing)
        Assert.Equal(2 * Math.Log(2), Value(Losses.Discriminator(LossKind.NonSaturating, Scores(0), Scores(0), 0.9)), 5);
        // r = ln 9 (D(x) = 0.9), f = -inf-ish: -0.9 ln 0.9 - 0.1 ln 0.1 (the entropy of 0.9) and ~0 for the fake term
        var smoothed = Value(Losses.Discriminator(LossKind.NonSaturating, Scores((float)Math.Log(9)), Scores(-30), 0.9));
        Assert.Equal(-0.9 * Math.Log(0.9) - 0.1 * Math.Log(0.1), smoothed, 5);
    }

    [Fact]
    public void Should_compute_generator_losses_by_hand()
    {
        // fake score 0: non-saturating -ln 0.5 = ln 2; minimax ln(1 - 0.5) = -ln 2
        Assert.Equal(Math.Log(2), Value(Losses.Generator(LossKind.NonSaturating, Scores(0))), 5);
        Assert.Equal(-Math.Log(2), Value(Losses.Generator(LossKind.Minimax, Scores(0))), 5);
        // fake score ln 3: D(G(z)) = 0.75; non-saturating -ln 0.75, minimax ln 0.25
        Assert.Equal(-Math.Log(0.75), Value(Losses.Generator(LossKind.NonSaturating, Scores((float)Math.Log(3)))), 5);
        Assert.Equal(Math.Log(0.25), Value(Losses.Generator(LossKind.Minimax, Scores((float)Math.Log(3)))), 5);
        // least squares 0.5 (f - 1)^2 with f = 3: 2; hinge and Wasserstein -mean(f): -2
        Assert.Equal(2, Value(Losses.Generator(LossKind.LeastSquares, Scores(3))), 5);
        Assert.Equal(-2, Value(Losses.Generator(LossKind.Hinge, Scores(1, 3))), 5);
        Assert.Equal(-2, Value(Losses.Generator(LossKind.Wasserstein, Scores(1, 3))), 5);
    }

    [Fact]
    public void Should_compute_discriminator_losses_by_hand()
    {
        // least squares: 0.5 mean((r - 1)^2) + 0.5 mean(f^2) = 0.5 * 4 + 0.5 * 1 with r = 3, f = -1
        Assert.Equal(2.5, Value(Losses.Discriminator(LossKind.LeastSquares, Scores(3), Scores(-1))), 5);
        // hinge: mean(relu(1 - r)) + mean(relu(1 + f)) with r = {0.5, 2}, f = {-0.5, -3}: 0.25 + 0.25
        Assert.Equal(0.5, Value(Losses.Discriminator(LossKind.Hinge, Scores(0.5f, 2), Scores(-0.5f, -3))), 5);
        // Wasserstein: mean(f) - mean(r) = 1 - 3
        Assert.Equal(-2, Value(Losses.Discriminator(LossKind.Wasserstein, Scores(2, 4), Scores(0, 2))), 5);
    }

    [Fact]
    public void Should_penalise_a_critic_whose_gradient_norm_is_two_by_one()
    {
        // Given a linear critic D(x) = 2 * x_0, whose gradient has norm 2 everywhere
        using var real = torch.randn(16, 3);
        using var fake = torch.randn(16, 3);
        torch.Tensor Critic(torch.Tensor input) => input.narrow(1, 0, 1) * 2;

        // When the penalty is computed, Then (||grad|| - 1)^2 = 1 for every sample
        var penalty = Regularisers.GradientPenalty(Critic, real, fake, new torch.Generator(1));
        Assert.Equal(1, Value(penalty), 4);
    }

    [Fact]
    public void Should_give_R1_equal_to_the_squared_gradient_norm_on_real_data()
    {
        // Given D(x) = 2 * x_0 on real samples that track gradients: ||grad||^2 = 4 for every sample
        using var real = torch.randn(8, 3).requires_grad_(true);
        using var scores = real.narrow(1, 0, 1) * 2;

        // When R1 with gamma 2 is computed (gamma / 2 times the mean squared norm), Then it is 4, and the scores' graph is
        // still usable for the main loss
        var inputs = new PenaltyInputs(real, real, scores, scores, input => input, new torch.Generator(1));
        Assert.Equal(4, Value(Regularisers.Penalty(RegulariserKind.R1, 2, inputs)), 4);
        scores.sum().backward();
        Assert.Equal(2f, real.grad!.narrow(1, 0, 1).mean().item<float>(), 4);
    }

    [Fact]
    public void Should_draw_the_penalty_mixing_weight_once_per_sample()
    {
        // Given a critic that records its input: with real = 1 and fake = 0, the interpolate equals alpha
        torch.Tensor? seen = null;
        torch.Tensor Critic(torch.Tensor input) { seen = input.detach().clone().DetachFromDisposeScope(); return input.sum(new long[] { 1, 2, 3 }); }
        using var real = torch.ones(4, 1, 5, 5);
        using var fake = torch.zeros(4, 1, 5, 5);

        Regularisers.GradientPenalty(Critic, real, fake, new torch.Generator(2));

        // Then every pixel of one sample has the same alpha (not per pixel), and alphas are in [0, 1)
        var perSample = seen!.flatten(1);
        Assert.Equal(0f, (perSample.max(1).values - perSample.min(1).values).abs().max().item<float>());
        Assert.True(perSample.min().item<float>() >= 0 && perSample.max().item<float>() < 1);
    }

    [Fact]
    public void Should_compute_the_relativistic_pairing_loss_by_hand()
    {
        // r = ln 3, f = 0: D minimises softplus(-(r - f)) = ln(1 + 1/3); G the mirror softplus(-(f - r)) = ln(1 + 3)
        Assert.Equal(Math.Log(4.0 / 3), Value(Losses.Discriminator(LossKind.Relativistic, Scores((float)Math.Log(3)), Scores(0))), 5);
        Assert.Equal(Math.Log(4), Value(Losses.Generator(LossKind.Relativistic, Scores(0), Scores((float)Math.Log(3)))), 5);
        // Each real sample is paired with one fake: r = {1, 2}, f = {1, 0}: mean(softplus(0), softplus(-2)), not the
        // difference of means
        Assert.Equal((Math.Log(2) + Math.Log(1 + Math.Exp(-2))) / 2, Value(Losses.Discriminator(LossKind.Relativistic, Scores(1, 2), Scores(1, 0))), 5);
        // G's loss is D's with the roles swapped: G(fake = a, real = b) = D(real = a, fake = b)
        Assert.Equal(Value(Losses.Discriminator(LossKind.Relativistic, Scores(1, 2), Scores(1, 0))), Value(Losses.Generator(LossKind.Relativistic, Scores(1, 2), Scores(1, 0))), 6);
        Assert.Throws<ArgumentException>(() => Losses.Generator(LossKind.Relativistic, Scores(0)));
    }

    [Fact]
    public void Should_give_R2_from_the_gradient_at_generated_samples_only()
    {
        // Given D(x) = x_0^2, whose gradient is (2 x_0, 0): squared norm 4 x_0^2; fake x_0 = 1 and 2, real x_0 = 5
        using var real = torch.tensor(new float[] { 5, 0, 5, 0 }, new long[] { 2, 2 }).requires_grad_(true);
        using var fake = torch.tensor(new float[] { 1, 0, 2, 0 }, new long[] { 2, 2 }).requires_grad_(true);
        using var realScores = real.narrow(1, 0, 1).square();
        using var fakeScores = fake.narrow(1, 0, 1).square();
        var inputs = new PenaltyInputs(real, fake, realScores, fakeScores, input => input.narrow(1, 0, 1).square(), new torch.Generator(1));

        // When R2 with gamma 2 is computed: gamma / 2 * mean(4, 16) = 10 (R1 would see the real points: 100)
        var penalty = Regularisers.Penalty(RegulariserKind.R2, 2, inputs);
        Assert.Equal(10, Value(penalty), 4);
        Assert.Equal(100, Value(Regularisers.Penalty(RegulariserKind.R1, 2, inputs)), 3);

        // Then it is trained through, with respect to the generated input only: d/dx_0 mean(4 x_0^2) = 4 x_0 = 4 and 8
        penalty.backward();
        Assert.Equal(new[] { 4f, 8f }, fake.grad!.narrow(1, 0, 1).flatten().data<float>().ToArray());
        Assert.Null(real.grad);
    }
}
