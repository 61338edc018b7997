using GanLab.Core;
using GanLab.Experiments;
using GanLab.Models;
using static TorchSharp.torch;

namespace GanLab.Tests.Models;

public class MinibatchDeviationTests
{
    public MinibatchDeviationTests() => TorchRuntime.EnsureLoaded();

    [Fact]
    public void Should_append_each_group_of_neighbours_spread_as_one_plane_and_keep_halves_apart()
    {
        // Given 8 examples of 2 maps on 3 x 2 positions: the first 4 identical, the last 4 drawn at random
        using var same = ones(1, 2, 3, 2).expand(4, 2, 3, 2);
        using var different = randn(4, 2, 3, 2, generator: new TorchSharp.torch.Generator(7));
        using var features = cat(new[] { same, different }).requires_grad_();

        using var result = new MinibatchDeviation(4).call(features);

        // Then one plane is added, holding for each group its standard deviation across the group, averaged over the maps
        // and positions, computed here another way (per position, then the mean)
        Assert.Equal(new long[] { 8, 3, 3, 2 }, result.shape);
        using var plane = result.narrow(1, 2, 1);
        Assert.True(plane.narrow(0, 0, 4).abs().max().item<float>() < 1e-3f, "identical examples have no spread");
        var values = different.data<float>().ToArray();
        var expected = Enumerable.Range(0, 12).Average(position =>
        {
            var column = Enumerable.Range(0, 4).Select(example => (double)values[example * 12 + position]).ToArray();
            return Math.Sqrt(column.Select(value => (value - column.Average()) * (value - column.Average())).Average());
        });
        Assert.True(plane.narrow(0, 4, 4).allclose(full(4, 1, 3, 2, (float)expected), rtol: 1e-4, atol: 1e-4), $"not {expected}");
        // And the maps pass unchanged, and R1's second gradient is finite even for identical examples
        Assert.True(result.narrow(1, 0, 2).allclose(features, rtol: 0, atol: 0));
        var gradient = autograd.grad(new[] { result.sum() }, new[] { features }, retain_graph: true, create_graph: true)[0];
        var second = autograd.grad(new[] { gradient.mul(gradient).sum() }, new[] { features })[0];
        Assert.True(second.isfinite().all().item<bool>(), "second gradient not finite");
    }

    [Fact]
    public void Should_refuse_a_batch_size_that_the_groups_do_not_divide()
    {
        var preset = Presets.WaveGanDigits with { Model = (WaveGanConfig)Presets.WaveGanDigits.Model with { MinibatchDeviationGroup = 5 } };
        var error = Assert.Throws<ArgumentException>(preset.Validate);
        Assert.StartsWith("training.batchSize (64) must be a multiple of model.minibatchDeviationGroup (5)", error.Message);
        using var odd = zeros(6, 1, 2, 2);
        var callError = Assert.Throws<ArgumentException>(() => new MinibatchDeviation(4).call(odd));
        Assert.Contains("a batch of 6 examples", callError.Message);
    }
}
