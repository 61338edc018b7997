using static TorchSharp.torch;

namespace GanLab.Data;

/// <summary>
/// Stacked MNIST (Metz et al. 2017; VEEGAN; PacGAN): three random digits as the red, green and blue channels of one
/// image, so there are 10 x 10 x 10 = 1,000 modes. The label of an image is 100 x red + 10 x green + blue digit.
/// </summary>
public static class StackedMnist
{
    /// <summary>Name of the data set in presets.</summary>
    public const string DataSetName = "stacked-mnist";
    /// <summary>Distinct digit triples.</summary>
    public const int ModeCount = 1000;
    /// <summary>Images built for training (about 280 MB as floats; the 10^12 possible triples are never exhausted).</summary>
    public const int DefaultCount = 30_000;

    /// <summary>Builds <paramref name="count"/> stacked images from grey digits [N, 1, 28, 28] and their labels, each
    /// channel an independently, uniformly drawn digit (seeded).</summary>
    public static ImageDataSet Build(ImageDataSet digits, int count = DefaultCount, long seed = 1)
    {
        using var scope = NewDisposeScope();
        var random = new Generator(unchecked((ulong)seed) + 1000);
        var picks = randint(digits.Count, new long[] { 3, count }, generator: random);
        var channels = Enumerable.Range(0, 3).Select(channel => digits.Images.index_select(0, picks[channel])).ToArray();
        var images = cat(channels, 1);
        var labels = digits.Labels.index_select(0, picks[0]) * 100 + digits.Labels.index_select(0, picks[1]) * 10 + digits.Labels.index_select(0, picks[2]);
        return new ImageDataSet(DataSetName, $"{digits.Source}, stacked three per image", images.MoveToOuterDisposeScope(), labels.MoveToOuterDisposeScope());
    }
}
