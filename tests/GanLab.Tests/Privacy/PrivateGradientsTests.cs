using GanLab.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace GanLab.Tests.Privacy;

public class PrivateGradientsTests
{
    private static (nn.Module<Tensor, Tensor> Network, Tensor Inputs) SmallNetwork()
    {
        random.manual_seed(3);
        var network = nn.Sequential(nn.Linear(5, 16), nn.LeakyReLU(0.2), nn.Linear(16, 1));
        return (network, randn(new long[] { 12, 5 }, generator: new Generator(4)) * 3);
    }

    private static Tensor LossOf(nn.Module<Tensor, Tensor> network, Tensor inputs, int index) =>
        Losses.DiscriminatorRealTerms(LossKind.NonSaturating, network.call(inputs.narrow(0, index, 1))).sum();

    [Fact]
    public void Should_clip_each_examples_contribution_to_at_most_the_clip_norm()
    {
        var (network, inputs) = SmallNetwork();
        var parameters = network.parameters().ToList();
        const double clip = 0.05;

        var (_, norms) = PrivateGradients.ClippedSum(parameters, 12, index => LossOf(network, inputs, index), clip);

        Assert.True(norms.Count(norm => norm > clip) >= 6, "the test needs examples whose gradients exceed the clip norm");
        for (var example = 0; example < 12; example++)
        {
            // One example alone: its clipped contribution is the whole sum.
            var (alone, _) = PrivateGradients.ClippedSum(parameters, 1, _ => LossOf(network, inputs, example), clip);
            var contribution = Math.Sqrt(alone.Sum(part => part.square().sum().item<float>()));
            Assert.Equal(Math.Min(norms[example], clip), contribution, 1e-5);
        }
    }

    [Fact]
    public void Should_equal_the_ordinary_gradient_without_noise_and_with_a_clip_norm_no_example_reaches()
    {
        var (network, inputs) = SmallNetwork();
        var parameters = network.parameters().ToList();
        var (sum, norms) = PrivateGradients.ClippedSum(parameters, 12, index => LossOf(network, inputs, index), 1e6);
        foreach (var parameter in parameters) parameter.grad?.zero_();
        PrivateGradients.AddNoisyMean(parameters, sum, 0, 1e6, 12, new Generator(1));
        var privateGradients = parameters.Select(parameter => parameter.grad!.clone()).ToList();

        foreach (var parameter in parameters) parameter.grad!.zero_();
        Losses.DiscriminatorRealTerms(LossKind.NonSaturating, network.call(inputs)).mean().backward();

        Assert.True(norms.Max() < 1e6);
        for (var index = 0; index < parameters.Count; index++)
            Assert.True(allclose(privateGradients[index], parameters[index].grad!, rtol: 1e-4, atol: 1e-7), $"parameter {index} differs");
    }

    [Fact]
    public void Should_add_noise_of_sigma_times_the_clip_norm_over_the_expected_batch()
    {
        var weight = zeros(400, 250).requires_grad_(true);
        weight.sum().backward();
        weight.grad!.zero_();
        const double sigma = 1.3, clip = 2.0, expectedBatch = 8;

        PrivateGradients.AddNoisyMean(new[] { weight }, new[] { zeros(400, 250) }, sigma, clip, expectedBatch, new Generator(9));

        // 100,000 draws: the sample standard deviation is within 1% of the stated one with overwhelming probability.
        var deviation = weight.grad!.std().item<float>();
        Assert.Equal(sigma * clip / expectedBatch, deviation, sigma * clip / expectedBatch * 0.01);
        Assert.Equal(0, weight.grad!.mean().item<float>(), 0.002);
    }

    [Theory]
    [InlineData(LossKind.NonSaturating, 1.0)]
    [InlineData(LossKind.NonSaturating, 0.9)]
    [InlineData(LossKind.LeastSquares, 1.0)]
    [InlineData(LossKind.Hinge, 1.0)]
    [InlineData(LossKind.Wasserstein, 1.0)]
    public void Should_split_the_discriminator_loss_into_real_and_generated_terms(LossKind kind, double realLabel)
    {
        var real = tensor(new float[] { 1.5f, -0.3f, 2.2f, 0.1f }).unsqueeze(1);
        var fake = tensor(new float[] { -1.1f, 0.4f, 0.9f }).unsqueeze(1);

        var whole = Losses.Discriminator(kind, real, fake, realLabel).item<float>();
        var split = Losses.DiscriminatorRealTerms(kind, real, realLabel).mean().item<float>() + Losses.DiscriminatorFakeTerms(kind, fake).mean().item<float>();

        Assert.Equal(whole, split, 5);
    }
}
