using System.Text.Json;
using GanLab.Benchmarks;
using GanLab.Models;
using static TorchSharp.torch;

namespace GanLab.Tests.Benchmarks;

public class BenchmarkTests
{
    [Fact]
    public void Should_count_DCGAN_multiply_adds_by_hand()
    {
        // Given the smallest DCGAN: nz = ngf = ndf = channels = 1
        var config = new DcganConfig { LatentSize = 1, GeneratorFeatures = 1, DiscriminatorFeatures = 1, Channels = 1 };

        // When its work is counted
        var (generator, discriminator) = StepWork.DcganMultiplyAdds(config);

        // Then G: 1x2x49 + (2x49)x1x16 + (1x196)x1x16 = 4802; D: (1x196)x16 + (2x49)x1x16 + 2x49 = 4802
        Assert.Equal(4802, generator);
        Assert.Equal(4802, discriminator);
    }

    [Fact]
    public void Should_count_linear_layers_of_the_seed_MLP()
    {
        using var model = new MlpGanConfig().Build();

        // 100x256 + 256x512 + 512x1024 + 1024x784 for G; 784x1024 + 1024x512 + 512x256 + 256x1 for D
        Assert.Equal(100 * 256 + 256 * 512 + 512 * 1024 + 1024 * 784, StepWork.LinearMultiplyAdds(model.Generator));
        Assert.Equal(784 * 1024 + 1024 * 512 + 512 * 256 + 256, StepWork.LinearMultiplyAdds(model.RequiredDiscriminator));
    }

    [Fact]
    public void Should_time_the_trainer_and_the_raw_loop_for_the_chosen_model()
    {
        // Given the shortest possible benchmark of the toy model
        var settings = new BenchmarkSettings { Repeats = 3, SecondsPerRepeat = 0.02, WarmupSteps = 2, Only = new[] { "toy" } };

        // When it runs
        var report = TrainingBenchmark.Run(settings, CPU);

        // Then only the toy model was measured, three timed repeats per loop, with its work counted
        var toy = Assert.Single(report.Models);
        Assert.Equal("toy", toy.Model);
        Assert.Equal(3, toy.TrainerMilliseconds.Repeats);
        Assert.Equal(3, toy.RawLoopMilliseconds.Repeats);
        Assert.True(toy.TrainerMilliseconds.Minimum <= toy.TrainerMilliseconds.Median && toy.TrainerMilliseconds.Median <= toy.TrainerMilliseconds.Maximum);
        Assert.True(toy.Ratio > 0);
        Assert.Equal(256, toy.BatchSize);
        Assert.True(report.MatrixMultiplyGigaflopsPerSecond > 0);
        Assert.True(report.PeakWorkingSetMegabytes >= toy.PeakWorkingSetMegabytes && toy.PeakWorkingSetMegabytes > 0);
    }

    [Fact]
    public void Should_take_the_median_of_repeats()
    {
        var timing = StepTiming.From(new[] { 5.0, 1.0, 3.0, 100.0 }, 10);

        Assert.Equal(4.0, timing.Median);
        Assert.Equal(1.0, timing.Minimum);
        Assert.Equal(100.0, timing.Maximum);
    }

    [Fact]
    public void Should_keep_the_live_tensor_count_flat_over_a_long_run()
    {
        // When the toy model trains 600 steps (with a fixed-noise render at step 500)
        var report = MemoryCheck.Run("toy", 600, CPU);

        // Then readings were taken every 30 steps and no tensor outlived its step
        Assert.Equal(20, report.Samples.Count);
        Assert.Equal(600, report.Samples[^1].Step);
        Assert.Equal(0, report.LiveTensorGrowth);
        Assert.All(report.Samples, sample => Assert.True(sample.WorkingSetMegabytes > 0));
    }

    [Fact]
    public void Should_refuse_an_unknown_benchmark_model_naming_the_known_ones()
    {
        var error = Assert.Throws<ArgumentException>(() => new BenchmarkSettings { Only = new[] { "stylegan" } }.Validate());

        Assert.Contains("unknown benchmark model 'stylegan'; known: seed-mlp, dcgan-28, toy", error.Message);
    }
}
