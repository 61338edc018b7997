using GanLab.Models;
using GanLab.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace GanLab.Tests.Privacy;

// The batched per-layer formulas against the definition: one backward pass per example.
public class PerExampleGradientsTests
{
    private static void AssertSameAsOnePassPerExample(nn.Module<Tensor, Tensor> network, Tensor inputs, double clip, bool normalise = false, bool perLayer = false)
    {
        Tensor Terms(Tensor scores) => Losses.DiscriminatorRealTerms(LossKind.NonSaturating, scores);
        var chain = PerExampleGradients.ChainOf(network);
        Assert.NotNull(chain);
        var (parameters, sum, norms) = PerExampleGradients.ClippedSum(chain!, inputs, Terms, clip, normalise, perLayer);
        var count = (int)inputs.shape[0];
        var (expected, expectedNorms) = PrivateGradients.ClippedSum(parameters, count, index => Terms(network.call(inputs.narrow(0, index, 1))).sum(), clip, normalise, perLayer);

        Assert.Equal(network.parameters().Count(), parameters.Count);
        Assert.True(expectedNorms.Count(norm => norm > clip) >= count / 3, "the test needs examples whose gradients exceed the clip norm");
        for (var index = 0; index < count; index++) Assert.Equal(expectedNorms[index], norms[index], expectedNorms[index] * 1e-4);
        for (var index = 0; index < parameters.Count; index++)
            Assert.True(allclose(sum[index], expected[index], rtol: 1e-3, atol: 1e-6), $"parameter {index} ({string.Join("x", parameters[index].shape)}) differs");
    }

    [Fact]
    public void Should_match_one_pass_per_example_on_the_GroupNorm_DCGAN_discriminator()
    {
        random.manual_seed(5);
        var network = new DcganDiscriminator(8, 11, Normalisation.GroupNorm);
        DcganInitialisation.Apply(network);
        var inputs = randn(new long[] { 9, 11, 28, 28 }, generator: new Generator(6));
        var norms = PrivateGradients.ClippedSum(network.parameters().ToList(), 9, index => Losses.DiscriminatorRealTerms(LossKind.NonSaturating, network.call(inputs.narrow(0, index, 1))).sum(), 1).Norms;
        AssertSameAsOnePassPerExample(network, inputs, norms.OrderBy(norm => norm).ElementAt(4));
    }

    [Fact]
    public void Should_match_one_pass_per_example_on_a_perceptron_with_biases()
    {
        random.manual_seed(7);
        var network = new MultiLayerPerceptron("discriminator", 12, new[] { 16, 8 }, 1, Activation.LeakyRelu, Activation.None);
        var inputs = randn(new long[] { 10, 3, 4 }, generator: new Generator(8)) * 2;
        var norms = PrivateGradients.ClippedSum(network.parameters().ToList(), 10, index => Losses.DiscriminatorRealTerms(LossKind.NonSaturating, network.call(inputs.narrow(0, index, 1))).sum(), 1).Norms;
        AssertSameAsOnePassPerExample(network, inputs, norms.OrderBy(norm => norm).ElementAt(5));
    }

    [Theory]
    [InlineData(false, true)]
    [InlineData(true, false)]
    [InlineData(true, true)]
    public void Should_match_one_pass_per_example_with_per_layer_clipping_and_normalisation(bool normalise, bool perLayer)
    {
        random.manual_seed(9);
        var network = new DcganDiscriminator(8, 1, Normalisation.GroupNorm);
        DcganInitialisation.Apply(network);
        var inputs = randn(new long[] { 8, 1, 28, 28 }, generator: new Generator(10));
        var norms = PrivateGradients.ClippedSum(network.parameters().ToList(), 8, index => Losses.DiscriminatorRealTerms(LossKind.NonSaturating, network.call(inputs.narrow(0, index, 1))).sum(), 1).Norms;
        AssertSameAsOnePassPerExample(network, inputs, norms.OrderBy(norm => norm).ElementAt(2), normalise, perLayer);
    }

    [Fact]
    public void Should_clip_each_parameter_tensor_to_the_clip_norm_over_root_tensors_with_per_layer_clipping()
    {
        random.manual_seed(11);
        var network = new DcganDiscriminator(8, 1, Normalisation.GroupNorm);
        DcganInitialisation.Apply(network);
        var chain = PerExampleGradients.ChainOf(network)!;
        var inputs = randn(new long[] { 1, 1, 28, 28 }, generator: new Generator(12)) * 3;
        Tensor Terms(Tensor scores) => Losses.DiscriminatorRealTerms(LossKind.NonSaturating, scores);
        var (_, unclipped) = PerExampleGradients.Gradients(chain, inputs, Terms);
        const double clip = 1e-3;

        var (parameters, sum, _) = PerExampleGradients.ClippedSum(chain, inputs, Terms, clip, perLayer: true);

        // One example: the sum is its clipped gradient. Every tensor was above C / sqrt(5), so each lands on it.
        Assert.Equal(5, parameters.Count);
        for (var index = 0; index < 5; index++)
        {
            Assert.True(unclipped[index].norm().item<float>() > clip / Math.Sqrt(5), $"tensor {index} must start above the per-tensor clip");
            Assert.Equal(clip / Math.Sqrt(5), sum[index].norm().item<float>(), clip * 1e-4);
        }
        Assert.Equal(clip, Math.Sqrt(sum.Sum(part => part.square().sum().item<float>())), clip * 1e-4);
    }

    [Fact]
    public void Should_refuse_networks_with_layers_it_has_no_formula_for()
    {
        Assert.Null(PerExampleGradients.ChainOf(nn.Sequential(nn.Linear(4, 4), nn.BatchNorm1d(4))));
        Assert.Null(PerExampleGradients.ChainOf(new DcganGenerator(8, 4, 1)));
    }
}
