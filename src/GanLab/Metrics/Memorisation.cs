using static TorchSharp.torch;

namespace GanLab.Metrics;

/// <summary>Nearest training images of each generated image, in pixel space and in the classifier's feature space.</summary>
/// <param name="PixelNearest">Index into the training images of each image's nearest neighbour by pixel (L2) distance.</param>
/// <param name="PixelDistance">That distance (pixels in [0, 1]).</param>
/// <param name="FeatureNearest">Index of the nearest neighbour in feature space.</param>
/// <param name="FeatureDistance">That distance.</param>
public sealed record NearestTraining(long[] PixelNearest, double[] PixelDistance, long[] FeatureNearest, double[] FeatureDistance);

/// <summary>How close generated images come to the training images, calibrated on the training images themselves.</summary>
/// <param name="CopyRate">Share of generated images closer (pixel L2) to a training image than <see cref="Threshold"/>.</param>
/// <param name="Threshold">The 1st percentile of training images' distances to their nearest *other* training image:
/// a generated image closer than that to a training image is nearer to it than 99% of real images are to their
/// closest neighbour in the same set.</param>
/// <param name="MedianGeneratedDistance">Median nearest-training pixel distance of the generated images.</param>
/// <param name="MedianRealDistance">Median nearest-other-training-image distance of real training images.</param>
/// <param name="Neighbours">Per generated image, its nearest training images.</param>
public sealed record MemorisationReport(double CopyRate, double Threshold, double MedianGeneratedDistance, double MedianRealDistance,
    [property: System.Text.Json.Serialization.JsonIgnore] NearestTraining Neighbours);

/// <summary>Memorisation checks (the seed article names privacy of training data as an open problem of GANs).</summary>
public static class Memorisation
{
    /// <summary>Share of held-out images allowed below the copy threshold.</summary>
    public const double ThresholdQuantile = 0.01;
    private const int BlockRows = 500;

    /// <summary>Training images whose nearest-other distance calibrates the threshold.</summary>
    public const int CalibrationCount = 1000;

    /// <summary>Finds nearest training images of <paramref name="generated"/> and its copy rate; images [N, C, H, W] in
    /// [0, 1], <paramref name="training"/> exactly the images the generator was trained on. To check several sets
    /// against one training set, <see cref="Prepare"/> it once.</summary>
    /// <remarks>The prepared training set of the last call is kept: evaluating several runs of one data set (a notebook,
    /// a sweep) then embeds the training images once, not once per evaluation.</remarks>
    public static MemorisationReport Check(Tensor generated, Tensor training, FeatureClassifier classifier)
    {
        var key = (classifier.Record, Fingerprint(training));
        var prepared = lastPrepared;
        if (prepared is null || prepared.Value.Key != key)
        {
            // The replaced reference is left to the garbage collector: another thread may still be checking with it.
            prepared = (key, Prepare(training, classifier).DetachFromDisposeScopes());
            lastPrepared = prepared;
        }
        return prepared.Value.Reference.Check(generated, classifier);
    }

    private static ((ClassifierRecord, string) Key, MemorisationReference Reference)? lastPrepared;

    private static string Fingerprint(Tensor images)
    {
        using var contiguous = images.cpu().contiguous();
        return $"{string.Join("x", images.shape)} {images.dtype} {Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(contiguous.bytes))}";
    }

    /// <summary>The training set's pixels, features and calibrated copy threshold, for any number of checks.</summary>
    /// <remarks>The threshold is calibrated leave-one-out on the training set rather than on held-out images, because
    /// a generator may have seen every image there is (the embedded MNIST digits have no split the GAN did not use).</remarks>
    public static MemorisationReference Prepare(Tensor training, FeatureClassifier classifier)
    {
        using var scope = NewDisposeScope();
        var pixels = Flatten(training).cpu().to_type(ScalarType.Float32);
        var realDistance = NearestOther(pixels, (int)Math.Min(CalibrationCount, training.shape[0]));
        var sortedReal = realDistance.OrderBy(value => value).ToArray();
        var threshold = sortedReal[(int)Math.Floor(ThresholdQuantile * (sortedReal.Length - 1))];
        return new MemorisationReference(pixels.MoveToOuterDisposeScope(), classifier.Embed(training).Features.MoveToOuterDisposeScope(),
            classifier, threshold, Median(realDistance));
    }

    // Distance from each of the first `count` rows to its nearest other row of the same set.
    private static double[] NearestOther(Tensor rows, int count)
    {
        using var scope = NewDisposeScope();
        var queries = rows.narrow(0, 0, count).cpu().to_type(ScalarType.Float32);
        var distances = cdist(queries, rows.cpu().to_type(ScalarType.Float32));
        // Row i's distance to itself (column i) must not count as its nearest neighbour.
        distances.diagonal().fill_(float.PositiveInfinity);
        return distances.min(1).values.to_type(ScalarType.Float64).data<double>().ToArray();
    }

    /// <summary>Index and L2 distance of each query row's nearest reference row ([N, D] and [M, D]).</summary>
    public static (long[] Index, double[] Distance) Nearest(Tensor queries, Tensor references)
    {
        using var scope = NewDisposeScope();
        var indices = new List<long>();
        var distances = new List<double>();
        var reference = references.cpu().to_type(ScalarType.Float32);
        for (long start = 0; start < queries.shape[0]; start += BlockRows)
        {
            using var block = NewDisposeScope();
            var rows = queries.narrow(0, start, Math.Min(BlockRows, queries.shape[0] - start)).cpu().to_type(ScalarType.Float32);
            var (values, positions) = cdist(rows, reference).min(1);
            indices.AddRange(positions.data<long>().ToArray());
            distances.AddRange(values.to_type(ScalarType.Float64).data<double>().ToArray());
        }
        return (indices.ToArray(), distances.ToArray());
    }

    internal static Tensor Flatten(Tensor images) => images.reshape(images.shape[0], -1);

    internal static double Median(double[] values)
    {
        var sorted = values.OrderBy(value => value).ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }
}

/// <summary>A training set prepared once for memorisation checks (<see cref="Memorisation.Prepare"/>): embedding
/// thousands of training images takes seconds on a CPU, checking a few hundred generated ones against them far less.</summary>
public sealed class MemorisationReference : IDisposable
{
    private readonly Tensor pixels;
    private readonly Tensor features;
    private readonly FeatureClassifier classifier;
    private readonly double threshold;
    private readonly double medianRealDistance;

    internal MemorisationReference(Tensor pixels, Tensor features, FeatureClassifier classifier, double threshold, double medianRealDistance)
    {
        (this.pixels, this.features, this.classifier, this.threshold, this.medianRealDistance) = (pixels, features, classifier, threshold, medianRealDistance);
    }

    // A reference kept beyond the caller's dispose scope (Memorisation.Check's cache) must not be freed with it.
    internal MemorisationReference DetachFromDisposeScopes()
    {
        pixels.DetachFromDisposeScope();
        features.DetachFromDisposeScope();
        return this;
    }

    /// <summary>Nearest training images of <paramref name="generated"/> [N, C, H, W] in [0, 1] and its copy rate.</summary>
    public MemorisationReport Check(Tensor generated) => Check(generated, classifier);

    // With the caller's classifier (the same network as the one that embedded the training set, maybe another copy).
    internal MemorisationReport Check(Tensor generated, FeatureClassifier classifier)
    {
        using var scope = NewDisposeScope();
        var (pixelNearest, pixelDistance) = Memorisation.Nearest(Memorisation.Flatten(generated), pixels);
        var (featureNearest, featureDistance) = Memorisation.Nearest(classifier.Embed(generated).Features, features);
        return new MemorisationReport(
            pixelDistance.Count(distance => distance < threshold) / (double)pixelDistance.Length, threshold,
            Memorisation.Median(pixelDistance), medianRealDistance,
            new NearestTraining(pixelNearest, pixelDistance, featureNearest, featureDistance));
    }

    /// <inheritdoc />
    public void Dispose()
    {
        pixels.Dispose();
        features.Dispose();
    }
}
