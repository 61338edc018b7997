using GanLab.Data;
using TorchSharp;

namespace GanLab.Tests.Data;

public class ToyDistributionTests
{
    [Fact]
    public void Should_place_eight_ring_modes_on_the_unit_circle_and_25_grid_modes_two_apart()
    {
        Assert.Equal(8, ToyDistribution.Ring.Centers.Count);
        Assert.All(ToyDistribution.Ring.Centers, centre => Assert.Equal(1.0, Math.Sqrt(centre.X * centre.X + centre.Y * centre.Y), 9));
        Assert.Equal(0.01, ToyDistribution.Ring.Sigma);
        Assert.Equal(25, ToyDistribution.Grid.Centers.Count);
        Assert.Contains((-4.0, 4.0), ToyDistribution.Grid.Centers);
        Assert.Equal(0.05, ToyDistribution.Grid.Sigma);
    }

    [Fact]
    public void Should_draw_ring_points_within_a_few_sigma_of_the_circle_and_repeat_with_the_same_seed()
    {
        using var first = ToyDistribution.Ring.Sample(2000, new torch.Generator(5));
        using var second = ToyDistribution.Ring.Sample(2000, new torch.Generator(5));
        using var radius = first.square().sum(1).sqrt();

        Assert.True((first == second).all().item<bool>());
        Assert.InRange(radius.min().item<float>(), 0.94f, 1f);
        Assert.InRange(radius.max().item<float>(), 1f, 1.06f);
    }

    [Fact]
    public void Should_draw_a_spiral_without_discrete_modes()
    {
        using var points = ToyDistribution.Spiral.Sample(1000, new torch.Generator(1));
        Assert.Empty(ToyDistribution.Spiral.Centers);
        Assert.Equal(new long[] { 1000, 2 }, points.shape);
    }
}
