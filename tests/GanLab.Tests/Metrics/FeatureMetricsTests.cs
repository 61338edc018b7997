using GanLab.Core;
using GanLab.Metrics;
using static TorchSharp.torch;

namespace GanLab.Tests.Metrics;

public class FeatureMetricsTests
{
    public FeatureMetricsTests() => TorchRuntime.EnsureLoaded();

    [Fact]
    public void Should_give_the_closed_form_frechet_distance_of_gaussians()
    {
        // Given N(0, diag(1, 4, 9)) and N((1, 0, 0), diag(4, 4, 1)): the distance is |dmu|^2 + sum (sqrt a - sqrt b)^2
        var distance = FrechetDistance.Between(tensor(new[] { 0.0, 0, 0 }), diag(tensor(new[] { 1.0, 4, 9 })),
            tensor(new[] { 1.0, 0, 0 }), diag(tensor(new[] { 4.0, 4, 1 })));
        Assert.Equal(1 + 1 + 0 + 4, distance, 10);

        // And for non-commuting covariances the trace term matches a hand computation: S1 = [[2, 1], [1, 2]], S2 = I
        // gives Tr(S1^(1/2)) = sqrt 3 + 1 (eigenvalues 3 and 1), so the distance is 4 + 2 - 2 (sqrt 3 + 1)
        var rotated = FrechetDistance.Between(zeros(2, dtype: ScalarType.Float64), tensor(new[,] { { 2.0, 1 }, { 1, 2 } }),
            zeros(2, dtype: ScalarType.Float64), eye(2, dtype: ScalarType.Float64));
        Assert.Equal(6 - 2 * (Math.Sqrt(3) + 1), rotated, 10);
    }

    [Fact]
    public void Should_measure_zero_between_a_set_and_itself_and_grow_with_a_shift()
    {
        var features = randn(new long[] { 2000, 8 }, generator: new Generator(1));
        Assert.Equal(0, FrechetDistance.Between(features, features), 6);
        var shifted = features + 2;
        // The shift adds |(2, ..., 2)|^2 = 32 and leaves the covariance as it was.
        Assert.Equal(32, FrechetDistance.Between(features, shifted), 6);
        Assert.Throws<ArgumentException>(() => FrechetDistance.Between(features, randn(10, 4)));
    }

    [Fact]
    public void Should_estimate_kid_without_bias_and_match_a_direct_sum()
    {
        // Given two tiny sets, KID equals the unbiased MMD^2 written out term by term
        var x = tensor(new[,] { { 1.0, 0 }, { 0, 1 }, { 1, 1 } });
        var y = tensor(new[,] { { 2.0, 0 }, { 0, 0 } });
        double K(double[] a, double[] b) => Math.Pow((a[0] * b[0] + a[1] * b[1]) / 2 + 1, 3);
        double[][] xs = { new[] { 1.0, 0 }, new[] { 0.0, 1 }, new[] { 1.0, 1 } }, ys = { new[] { 2.0, 0 }, new[] { 0.0, 0 } };
        double withinX = 0, withinY = 0, across = 0;
        for (var i = 0; i < 3; i++) for (var j = 0; j < 3; j++) if (i != j) withinX += K(xs[i], xs[j]);
        for (var i = 0; i < 2; i++) for (var j = 0; j < 2; j++) if (i != j) withinY += K(ys[i], ys[j]);
        foreach (var a in xs) foreach (var b in ys) across += K(a, b);
        Assert.Equal(withinX / 6 + withinY / 2 - 2 * across / 6, KernelDistance.Squared(x, y), 10);

        // And on samples of one distribution it is near 0, far from a shifted one, with a spread over subsets
        var first = randn(new long[] { 1000, 4 }, generator: new Generator(2));
        var second = randn(new long[] { 1000, 4 }, generator: new Generator(3));
        var same = KernelDistance.OverSubsets(first, second, subsets: 10, subsetSize: 500);
        var different = KernelDistance.OverSubsets(first, second + 1, subsets: 10, subsetSize: 500);
        Assert.InRange(same.Mean, -0.05, 0.05);
        Assert.True(different.Mean > 1, $"KID of shifted sets {different.Mean}");
        Assert.True(different.StandardDeviation > 0);
    }

    [Fact]
    public void Should_tell_precision_from_recall()
    {
        // Given real features in two well separated clusters and generated features from one of them only
        var random = new Generator(4);
        var clusterA = randn(new long[] { 300, 2 }, generator: random) * 0.1;
        var clusterB = randn(new long[] { 300, 2 }, generator: random) * 0.1 + 10;
        var real = cat(new[] { clusterA, clusterB }, 0);
        var onlyA = randn(new long[] { 300, 2 }, generator: random) * 0.1;

        // Then every generated sample is realistic (precision about 1) but half the real data is missed (recall about 0.5)
        var measured = ManifoldPrecisionRecall.Measure(real, onlyA);
        Assert.True(measured.Precision > 0.95, $"precision {measured.Precision}");
        Assert.InRange(measured.Recall, 0.4, 0.55);
        // A set against itself is fully precise and fully covered; a far-away set is neither
        Assert.Equal(new PrecisionRecall(1, 1), ManifoldPrecisionRecall.Measure(real, real));
        Assert.Equal(new PrecisionRecall(0, 0), ManifoldPrecisionRecall.Measure(real, onlyA + 100));
    }
}
