using GanLab.Core;
using GanLab.Experiments;
using GanLab.Models;
using GanLab.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace GanLab.Tests.Models;

/// <summary>The R3GAN-era pieces: the residual family, spectral normalisation, the EMA generator.</summary>
public class ModernGanTests
{
    // A tiny r3gan-mnist: the preset's objective, augmentation on, spectral norm in D, narrow networks, batch 8.
    internal static Preset SmallModern(int steps, double average = 0.9, bool spectralNorm = true) => Presets.R3ganMnist.WithSteps(steps).WithAdversarial(phase => phase with
    {
        Augmentation = new Augmentation(),
    }) with
    {
        Model = new ResidualGanConfig { Widths = new[] { 16, 8, 8 }, Expansion = 2, GroupWidth = 8, GeneratorAverage = average, SpectralNorm = spectralNorm },
        Training = Presets.R3ganMnist.Training.WithPhaseSteps("adversarial", steps) with { BatchSize = 8, SampleEvery = 0, CheckpointEvery = 0 },
    };

    [Fact]
    public void Should_shape_the_residual_family_and_start_each_block_as_the_identity()
    {
        // Given the default residual networks and one block
        using var model = new ResidualGanConfig().Build();
        using var block = new ResidualBlock(32, 2, 16, 3, false);
        var noise = randn(4, 64);
        var input = randn(2, 32, 7, 7);

        // Then G maps noise to 28x28 images, D maps images to one score each, and a fresh block returns its input
        // (its last layer is zero-initialised)
        using var images = model.Generator.call(noise);
        Assert.Equal(new long[] { 4, 1, 28, 28 }, images.shape);
        Assert.Equal(new long[] { 4, 1 }, model.RequiredDiscriminator.call(images).shape);
        Assert.True(block.call(input).eq(input).all().item<bool>());
        Assert.False(model.DiscriminatorUsesBatchStatistics);
    }

    [Fact]
    public void Should_normalise_a_layer_to_a_largest_singular_value_of_about_one()
    {
        // Given a linear layer with weights far from unit scale, and a convolution
        torch.manual_seed(3);
        var linear = nn.Linear(40, 30);
        using (no_grad()) linear.weight!.mul_(7);
        var layer = new SpectralNormalised(linear);
        var convolution = new SpectralNormalised(nn.Conv2d(3, 8, 3, padding: 1));

        // When 30 training forward passes run their power iterations
        layer.train();
        convolution.train();
        for (var pass = 0; pass < 30; pass++)
        {
            using var output = layer.call(randn(5, 40));
            using var feature = convolution.call(randn(2, 3, 6, 6));
        }

        // Then the estimate equals the largest singular value from a full SVD, and the weight the layer applies (read back
        // from its output on the identity) has a largest singular value of 1
        var exact = linalg.svdvals(linear.weight!)[0].item<float>();
        Assert.Equal(exact, layer.SingularValue().item<float>(), exact * 1e-3);
        layer.eval();
        using var applied = (layer.call(eye(40)) - linear.bias!).t();
        Assert.Equal(1.0, linalg.svdvals(applied)[0].item<float>(), 1e-3);
        var convolutionWeight = ((TorchSharp.Modules.Conv2d)convolution.Layer).weight!;
        var convolutionExact = linalg.svdvals(convolutionWeight.view(8, -1))[0].item<float>();
        Assert.Equal(convolutionExact, convolution.SingularValue().item<float>(), convolutionExact * 1e-3);
    }

    [Fact]
    public void Should_leave_raw_training_unchanged_by_the_average_and_move_the_average_by_the_decay()
    {
        // Given the same small run with and without an EMA generator
        var withAverage = SmallModern(3, average: 0.5);
        using var averaged = TrainingRun.Start(withAverage);
        using var plain = TrainingRun.Start(withAverage with { Model = ((ResidualGanConfig)withAverage.Model) with { GeneratorAverage = 0 } });
        var before = averaged.Model.Generator.parameters().Select(parameter => parameter.clone()).ToList();

        // When one step runs in each
        averaged.Trainer.Train(1);
        plain.Trainer.Train(1);

        // Then the raw G and the history are identical (the average draws nothing from the streams), and the average is
        // d w_start + (1 - d) w with d = min(0.5, (1 + 1) / (10 + 1)) = 2/11 (the ramp of the first updates)
        Assert.Equal(plain.Trainer.History.ToCsv(), averaged.Trainer.History.ToCsv());
        foreach (var (raw, twin) in averaged.Model.Generator.parameters().Zip(plain.Model.Generator.parameters()))
            Assert.True(raw.eq(twin).all().item<bool>());
        var decay = 2.0 / 11;
        foreach (var ((start, raw), average) in before.Zip(averaged.Model.Generator.parameters()).Zip(averaged.Model.AveragedGenerator!.parameters()))
            Assert.True(average.allclose(start * decay + raw * (1 - decay), rtol: 1e-5, atol: 1e-6));
        Assert.Contains(averaged.Model.NamedWeights(), pair => pair.Name.StartsWith("generator_average.", StringComparison.Ordinal));
    }

    [Fact]
    public void Should_resume_a_run_with_an_average_exactly()
    {
        // Given a straight run of 6 steps with EMA, augmentation and spectral norm, and the same stopped after 3
        var preset = SmallModern(6);
        using var straight = TrainingRun.Start(preset);
        straight.Trainer.Train();
        using var folder = new TemporaryFolder();
        using (var firstHalf = TrainingRun.Start(preset))
        {
            firstHalf.Trainer.Train(3);
            firstHalf.SaveCheckpoint(folder.Path);
        }

        // When it is resumed and trained to the end
        using var resumed = TrainingRun.Resume(folder.Path);
        resumed.Trainer.Train();

        // Then history, raw G and the average are identical to the straight run's
        Assert.Equal(straight.Trainer.History.ToCsv(), resumed.Trainer.History.ToCsv());
        foreach (var ((name, value), (_, other)) in straight.Model.NamedWeights().Zip(resumed.Model.NamedWeights()))
            Assert.True(value.eq(other).all().item<bool>(), name);
    }

    [Fact]
    public void Should_sample_from_the_average_unless_told_otherwise()
    {
        using var run = TrainingRun.Start(SmallModern(2));
        run.Trainer.Train();
        var noise = randn(3, 64);
        using var averaged = run.Model.Sample(noise);
        run.Model.SampleFromAverage = false;
        using var raw = run.Model.Sample(noise);
        using (no_grad())
        {
            Assert.True(averaged.allclose(run.Model.AveragedGenerator!.call(noise)));
            Assert.True(raw.allclose(run.Model.Generator.call(noise)));
        }
        Assert.False(raw.allclose(averaged));
    }

    [Fact]
    public void Should_measure_a_text_run_with_the_average_unless_told_otherwise()
    {
        // Given the Gumbel GRU GAN on Tang lines trained 3 MLE + 2 adversarial steps, once with an average of G (decay
        // 0.5) and once without (the average does not change how the raw G trains)
        var text = GanLab.Experiments.Presets.TangGumbel.WithSteps("mle", 3).WithSteps(2);
        using var plain = TrainingRun.Start(text);
        plain.Trainer.Train();
        using var run = TrainingRun.Start(text with { Model = ((GanLab.Models.Text.GumbelTextGanConfig)text.Model) with { GeneratorAverage = 0.5 } });
        run.Trainer.Train();

        // When the run with the average is evaluated as it is, and with the raw G
        var averaged = run.Evaluate(40).Metrics;
        run.Model.SampleFromAverage = false;
        var raw = run.Evaluate(40).Metrics;

        // Then the raw G measures exactly as the run without an average, and the average measures differently
        var without = plain.Evaluate(40).Metrics;
        Assert.Equal(without["nll_test"], raw["nll_test"]);
        Assert.Equal(without["bleu2"], raw["bleu2"]);
        Assert.NotEqual(without["nll_test"], averaged["nll_test"]);
    }

    [Fact]
    public void Should_refuse_spectral_norm_for_a_family_without_it()
    {
        var error = Assert.Throws<ArgumentException>(() => new GanLab.Models.Text.GumbelTextGanConfig { SpectralNorm = true, VocabularySize = 5 }.Build());
        Assert.Contains("spectralNorm", error.Message);
    }
}
