using static TorchSharp.torch;

namespace GanLab.Metrics;

/// <summary>Every image metric of one set of images, measured in a feature classifier's space against the
/// reference (training) images.</summary>
/// <param name="SampleCount">Images scored.</param>
/// <param name="FrechetDistance">Frechet distance of Gaussians fitted to the features (FID's formula; lower is better).</param>
/// <param name="KernelDistance">Squared MMD with the cubic polynomial kernel (KID) over subsets: mean and spread.</param>
/// <param name="ClassifierScore">exp(E[KL(p(y|x) || p(y))]): the Inception score's formula with this classifier
/// (1 to the class count; higher = confident and varied).</param>
/// <param name="Precision">Share of images inside the reference k-NN manifold (quality).</param>
/// <param name="Recall">Share of reference images inside the images' manifold (coverage).</param>
/// <param name="ClassHistogram">Share of images per predicted class.</param>
/// <param name="ClassKl">KL(class histogram || uniform) in nats: 0 when every class is equally frequent, ln(classes)
/// when all images fall in one class.</param>
/// <param name="ConfidentShare">Share of images whose top class has probability at least <see cref="ImageScoring.ConfidenceThreshold"/>.</param>
public sealed record ImageScores(int SampleCount, double FrechetDistance, SubsetScore KernelDistance, double ClassifierScore,
    double Precision, double Recall, IReadOnlyList<double> ClassHistogram, double ClassKl, double ConfidentShare)
{
    /// <summary>The names <see cref="ToMetrics"/> gives, in its order.</summary>
    public static IReadOnlyList<string> MetricNames { get; } = new[] { "fd", "kid", "kid_std", "classifier_score", "precision", "recall", "class_kl", "confident" };

    /// <summary>The scalar metrics by the names used in history.csv, summary.json and `ganlab eval --json`.</summary>
    public IReadOnlyDictionary<string, double> ToMetrics() => new Dictionary<string, double>
    {
        ["fd"] = FrechetDistance,
        ["kid"] = KernelDistance.Mean,
        ["kid_std"] = KernelDistance.StandardDeviation,
        ["classifier_score"] = ClassifierScore,
        ["precision"] = Precision,
        ["recall"] = Recall,
        ["class_kl"] = ClassKl,
        ["confident"] = ConfidentShare,
    };
}

/// <summary>The class-probability metrics (no reference set needed).</summary>
public static class ImageScoring
{
    /// <summary>Top-class probability from which an image counts as confidently classified.</summary>
    public const double ConfidenceThreshold = 0.9;

    /// <summary>exp(mean over images of KL(p(y|x) || mean p(y))) for probabilities [N, classes].</summary>
    public static double ClassifierScore(Tensor probabilities)
    {
        using var scope = NewDisposeScope();
        var safe = probabilities.to_type(ScalarType.Float64).clamp_min(1e-12);
        var marginal = safe.mean(new long[] { 0 }, keepdim: true);
        var divergence = (safe * (safe.log() - marginal.log())).sum(1).mean();
        return Math.Exp(divergence.item<double>());
    }

    /// <summary>Share of images per predicted (most likely) class.</summary>
    public static double[] ClassHistogram(Tensor probabilities)
    {
        using var scope = NewDisposeScope();
        var classes = (int)probabilities.shape[1];
        var counts = probabilities.argmax(1).bincount(null, classes).to_type(ScalarType.Float64);
        return (counts / probabilities.shape[0]).data<double>().ToArray();
    }

    /// <summary>KL(histogram || uniform) in nats; empty classes contribute 0.</summary>
    public static double KlToUniform(IReadOnlyList<double> histogram) =>
        histogram.Where(share => share > 0).Sum(share => share * Math.Log(share * histogram.Count));

    /// <summary>Share of rows whose largest probability reaches <see cref="ConfidenceThreshold"/>.</summary>
    public static double ConfidentShare(Tensor probabilities)
    {
        using var scope = NewDisposeScope();
        return probabilities.max(1).values.ge(ConfidenceThreshold).to_type(ScalarType.Float64).mean().item<double>();
    }
}
