using static TorchSharp.torch;

namespace GanLab.Metrics;

/// <summary>Mean and standard deviation of a score over random subsets.</summary>
/// <param name="Mean">Mean over subsets.</param>
/// <param name="StandardDeviation">Standard deviation over subsets.</param>
/// <param name="Subsets">How many subsets.</param>
public sealed record SubsetScore(double Mean, double StandardDeviation, int Subsets);

/// <summary>
/// KID (Bińkowski et al. 2018): the unbiased estimate of the squared maximum mean discrepancy between two feature
/// sets with the cubic polynomial kernel k(x, y) = (x.y / D + 1)^3, averaged over random subsets. Unlike the
/// Fréchet distance it has an unbiased estimator, so small sample sets compare fairly; values near 0 (even slightly
/// negative) mean "indistinguishable".
/// </summary>
public static class KernelDistance
{
    /// <summary>MMD^2 (unbiased) between two whole feature sets.</summary>
    public static double Squared(Tensor first, Tensor second)
    {
        using var scope = NewDisposeScope();
        FrechetDistance.CheckFeatures(first, second);
        if (first.shape[0] < 2 || second.shape[0] < 2) throw new ArgumentException("KID needs at least two features in each set.");
        var x = first.to_type(ScalarType.Float64);
        var y = second.to_type(ScalarType.Float64);
        var dimension = (double)x.shape[1];
        Tensor Kernel(Tensor a, Tensor b) => (a.matmul(b.T) / dimension + 1).pow(3);
        var m = (double)x.shape[0];
        var n = (double)y.shape[0];
        var xx = Kernel(x, x);
        var yy = Kernel(y, y);
        // Unbiased: the diagonal (each sample with itself) is left out of the within-set means.
        var withinX = (xx.sum() - xx.diagonal().sum()).item<double>() / (m * (m - 1));
        var withinY = (yy.sum() - yy.diagonal().sum()).item<double>() / (n * (n - 1));
        var across = Kernel(x, y).mean().item<double>();
        return withinX + withinY - 2 * across;
    }

    /// <summary>KID over <paramref name="subsets"/> random subsets of <paramref name="subsetSize"/> from each set (the paper: 100 x 1,000).</summary>
    public static SubsetScore OverSubsets(Tensor first, Tensor second, int subsets = 100, int subsetSize = 1000, long seed = 1)
    {
        if (subsets < 2) throw new ArgumentException($"subsets must be at least 2, got {subsets}.", nameof(subsets));
        var size = (int)Math.Min(subsetSize, Math.Min(first.shape[0], second.shape[0]));
        var random = new Random(unchecked((int)seed));
        var values = new double[subsets];
        for (var index = 0; index < subsets; index++)
        {
            using var scope = NewDisposeScope();
            var pickFirst = tensor(Pick(random, (int)first.shape[0], size));
            var pickSecond = tensor(Pick(random, (int)second.shape[0], size));
            values[index] = Squared(first.index_select(0, pickFirst), second.index_select(0, pickSecond));
        }
        var mean = values.Average();
        var deviation = Math.Sqrt(values.Sum(value => (value - mean) * (value - mean)) / (values.Length - 1));
        return new SubsetScore(mean, deviation, subsets);
    }

    // A subset without repeats (partial Fisher-Yates).
    private static long[] Pick(Random random, int count, int size)
    {
        var order = Enumerable.Range(0, count).Select(value => (long)value).ToArray();
        for (var index = 0; index < size; index++)
        {
            var other = random.Next(index, count);
            (order[index], order[other]) = (order[other], order[index]);
        }
        return order[..size];
    }
}
