using static TorchSharp.torch;

namespace GanLab.Metrics;

/// <summary>
/// Scores image sets against a data set in its feature classifier's space, with the real-vs-real floor: the same
/// metrics for as many held-out test images as are scored, so every number has a "as good as real data" beside it.
/// </summary>
/// <remarks>The reference is the classifier's training split: Frechet distance uses its full mean and covariance;
/// KID and precision/recall use a seeded, size-matched sample of it (their values depend on the set sizes).
/// Features are divided by the reference features' root mean square, so entries are of order 1 as Inception
/// features are: KID's cubic kernel (x.y / d + 1)^3 is not scale-free, and raw ReLU activations made it explode.</remarks>
public sealed class ImageEvaluator : IDisposable
{
    /// <summary>Images scored per evaluation by default (capped at the test split's size).</summary>
    public const int DefaultSampleCount = 5000;

    // Embedding the training split and scoring the floor take seconds (about 8 s for MNIST's 8,000 digits on two
    // cores); notebooks and sweeps evaluate many runs of one data set in a process, so they are computed once per
    // classifier (its record names the splits it was trained on and when) and sample count.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(ClassifierRecord, int), (Reference Reference, ImageScores Floor)> References = new();

    private readonly Reference reference;

    private ImageEvaluator(ClassifierData data, FeatureClassifier classifier, int sampleCount)
    {
        Data = data;
        Classifier = classifier;
        SampleCount = sampleCount;
        (reference, Floor) = References.GetOrAdd((classifier.Record, sampleCount), _ =>
        {
            var computed = Reference.Of(data.Train.Images, classifier, sampleCount);
            return (computed, Score(data.Test.Images.narrow(0, 0, sampleCount), classifier, computed));
        });
    }

    // The training split's feature moments and a size-matched sample of its features; kept for the process.
    private sealed record Reference(double FeatureScale, Tensor Mean, Tensor Covariance, Tensor Sample)
    {
        public static Reference Of(Tensor trainingImages, FeatureClassifier classifier, int sampleCount)
        {
            using var scope = NewDisposeScope();
            var (raw, _) = classifier.Embed(trainingImages);
            var featureScale = 1 / Math.Sqrt(raw.square().mean().item<float>());
            var features = raw * featureScale;
            var moments = FrechetDistance.Moments(features);
            var pick = randperm(features.shape[0], generator: new Generator(4242)).narrow(0, 0, Math.Min(sampleCount, features.shape[0]));
            return new Reference(featureScale, moments.Mean.DetachFromDisposeScope(), moments.Covariance.DetachFromDisposeScope(),
                features.index_select(0, pick).DetachFromDisposeScope());
        }
    }

    /// <summary>The data set's splits.</summary>
    public ClassifierData Data { get; }
    /// <summary>The feature classifier (with its test accuracy).</summary>
    public FeatureClassifier Classifier { get; }
    /// <summary>Images per evaluation.</summary>
    public int SampleCount { get; }
    /// <summary>The metrics of <see cref="SampleCount"/> held-out real test images: the best a generator can expect.</summary>
    public ImageScores Floor { get; }

    /// <summary>Loads the data set, its classifier (training it on first use) and computes the floor.</summary>
    /// <param name="dataSetName">"mnist", "fashion-mnist" or "spoken-digits" (images = log-mel images of clips).</param>
    /// <param name="report">Progress messages (classifier training takes minutes on first use).</param>
    /// <param name="sampleCount">Images per evaluation; capped at the test split size.</param>
    /// <param name="cacheFolder">Classifier cache folder (default ~/.ganlab/classifiers or $GANLAB_CLASSIFIERS).</param>
    public static ImageEvaluator ForDataSet(string dataSetName, Action<string>? report = null, int sampleCount = DefaultSampleCount, string? cacheFolder = null)
    {
        if (sampleCount < 100) throw new ArgumentException($"sampleCount must be at least 100 (k-NN and KID subsets), got {sampleCount}.", nameof(sampleCount));
        return For(ClassifierData.Load(dataSetName, report), report, sampleCount, cacheFolder);
    }

    /// <summary>The evaluator of loaded splits (taking ownership of them): their classifier (trained on first use) and floor.</summary>
    public static ImageEvaluator For(ClassifierData data, Action<string>? report = null, int sampleCount = DefaultSampleCount, string? cacheFolder = null)
    {
        if (sampleCount < 100) throw new ArgumentException($"sampleCount must be at least 100 (k-NN and KID subsets), got {sampleCount}.", nameof(sampleCount));
        try
        {
            var classifier = FeatureClassifier.ForDataSet(data, report, cacheFolder);
            return new ImageEvaluator(data, classifier, (int)Math.Min(sampleCount, data.Test.Count));
        }
        catch
        {
            data.Dispose();
            throw;
        }
    }

    /// <summary>All metrics of <paramref name="images"/> [N, 1, 28, 28] in [0, 1] (N of at least 100; use <see cref="SampleCount"/>
    /// for numbers comparable with <see cref="Floor"/>).</summary>
    public ImageScores Score(Tensor images) => Score(images, Classifier, reference);

    private static ImageScores Score(Tensor images, FeatureClassifier classifier, Reference reference)
    {
        using var scope = NewDisposeScope();
        var (raw, probabilities) = classifier.Embed(images);
        var features = raw * reference.FeatureScale;
        var moments = FrechetDistance.Moments(features);
        var frechet = FrechetDistance.Between(moments.Mean, moments.Covariance, reference.Mean, reference.Covariance);
        var kernel = KernelDistance.OverSubsets(features, reference.Sample, subsets: 50, subsetSize: Math.Min(1000, (int)features.shape[0] / 2));
        var manifold = ManifoldPrecisionRecall.Measure(reference.Sample, features);
        var histogram = ImageScoring.ClassHistogram(probabilities);
        return new ImageScores((int)images.shape[0], frechet, kernel, ImageScoring.ClassifierScore(probabilities), manifold.Precision,
            manifold.Recall, histogram, ImageScoring.KlToUniform(histogram), ImageScoring.ConfidentShare(probabilities));
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Classifier.Dispose();
        Data.Dispose();
    }
}
