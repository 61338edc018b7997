using GanLab.Data;
using GanLab.Metrics;
using static TorchSharp.torch;

namespace GanLab.Tests.Metrics;

public class ModeCoverageTests
{
    [Fact]
    public void Should_count_modes_high_quality_samples_and_reverse_KL_by_hand()
    {
        // Given 4 samples against the ring (sigma 0.01, so "high quality" = within 0.03 of a mode):
        // two on mode (1, 0), one 0.02 from mode (0, 1), one far from every mode
        var samples = tensor(new float[] { 1, 0, 1.01f, 0, 0, 0.98f, 0.5f, 0.5f }, new long[] { 4, 2 });

        // When they are scored
        var result = ModeCoverage.Measure(samples, ToyDistribution.Ring);

        // Then 2 of 8 modes are covered, 3 of 4 samples are high quality,
        // and KL(q || uniform) with q = (2/3, 1/3) is 2/3 ln(16/3) + 1/3 ln(8/3)
        Assert.Equal(2, result.ModesCovered);
        Assert.Equal(8, result.ModeCount);
        Assert.Equal(0.75, result.HighQualityFraction, 10);
        Assert.Equal(2.0 / 3 * Math.Log(16.0 / 3) + 1.0 / 3 * Math.Log(8.0 / 3), result.ReverseKl, 6);
    }

    [Fact]
    public void Should_give_zero_reverse_KL_for_an_even_spread_over_all_modes()
    {
        var centres = ToyDistribution.Grid.Centers.SelectMany(centre => new[] { (float)centre.X, (float)centre.Y }).ToArray();

        var result = ModeCoverage.Measure(tensor(centres, new long[] { 25, 2 }), ToyDistribution.Grid);

        Assert.Equal(25, result.ModesCovered);
        Assert.Equal(1.0, result.HighQualityFraction);
        Assert.Equal(0.0, result.ReverseKl, 10);
    }

    [Fact]
    public void Should_refuse_a_distribution_without_modes_and_samples_of_the_wrong_shape()
    {
        Assert.Contains("no discrete modes", Assert.Throws<ArgumentException>(() => ModeCoverage.Measure(zeros(3, 2), ToyDistribution.Spiral)).Message);
        Assert.Contains("shape [N, 2], got [3, 3]", Assert.Throws<ArgumentException>(() => ModeCoverage.Measure(zeros(3, 3), ToyDistribution.Ring)).Message);
    }
}
