using GanLab.Experiments;
using GanLab.Training;
using GanLab.Tests.Text;

namespace GanLab.Tests.Training;

/// <summary>The relativistic pairing loss and R2 work through the one trainer for image, toy and relaxed-text runs.</summary>
public class ObjectiveTests
{
    public static TheoryData<string> Families => new() { "image", "toy", "text" };

    private static Preset Small(string family) => family switch
    {
        "image" => TrainerTests.SmallMlp(6),
        "toy" => Presets.ToyRing.WithSteps(6),
        // No D warm-up: the first row's D loss is then D's judgement of the freshly built networks.
        _ => (TinyText.Gumbel() with { Training = TinyText.Gumbel().Training.WithPhaseSteps("mle", 1) }).WithAdversarial(phase => phase with { DiscriminatorWarmupSteps = 0 }),
    };

    [Theory]
    [MemberData(nameof(Families))]
    public void Should_train_with_the_relativistic_loss_and_R1_plus_R2(string family)
    {
        // Given a family's small preset with the relativistic pairing loss, and the same with R1 and R2 (gamma 1): RpGAN's objective
        var plain = Small(family);
        var relativistic = plain.WithAdversarial(phase => phase with { Loss = LossKind.Relativistic });
        var regularised = relativistic.WithAdversarial(phase => phase.WithRegulariser(RegulariserKind.R1, 1).WithRegulariser(RegulariserKind.R2, 1));

        // When all three train (same seed: the same initial networks, batches and noise)
        var nonSaturating = Rows(plain);
        var pairing = Rows(relativistic);
        var penalised = Rows(regularised);

        // Then every loss is finite; for images and points, untrained scores of real and generated samples are nearly
        // equal on step 1, so D's pairing loss softplus(-(r - f)) is near softplus(0) = ln 2 where the non-saturating D
        // loss is near 2 ln 2 (a GRU D tells one-hot rows from relaxed ones at once, so text starts elsewhere); and the
        // penalties only add to D's loss
        Assert.All(penalised, row => Assert.True(double.IsFinite(row.DiscriminatorLoss) && double.IsFinite(row.GeneratorLoss)));
        if (family != "text")
        {
            Assert.InRange(pairing[0].DiscriminatorLoss, Math.Log(2) - 0.15, Math.Log(2) + 0.15);
            Assert.InRange(nonSaturating[0].DiscriminatorLoss, 2 * Math.Log(2) - 0.3, 2 * Math.Log(2) + 0.3);
        }
        Assert.NotEqual(nonSaturating[0].DiscriminatorLoss, pairing[0].DiscriminatorLoss);
        Assert.True(penalised[0].DiscriminatorLoss > pairing[0].DiscriminatorLoss, $"{penalised[0].DiscriminatorLoss} <= {pairing[0].DiscriminatorLoss}");
        Assert.NotEqual(pairing.Select(row => row.GeneratorLoss), penalised.Select(row => row.GeneratorLoss));
    }

    private static IReadOnlyList<HistoryRow> Rows(Preset preset)
    {
        using var run = TrainingRun.Start(preset);
        run.Trainer.Train();
        return run.Trainer.History.Rows.Where(row => row.Phase == "adversarial").ToList();
    }

    [Fact]
    public void Should_follow_the_regulariser_weight_schedule()
    {
        // A weight decaying from 10 to 1 over the phase, linearly from the start
        var regulariser = new Regulariser(RegulariserKind.R1, 10, new Schedule(0, 0.1));
        Assert.Equal(10, regulariser.WeightAt(0, 100), 9);
        Assert.Equal(5.5, regulariser.WeightAt(50, 100), 9);
        Assert.Equal(1, regulariser.WeightAt(100, 100), 9);
    }

    [Fact]
    public void Should_apply_a_lazy_penalty_on_every_kth_step_with_k_times_the_weight()
    {
        var lazy = new Regulariser(RegulariserKind.R1, 2, Every: 4);
        Assert.Equal(new[] { 0.0, 0, 0, 8, 0, 0, 0, 8 }, Enumerable.Range(1, 8).Select(step => lazy.WeightAt(step, 100)));
        Assert.True(Regularisers.NeedsRealGradientsAt(new[] { lazy }, 8, 100));
        Assert.False(Regularisers.NeedsRealGradientsAt(new[] { lazy }, 7, 100));
        Assert.Throws<ArgumentException>(() => (lazy with { Every = 0 }).Validate("regularisers.0"));
    }

    [Fact]
    public void Should_give_R1_and_R2_norms_from_one_pass_equal_to_two_separate_passes()
    {
        // Given a small critic and real and generated points that track gradients
        TorchSharp.torch.manual_seed(11);
        using var critic = new GanLab.Models.MultiLayerPerceptron("critic", 3, new[] { 8 }, 1, GanLab.Models.Activation.LeakyRelu, GanLab.Models.Activation.None);
        var real = TorchSharp.torch.randn(5, 3).requires_grad_(true);
        var fake = TorchSharp.torch.randn(5, 3).requires_grad_(true);
        var both = critic.call(TorchSharp.torch.cat(new[] { real, fake }));
        var (realScores, fakeScores) = (both.narrow(0, 0, 5), both.narrow(0, 5, 5));

        // When the norms come from one joint backward pass and from one pass each
        var (realPaired, fakePaired) = Regularisers.PairedInputGradientNorms(realScores, real, fakeScores, fake);
        var realAlone = Regularisers.SquaredInputGradientNorms(realScores, real);
        var fakeAlone = Regularisers.SquaredInputGradientNorms(fakeScores, fake);

        // Then they agree sample by sample
        Assert.True(realPaired.allclose(realAlone, rtol: 1e-5, atol: 1e-7));
        Assert.True(fakePaired.allclose(fakeAlone, rtol: 1e-5, atol: 1e-7));
        Assert.True(realPaired.sum().item<float>() > 0);
    }
}
