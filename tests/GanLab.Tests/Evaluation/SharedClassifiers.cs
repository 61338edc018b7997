using GanLab.Metrics;

namespace GanLab.Tests.Evaluation;

/// <summary>The MNIST evaluator, built once per test run: 1,000 images per score, so half of the 2,000 held-out digits
/// stay outside its floor. Its classifier is trained on first use (a few minutes on a fresh machine) into the
/// default cache, which the CLI and notebook tests then load instead of training again.</summary>
internal static class SharedClassifiers
{
    private static readonly Lazy<ImageEvaluator> MnistEvaluator = new(() => ImageEvaluator.ForDataSet("mnist", Console.Error.WriteLine, sampleCount: 1000));

    public static ImageEvaluator Mnist => MnistEvaluator.Value;
}
