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

    private readonly Tensor referenceMean;
    private readonly Tensor referenceCovariance;
    private readonly Tensor referenceSample;
    private readonly double featureScale;

    private ImageEvaluator(ClassifierData data, FeatureClassifier classifier, int sampleCount)
    {
        Data = data;
        Classifier = classifier;
        SampleCount = sampleCount;
        using var scope = NewDisposeScope();
        var (raw, _) = classifier.Embed(data.Train.Images);
        featureScale = 1 / Math.Sqrt(raw.square().mean().item<float>());
        var features = raw * featureScale;
        var moments = FrechetDistance.Moments(features);
        referenceMean = moments.Mean.DetachFromDisposeScope();
        referenceCovariance = moments.Covariance.DetachFromDisposeScope();
        var pick = randperm(features.shape[0], generator: new Generator(4242)).narrow(0, 0, Math.Min(sampleCount, features.shape[0]));
        referenceSample = features.index_select(0, pick).DetachFromDisposeScope();
        var test = data.Test.Images.narrow(0, 0, sampleCount);
        Floor = Score(test);
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
    public ImageScores Score(Tensor images)
    {
        using var scope = NewDisposeScope();
        var (raw, probabilities) = Classifier.Embed(images);
        var features = raw * featureScale;
        var moments = FrechetDistance.Moments(features);
        var frechet = FrechetDistance.Between(moments.Mean, moments.Covariance, referenceMean, referenceCovariance);
        var kernel = KernelDistance.OverSubsets(features, referenceSample, subsets: 50, subsetSize: Math.Min(1000, (int)features.shape[0] / 2));
        var manifold = ManifoldPrecisionRecall.Measure(referenceSample, features);
        var histogram = ImageScoring.ClassHistogram(probabilities);
        return new ImageScores((int)images.shape[0], frechet, kernel, ImageScoring.ClassifierScore(probabilities), manifold.Precision,
            manifold.Recall, histogram, ImageScoring.KlToUniform(histogram), ImageScoring.ConfidentShare(probabilities));
    }

    /// <inheritdoc />
    public void Dispose()
    {
        referenceMean.Dispose();
        referenceCovariance.Dispose();
        referenceSample.Dispose();
        Classifier.Dispose();
        Data.Dispose();
    }
}
