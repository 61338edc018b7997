using GanLab.Models;
using TorchSharp;

namespace GanLab.Tests.Models;

public class ModelShapeTests
{
    private static long ParameterCount(torch.nn.Module module) => module.parameters().Sum(parameter => parameter.numel());

    [Fact]
    public void Should_build_the_seed_MLP_with_the_seed_sizes_and_sigmoid_pixels()
    {
        // Given the seed's Keras architecture
        using var model = new MlpGanConfig().Build();
        using var noise = torch.randn(4, 100);

        // When four noise vectors go through G and the images through D
        using var images = model.Generator.call(noise);
        using var scores = model.RequiredDiscriminator.call(images);

        // Then: 28x28 images in [0, 1], one score each, and the Dense layer sizes of the seed
        Assert.Equal(new long[] { 4, 1, 28, 28 }, images.shape);
        Assert.True(images.min().item<float>() >= 0 && images.max().item<float>() <= 1);
        Assert.Equal(new long[] { 4, 1 }, scores.shape);
        Assert.Equal(SampleRange.ZeroToOne, model.Range);
        // 100*256+256 + 256*512+512 + 512*1024+1024 + 1024*784+784
        Assert.Equal(1_486_352, ParameterCount(model.Generator));
        // 784*1024+1024 + 1024*512+512 + 512*256+256 + 256*1+1
        Assert.Equal(1_460_225, ParameterCount(model.RequiredDiscriminator));
    }

    [Fact]
    public void Should_build_the_improved_MLP_with_tanh_output()
    {
        using var model = MlpGanConfig.Improved.Build();
        using var images = model.Generator.call(torch.randn(3, 100) * 10);
        Assert.Equal(SampleRange.MinusOneToOne, model.Range);
        Assert.True(images.min().item<float>() < 0);
        Assert.True(images.max().item<float>() <= 1);
    }

    [Fact]
    public void Should_build_DCGAN_for_28x28_without_BatchNorm_on_the_first_discriminator_layer()
    {
        using var model = new DcganConfig().Build();
        using var images = model.Generator.call(torch.randn(2, 100));
        using var scores = model.RequiredDiscriminator.call(images);

        Assert.Equal(new long[] { 2, 1, 28, 28 }, images.shape);
        Assert.Equal(new long[] { 2, 1 }, scores.shape);
        var names = model.RequiredDiscriminator.named_modules().Select(pair => pair.name).ToList();
        Assert.DoesNotContain("layers.down1_norm", names);
        Assert.Contains("layers.down2_norm", names);
    }

    [Fact]
    public void Should_initialise_DCGAN_as_the_paper_says()
    {
        using var model = new DcganConfig().Build();
        var parameters = model.Generator.named_parameters().ToDictionary(pair => pair.name, pair => pair.parameter);

        // Conv weights ~ N(0, 0.02), BatchNorm weights ~ N(1, 0.02), BatchNorm biases 0
        Assert.InRange(parameters["layers.up1.weight"].std().item<float>(), 0.018f, 0.022f);
        Assert.InRange(parameters["layers.up1.weight"].mean().item<float>(), -0.002f, 0.002f);
        Assert.InRange(parameters["layers.project_norm.weight"].mean().item<float>(), 0.99f, 1.01f);
        Assert.Equal(0f, parameters["layers.project_norm.bias"].abs().max().item<float>());
    }

    [Fact]
    public void Should_build_a_toy_GAN_of_the_asked_depth_and_pack_samples_for_D()
    {
        using var model = new ToyGanConfig { Width = 32, GeneratorDepth = 2, DiscriminatorDepth = 4, Pack = 2 }.Build();
        using var points = model.Generator.call(torch.randn(8, 2));
        using var scores = model.RequiredDiscriminator.call(points);

        Assert.Equal(new long[] { 8, 2 }, points.shape);
        Assert.Equal(new long[] { 4, 1 }, scores.shape);
        Assert.Equal(3, model.Generator.parameters().Count(parameter => parameter.dim() == 2));
        Assert.Equal(5, model.RequiredDiscriminator.parameters().Count(parameter => parameter.dim() == 2));
    }

    [Fact]
    public void Should_name_the_invalid_field_of_a_model_config()
    {
        var error = Assert.Throws<ArgumentException>(() => new MlpGanConfig { GeneratorHiddenSizes = new[] { 256, 0 } }.Build());
        Assert.StartsWith("generatorHiddenSizes[1] must be a positive size", error.Message);
        Assert.Throws<ArgumentException>(() => new ToyGanConfig { Pack = 0 }.Validate());
        Assert.Throws<ArgumentException>(() => new DcganConfig { LatentSize = -1 }.Validate());
    }
}
