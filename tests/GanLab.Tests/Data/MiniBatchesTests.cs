using GanLab.Data;
using TorchSharp;

namespace GanLab.Tests.Data;

public class MiniBatchesTests
{
    [Fact]
    public void Should_serve_every_example_once_per_pass_in_a_seeded_order()
    {
        // Given ten examples numbered 0..9 and batches of 5
        using var examples = torch.arange(10, torch.ScalarType.Float32).unsqueeze(1);
        using var batches = new MiniBatches(examples, 5, torch.CPU, new torch.Generator(3));
        using var again = new MiniBatches(examples, 5, torch.CPU, new torch.Generator(3));

        // When one pass is drawn
        var pass = batches.Next().flatten().data<float>().ToArray().Concat(batches.Next().flatten().data<float>().ToArray()).ToArray();
        var repeated = again.Next().flatten().data<float>().ToArray();

        // Then each example appears once, shuffled, and the same seed gives the same order
        Assert.Equal(Enumerable.Range(0, 10).Select(index => (float)index), pass.OrderBy(value => value));
        Assert.NotEqual(Enumerable.Range(0, 10).Select(index => (float)index), pass);
        Assert.Equal(pass[..5], repeated);
    }

    [Fact]
    public void Should_refuse_a_batch_larger_than_the_data()
    {
        using var examples = torch.zeros(3, 2);
        var error = Assert.Throws<ArgumentException>(() => new MiniBatches(examples, 4, torch.CPU, new torch.Generator(1)));
        Assert.Contains("larger than the data set (3 examples)", error.Message);
    }
}
