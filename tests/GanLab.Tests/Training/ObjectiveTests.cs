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
}
