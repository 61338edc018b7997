using static TorchSharp.torch;

namespace GanLab.Metrics;

/// <summary>Modes of Stacked MNIST reached by a set of images.</summary>
/// <param name="ModesCovered">Digit triples (of 1,000) predicted for at least one image.</param>
/// <param name="ModeCount">1,000.</param>
/// <param name="ReverseKl">KL(predicted triple histogram || uniform over 1,000) in nats.</param>
/// <param name="SampleCount">Images classified (26,000 in VEEGAN / PacGAN).</param>
public sealed record StackedModeCoverage(int ModesCovered, int ModeCount, double ReverseKl, int SampleCount);

/// <summary>Counts Stacked MNIST modes as VEEGAN and PacGAN do: the MNIST classifier labels each channel, the triple
/// of digits is the mode.</summary>
public static class StackedMnistCoverage
{
    /// <summary>Images per measurement in the protocol.</summary>
    public const int ProtocolSampleCount = 26_000;

    /// <summary>Scores images [N, 3, 28, 28] in [0, 1] with an MNIST <paramref name="classifier"/>.</summary>
    public static StackedModeCoverage Measure(FeatureClassifier classifier, Tensor images)
    {
        if (images.dim() != 4 || images.shape[1] != 3)
            throw new ArgumentException($"Stacked MNIST images have shape [N, 3, 28, 28], got [{string.Join(", ", images.shape)}].", nameof(images));
        using var scope = NewDisposeScope();
        var modes = zeros(images.shape[0], ScalarType.Int64);
        for (var channel = 0; channel < 3; channel++)
        {
            var digits = classifier.Embed(images.narrow(1, channel, 1).contiguous()).Probabilities.argmax(1);
            modes = modes * 10 + digits;
        }
        var counts = modes.bincount(null, Data.StackedMnist.ModeCount).to_type(ScalarType.Float64);
        var histogram = (counts / images.shape[0]).data<double>().ToArray();
        return new StackedModeCoverage(histogram.Count(share => share > 0), Data.StackedMnist.ModeCount,
            ImageScoring.KlToUniform(histogram), (int)images.shape[0]);
    }
}
