using GanLab.Data;
using GanLab.Metrics;
using static TorchSharp.torch;

namespace GanLab.Tests.Evaluation;

public class ImageEvaluatorTests
{
    [Fact]
    public void Should_put_held_out_real_images_at_the_floor_and_noise_far_above_it()
    {
        var evaluator = SharedClassifiers.Mnist;
        var floor = evaluator.Floor;
        // Given real test images the floor did not use (the floor takes the first SampleCount) and uniform noise
        var count = (int)Math.Min(1000, evaluator.Data.Test.Count - 1000);
        var heldOut = evaluator.Data.Test.Images.narrow(0, evaluator.Data.Test.Count - count, count);
        var noise = rand(new long[] { count, 1, 28, 28 }, generator: new Generator(9));

        var real = evaluator.Score(heldOut);
        var random = evaluator.Score(noise);

        // Then real images score like the floor: small distances, high precision and recall, classes balanced
        Assert.InRange(real.FrechetDistance, 0, 3 * floor.FrechetDistance + 1);
        Assert.InRange(real.Precision, floor.Precision - 0.1, 1);
        Assert.InRange(real.Recall, floor.Recall - 0.1, 1);
        Assert.InRange(real.ClassKl, 0, 0.05);
        Assert.True(real.ClassifierScore > 8, $"classifier score of real digits {real.ClassifierScore}");
        // And noise is far worse on every measure
        Assert.True(random.FrechetDistance > 20 * floor.FrechetDistance + 10, $"FD noise {random.FrechetDistance} floor {floor.FrechetDistance}");
        Assert.True(random.KernelDistance.Mean > 20 * Math.Abs(floor.KernelDistance.Mean) + 0.01, $"KID noise {random.KernelDistance.Mean}");
        Assert.True(random.Precision < 0.05, $"precision of noise {random.Precision}");
        Assert.True(random.Recall < 0.05, $"recall of noise {random.Recall}");
        Assert.True(random.ClassifierScore < 3, $"classifier score of noise {random.ClassifierScore}");
    }

    [Fact]
    public void Should_count_all_stacked_mnist_modes_in_real_stacked_digits()
    {
        var evaluator = SharedClassifiers.Mnist;
        // Given 10,000 stacked images built from the held-out digits, with their triple labels (`ganlab eval` draws the
        // protocol's 26,000; 10 per mode still leave a mode unseen with probability e^-10 and cost 30,000 classifier
        // passes instead of 78,000)
        const int imageCount = 10_000;
        using var stacked = StackedMnist.Build(evaluator.Data.Test, imageCount, seed: 3);
        Assert.Equal(new long[] { imageCount, 3, 28, 28 }, stacked.Images.shape);
        Assert.InRange(stacked.Labels.min().item<long>(), 0, 999);
        Assert.Equal(999, stacked.Labels.max().item<long>());
        // The label's hundreds, tens and units are the red, green and blue digits (checked on the first 2,000: the
        // classifier's passes over all 10,000 x 3 digits cost more than the rest of the test)
        const int checkedImages = 2000;
        for (var channel = 0; channel < 3; channel++)
        {
            var digit = stacked.Labels.narrow(0, 0, checkedImages).div(new[] { 100L, 10L, 1L }[channel], rounding_mode: RoundingMode.floor) % 10;
            Assert.True(evaluator.Classifier.Accuracy(stacked.Images.narrow(0, 0, checkedImages).narrow(1, channel, 1).contiguous(), digit) > 0.97);
        }

        var coverage = StackedMnistCoverage.Measure(evaluator.Classifier, stacked.Images);

        // Then essentially every mode is found and the histogram is near uniform (a uniform draw of 10,000 has KL
        // about (1,000 - 1) / (2 x 10,000) = 0.05)
        Assert.InRange(coverage.ModesCovered, 995, 1000);
        Assert.InRange(coverage.ReverseKl, 0, 0.1);
        // And one digit triple repeated covers one mode with KL ln(1000)
        var single = StackedMnistCoverage.Measure(evaluator.Classifier, stacked.Images.narrow(0, 0, 1).expand(100, -1, -1, -1).contiguous());
        Assert.Equal(1, single.ModesCovered);
        Assert.Equal(Math.Log(1000), single.ReverseKl, 6);
    }
}
