using GanLab.Data;
using GanLab.Models;
using static TorchSharp.torch;

namespace GanLab.Metrics;

/// <summary>Mode coverage of 2-D samples by the VEEGAN / PacGAN protocol.</summary>
/// <param name="ModesCovered">Modes that are the nearest mode of at least one high-quality sample.</param>
/// <param name="ModeCount">Modes of the distribution.</param>
/// <param name="HighQualityFraction">Share of samples within 3 sigma of their nearest mode.</param>
/// <param name="ReverseKl">KL(generated mode histogram || uniform) over high-quality samples (0 = all modes equally often).</param>
/// <param name="SamplesPerMode">High-quality samples per mode.</param>
public sealed record ModeCoverageResult(int ModesCovered, int ModeCount, double HighQualityFraction, double ReverseKl, IReadOnlyList<int> SamplesPerMode);

/// <summary>Counts covered modes and high-quality samples (VEEGAN, NeurIPS 2017; PacGAN, NeurIPS 2018).</summary>
public static class ModeCoverage
{
    /// <summary>Scores samples [N, 2] against the modes of <paramref name="distribution"/> (2,500 samples in the protocol).</summary>
    public static ModeCoverageResult Measure(Tensor samples, ToyDistribution distribution)
    {
        if (distribution.Centers.Count == 0)
            throw new ArgumentException($"distribution '{distribution.Name}' has no discrete modes to cover.", nameof(distribution));
        if (samples.dim() != 2 || samples.shape[1] != 2)
            throw new ArgumentException($"samples must have shape [N, 2], got [{string.Join(", ", samples.shape)}].", nameof(samples));
        var points = samples.cpu().to_type(ScalarType.Float64).data<double>().ToArray();
        var counts = new int[distribution.Centers.Count];
        var highQuality = 0;
        var limit = 3 * distribution.Sigma;
        for (var index = 0; index < points.Length / 2; index++)
        {
            var (x, y) = (points[2 * index], points[2 * index + 1]);
            var nearest = 0;
            var best = double.PositiveInfinity;
            for (var mode = 0; mode < counts.Length; mode++)
            {
                var (centreX, centreY) = distribution.Centers[mode];
                var distance = Math.Sqrt((x - centreX) * (x - centreX) + (y - centreY) * (y - centreY));
                if (distance < best) (best, nearest) = (distance, mode);
            }
            if (best > limit) continue;
            highQuality++;
            counts[nearest]++;
        }
        var reverseKl = highQuality == 0 ? double.NaN : counts.Where(count => count > 0)
            .Sum(count => count / (double)highQuality * Math.Log(count / (double)highQuality * counts.Length));
        return new ModeCoverageResult(counts.Count(count => count > 0), counts.Length, highQuality / (double)(points.Length / 2), reverseKl, counts);
    }
}

/// <summary>Mode coverage of a trained toy generator.</summary>
public static class GeneratorCoverage
{
    /// <summary>Draws <paramref name="count"/> samples (2,500 in the protocol) from <paramref name="model"/> with seeded noise and scores them.</summary>
    public static ModeCoverageResult Measure(GanModel model, ToyDistribution distribution, int count = 2500, long seed = 2500)
    {
        using var scope = NewDisposeScope();
        var device = model.Generator.parameters().First().device;
        var noise = randn(new long[] { count, model.LatentSize }, generator: new Generator((ulong)seed)).to(device);
        return ModeCoverage.Measure(model.Sample(noise), distribution);
    }
}
