using GanLab.Experiments;
using GanLab.Data;
using TorchSharp;

namespace GanLab.Tests.Training;

/// <summary>Training on real data must actually learn: these fail if the loop, losses or data are wrong.</summary>
public class LearningTests
{
    [Fact]
    public void Should_move_toy_ring_samples_onto_the_ring_and_cover_most_modes()
    {
        // Given the toy-ring preset shortened to 3,000 steps
        var preset = Presets.ToyRing.WithSteps(3000) with { Training = Presets.ToyRing.WithSteps(3000).Training with { SampleEvery = 0, CheckpointEvery = 0 } };
        using var run = TrainingRun.Start(preset);
        using var before = run.Trainer.SampleFixed();
        var nearBefore = ShareNearRing(before);

        // When it trains
        run.Trainer.Train();
        using var after = run.Trainer.SampleFixed();

        // Then most samples lie near the unit circle, far more than before, spread over several modes
        Assert.True(nearBefore < 0.3, $"before training {nearBefore:P0} were already near the ring");
        var nearAfter = ShareNearRing(after);
        Assert.True(nearAfter > 0.8, $"only {nearAfter:P0} of samples are within 0.15 of the ring");
        Assert.True(ModesHit(after) >= 6, $"only {ModesHit(after)} of 8 modes have samples near them");
    }

    [Fact]
    public void Should_turn_noise_into_digit_like_images_on_real_MNIST()
    {
        // Given the improved MLP on the embedded MNIST digits
        var preset = Presets.MlpMnist.WithSteps(800) with { Training = Presets.MlpMnist.WithSteps(800).Training with { SampleEvery = 0, CheckpointEvery = 0 } };
        using var run = TrainingRun.Start(preset);
        using var before = run.Trainer.SampleFixed();

        // When it trains 800 steps
        run.Trainer.Train();
        using var after = run.Trainer.SampleFixed();
        var rows = run.Trainer.History.Rows;

        // Then the samples have a dark background like digits (not grey noise) and resemble the mean digit
        Assert.True(DarkShare(before) < 0.2, $"untrained samples were already {DarkShare(before):P0} dark");
        Assert.True(DarkShare(after) > 0.55, $"only {DarkShare(after):P0} of pixels are dark background");
        Assert.True(CorrelationWithMeanDigit(after) > 0.5, $"correlation with the mean digit is {CorrelationWithMeanDigit(after):F2}");
        // And D still tells real from fake on average, while G is no longer trivially caught
        var last = rows.Skip(rows.Count - 200).ToList();
        Assert.True(last.Average(row => row.DiscriminatorReal) > last.Average(row => row.DiscriminatorFake));
        Assert.True(last.Average(row => row.DiscriminatorFake) > 0.05);
    }

    private static double ShareNearRing(torch.Tensor points)
    {
        using var radius = points.square().sum(1).sqrt();
        return ((radius - 1).abs() < 0.15).to_type(torch.ScalarType.Float32).mean().item<float>();
    }

    private static int ModesHit(torch.Tensor points)
    {
        var values = points.data<float>().ToArray();
        return ToyDistribution.Ring.Centers.Count(centre => Enumerable.Range(0, values.Length / 2)
            .Any(index => Math.Pow(values[2 * index] - centre.X, 2) + Math.Pow(values[2 * index + 1] - centre.Y, 2) < 0.1 * 0.1));
    }

    private static double DarkShare(torch.Tensor images) =>
        (images < 0.2).to_type(torch.ScalarType.Float32).mean().item<float>();

    private static double CorrelationWithMeanDigit(torch.Tensor images)
    {
        using var mnist = ImageDataCatalog.Load(ImageDataCatalog.Mnist);
        using var realMean = mnist.Images.mean(new long[] { 0 }).flatten();
        using var fakeMean = images.mean(new long[] { 0 }).flatten();
        using var pair = torch.stack(new[] { realMean, fakeMean });
        return pair.corrcoef()[0, 1].item<float>();
    }
}
