using static TorchSharp.torch;

namespace GanLab.Metrics;

/// <summary>Precision (how much of the generated set lies on the real manifold) and recall (how much of the real
/// manifold the generated set covers).</summary>
/// <param name="Precision">Share of generated features inside some real feature's k-NN ball.</param>
/// <param name="Recall">Share of real features inside some generated feature's k-NN ball.</param>
public sealed record PrecisionRecall(double Precision, double Recall);

/// <summary>
/// Improved precision and recall (Kynkäänniemi et al. 2019): each set's manifold is the union of balls around its
/// features, each ball reaching that feature's k-th nearest neighbour in the same set (k = 3 by default).
/// </summary>
public static class ManifoldPrecisionRecall
{
    /// <summary>Precision and recall of <paramref name="generated"/> against <paramref name="real"/> ([N, D] features).</summary>
    public static PrecisionRecall Measure(Tensor real, Tensor generated, int neighbours = 3)
    {
        FrechetDistance.CheckFeatures(real, generated);
        if (neighbours < 1 || real.shape[0] <= neighbours || generated.shape[0] <= neighbours)
            throw new ArgumentException($"each set needs more than k = {neighbours} features (got {real.shape[0]} real, {generated.shape[0]} generated).", nameof(neighbours));
        using var scope = NewDisposeScope();
        var realFeatures = real.to_type(ScalarType.Float64);
        var generatedFeatures = generated.to_type(ScalarType.Float64);
        var realRadii = Radii(realFeatures, neighbours);
        var generatedRadii = Radii(generatedFeatures, neighbours);
        return new PrecisionRecall(Covered(generatedFeatures, realFeatures, realRadii), Covered(realFeatures, generatedFeatures, generatedRadii));
    }

    // Rows are processed in blocks so 10,000 x 10,000 distances never sit in memory at once.
    private const int BlockRows = 1000;

    // Distance from each feature to its k-th nearest other feature of the same set (column 0 of the sorted row is itself).
    private static Tensor Radii(Tensor features, int neighbours)
    {
        var blocks = new List<Tensor>();
        for (long start = 0; start < features.shape[0]; start += BlockRows)
        {
            using var block = cdist(features.narrow(0, start, Math.Min(BlockRows, features.shape[0] - start)), features);
            blocks.Add(block.topk(neighbours + 1, 1, largest: false).values.select(1, neighbours));
        }
        return cat(blocks, 0);
    }

    // Share of queries that fall inside at least one ball (centre, radius) of the manifold.
    private static double Covered(Tensor queries, Tensor centres, Tensor radii)
    {
        long inside = 0;
        for (long start = 0; start < queries.shape[0]; start += BlockRows)
        {
            using var scope = NewDisposeScope();
            var block = queries.narrow(0, start, Math.Min(BlockRows, queries.shape[0] - start));
            inside += (cdist(block, centres) <= radii.unsqueeze(0)).any(1).sum().item<long>();
        }
        return inside / (double)queries.shape[0];
    }
}
