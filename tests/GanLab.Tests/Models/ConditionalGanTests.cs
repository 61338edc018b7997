using GanLab.Core;
using GanLab.Experiments;
using GanLab.Models;
using GanLab.Training;
using static TorchSharp.torch;

namespace GanLab.Tests.Models;

public class ConditionalGanTests
{
    public ConditionalGanTests() => TorchRuntime.EnsureLoaded();

    [Fact]
    public void Should_train_a_conditional_dcgan_with_a_class_per_grid_column()
    {
        // Given the conditional MNIST preset, shortened
        var preset = Presets.ConditionalDcganMnist.WithSteps(3) with { Training = Presets.ConditionalDcganMnist.WithSteps(3).Training with { BatchSize = 16 } };
        using var run = TrainingRun.Start(preset);
        var model = run.Model;
        Assert.Equal(10, model.ClassCount);
        Assert.Equal(110, model.GeneratorInputSize);

        run.Trainer.Train();

        Assert.Equal(3, run.Trainer.History.Rows.Count);
        Assert.All(run.Trainer.History.Rows, row => Assert.True(double.IsFinite(row.DiscriminatorLoss) && double.IsFinite(row.GeneratorLoss)));
        // The fixed grid asks for class i mod 10 in sample i: 10 columns = the 10 classes
        var classes = run.Trainer.FixedNoise!.narrow(1, 100, 10).argmax(1).data<long>().ToArray();
        Assert.Equal(Enumerable.Range(0, 100).Select(index => (long)(index % 10)), classes);
        using var samples = run.Trainer.SampleFixed();
        Assert.Equal(new long[] { 100, 1, 28, 28 }, samples.shape);
    }

    [Fact]
    public void Should_explain_how_to_feed_a_conditional_generator()
    {
        using var model = new DcganConfig { ClassCount = 10, GeneratorFeatures = 8, DiscriminatorFeatures = 8 }.Build();
        var noise = randn(4, 100);

        var error = Assert.Throws<ArgumentException>(() => model.Sample(noise));
        Assert.Contains("GeneratorInput(noise, labels)", error.Message);
        Assert.Throws<ArgumentException>(() => model.GeneratorInput(noise, null));
        using var images = model.Sample(model.GeneratorInput(noise, tensor(new long[] { 0, 1, 2, 3 })));
        Assert.Equal(new long[] { 4, 1, 28, 28 }, images.shape);
        // D sees the image and one plane per class, the label's plane all ones
        using var input = model.DiscriminatorInput(images, tensor(new long[] { 0, 1, 2, 3 }));
        Assert.Equal(new long[] { 4, 11, 28, 28 }, input.shape);
        Assert.Equal(28 * 28, input[2, 1 + 2].sum().item<float>());
        Assert.Equal(0, input[2, 1 + 3].sum().item<float>());
        // And a trainer without labels for its data is refused
        Assert.Throws<ArgumentException>(() => new Trainer(model, zeros(32, 1, 28, 28), new TrainingPlan { BatchSize = 8 }, CPU, new Generator(1)));
    }

    [Fact]
    public void Should_interpolate_between_classes_at_fixed_noise_and_between_noises_otherwise()
    {
        using var conditional = new DcganConfig { ClassCount = 10, GeneratorFeatures = 8, DiscriminatorFeatures = 8 }.Build();
        using var plain = new DcganConfig { GeneratorFeatures = 8, DiscriminatorFeatures = 8 }.Build();

        var paths = LatentInterpolation.Paths(conditional, rows: 3, count: 5, seed: 1);
        var plainPaths = LatentInterpolation.Paths(plain, rows: 3, count: 5, seed: 1);

        Assert.Equal(new long[] { 15, 110 }, paths.shape);
        // Row 1 goes from class 1 to class 2, its noise fixed
        Assert.Equal(1, paths[5, 101].item<float>());
        Assert.Equal(0.5, paths[7, 101].item<float>(), 5);
        Assert.Equal(0.5, paths[7, 102].item<float>(), 5);
        Assert.Equal(1, paths[9, 102].item<float>());
        Assert.True(paths[5].narrow(0, 0, 100).eq(paths[9].narrow(0, 0, 100)).all().item<bool>());
        // Unconditional rows walk between different noise vectors
        Assert.Equal(new long[] { 15, 100 }, plainPaths.shape);
        Assert.False(plainPaths[0].eq(plainPaths[4]).all().item<bool>());
        Assert.True(plainPaths[4].allclose(plainPaths[5], 1e-5, 1e-5));
    }
}
