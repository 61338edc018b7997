using GanLab.Experiments;
using GanLab.Models;
using GanLab.Privacy;
using GanLab.Tests.Training;
using GanLab.Training;

namespace GanLab.Tests.Privacy;

/// <summary>DP-SGD on D through the one trainer: the epsilon column, and the settings it refuses.</summary>
public class PrivateTrainingTests
{
    private static readonly PrivacySettings Private = new() { ClipNorm = 1, NoiseMultiplier = 1.1, Delta = 1e-5 };

    [Fact]
    public void Should_record_the_epsilon_the_accountant_gives_after_every_discriminator_update()
    {
        // Given a small MLP GAN whose D takes 2 private updates per step
        var preset = TrainerTests.SmallMlp(6).WithAdversarial(phase => phase with { Privacy = Private, DiscriminatorSteps = 2 });

        // When it trains
        using var run = TrainingRun.Start(preset);
        run.Trainer.Train();

        // Then row k's epsilon is the accountant's after 2k subsampled Gaussian steps at q = batch / data set size
        var ledger = new RenyiLedger(16.0 / run.Data.Count, 1.1, 1e-5);
        var rows = run.Trainer.History.Rows;
        Assert.Equal(6, rows.Count);
        for (var step = 1; step <= 6; step++) Assert.Equal(ledger.After(2 * step).Epsilon, rows[step - 1][Columns.Epsilon], 12);
        Assert.True(rows[5][Columns.Epsilon] > rows[0][Columns.Epsilon]);
        Assert.Contains("epsilon", run.Trainer.History.ToCsv().Split('\n')[0]);
        Assert.All(rows, row => Assert.True(double.IsFinite(row.DiscriminatorLoss) && double.IsFinite(row.GeneratorLoss)));
    }

    [Fact]
    public void Should_train_a_group_norm_dcgan_privately_and_differ_from_the_non_private_run()
    {
        var groupNorm = TrainerTests.SmallDcgan(3) with { Model = new DcganConfig { GeneratorFeatures = 8, DiscriminatorFeatures = 8, DiscriminatorNormalisation = Normalisation.GroupNorm } };
        var open = TrainerTests.TrainedHistory(groupNorm);
        var private_ = TrainerTests.TrainedHistory(groupNorm.WithAdversarial(phase => phase with { Privacy = Private }));

        Assert.NotEqual(open, private_);
        Assert.Contains("epsilon", private_.Split('\n')[0]);
        Assert.DoesNotContain("epsilon", open.Split('\n')[0]);
    }

    [Theory]
    [InlineData("dp-dcgan-mnist", 10.0)]
    [InlineData("dp-dcgan-mnist-eps1", 1.0)]
    public void Should_spend_the_named_epsilon_over_the_private_presets_plan(string name, double epsilon)
    {
        // Given a private preset (its noise multiplier is a constant taken from the accountant)
        var preset = Presets.Find(name);
        var phase = preset.Training.Main<AdversarialPhase>();
        var privacy = phase.Privacy!;

        // When the accountant charges every D update of its plan at q = expected batch / 10,000 embedded digits
        var updates = phase.DiscriminatorWarmupSteps + (long)phase.Steps * phase.DiscriminatorSteps;
        var spent = new RenyiLedger(preset.Training.BatchSize / 10_000.0, privacy.NoiseMultiplier, privacy.Delta).After(updates).Epsilon;

        // Then the run ends at the epsilon its name promises (not above it, and not far below: the noise is not wasted)
        Assert.InRange(spent, epsilon * 0.995, epsilon);
    }

    [Fact]
    public void Should_initialise_a_group_norm_discriminator_like_batch_norm()
    {
        // TorchSharp leaves GroupNorm's affine parameters uninitialised; D's first scores were 1e18 before DCGAN's
        // initialisation covered it.
        var model = Presets.DcganMnistGroupNorm.Model.Build();
        var images = TorchSharp.torch.rand(16, 1, 28, 28) * 2 - 1;
        var scores = model.Discriminator!.call(model.DiscriminatorInput(images, TorchSharp.torch.arange(16) % 10));

        Assert.True(scores.abs().max().item<float>() < 10, $"first scores up to {scores.abs().max().item<float>()}");
        var norm = model.Discriminator.named_modules().Select(pair => pair.module).OfType<TorchSharp.Modules.GroupNorm>().Single();
        Assert.Equal(1.0, norm.weight!.mean().item<float>(), 0.02);
    }

    [Theory]
    [InlineData("batchnorm", "BatchNorm")]
    [InlineData("relativistic", "relativistic loss pairs")]
    [InlineData("r1", "R1 and the gradient penalty")]
    public void Should_refuse_what_per_example_clipping_cannot_handle(string setting, string expected)
    {
        var preset = setting switch
        {
            "batchnorm" => TrainerTests.SmallDcgan(2).WithAdversarial(phase => phase with { Privacy = Private }),
            "relativistic" => TrainerTests.SmallMlp(2).WithAdversarial(phase => phase with { Privacy = Private, Loss = LossKind.Relativistic }),
            _ => TrainerTests.SmallMlp(2).WithAdversarial(phase => phase.WithRegulariser(RegulariserKind.R1, 1) with { Privacy = Private }),
        };

        var error = Assert.ThrowsAny<ArgumentException>(() => { using var run = TrainingRun.Start(preset); run.Trainer.Train(); });

        Assert.Contains("training.phases.adversarial.privacy", error.Message);
        Assert.Contains(expected, error.Message);
    }

    [Theory]
    [InlineData(0.0, 1.0, "clipNorm")]
    [InlineData(1.0, -1.0, "noiseMultiplier")]
    public void Should_name_a_wrong_privacy_setting(double clip, double noise, string field)
    {
        var preset = TrainerTests.SmallMlp(2).WithAdversarial(phase => phase with { Privacy = new PrivacySettings { ClipNorm = clip, NoiseMultiplier = noise } });

        var error = Assert.ThrowsAny<ArgumentException>(() => preset.Validate());

        Assert.Contains($"training.phases.adversarial.privacy.{field}", error.Message);
    }
}
