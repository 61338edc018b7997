using GanLab.Models;
using static TorchSharp.torch;

namespace GanLab.Tests.Models;

public class LatentInterpolationTests
{
    [Fact]
    public void Should_start_and_end_at_the_two_vectors_with_the_middle_halfway_on_a_line()
    {
        var from = tensor(new float[] { 0, 2 });
        var to = tensor(new float[] { 4, 6 });

        var path = LatentInterpolation.Linear(from, to, 5);

        Assert.Equal(new long[] { 5, 2 }, path.shape);
        Assert.Equal(new float[] { 0, 2, 1, 3, 2, 4, 3, 5, 4, 6 }, path.data<float>().ToArray());
    }

    [Fact]
    public void Should_keep_the_length_of_equally_long_vectors_along_the_arc()
    {
        // Given two orthogonal vectors of length 10 (the typical |z| of 100-dimensional Gaussian noise)
        var from = tensor(new float[] { 10, 0 });
        var to = tensor(new float[] { 0, 10 });

        // When interpolated both ways
        var arc = LatentInterpolation.Spherical(from, to, 3);
        var line = LatentInterpolation.Linear(from, to, 3);

        // Then the arc's middle keeps length 10 (it is (7.07, 7.07)), the line's shrinks to 7.07
        Assert.Equal(10, arc[1].norm().item<float>(), 4);
        Assert.Equal(Math.Sqrt(50), line[1].norm().item<float>(), 4);
        Assert.Equal(new float[] { 10, 0 }, arc[0].data<float>().ToArray().Select(value => MathF.Round(value, 4)).ToArray());
        Assert.Equal(new float[] { 0, 10 }, arc[2].data<float>().ToArray().Select(value => MathF.Round(value, 4)).ToArray());
    }

    [Fact]
    public void Should_refuse_fewer_than_two_points_and_vectors_of_different_size()
    {
        Assert.Throws<ArgumentException>(() => LatentInterpolation.Linear(zeros(3), ones(3), 1));
        Assert.Contains("differ in size (3 and 4)", Assert.Throws<ArgumentException>(() => LatentInterpolation.Spherical(zeros(3), ones(4), 5)).Message);
    }
}
