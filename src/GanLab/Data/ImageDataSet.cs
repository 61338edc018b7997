using TorchSharp;
using static TorchSharp.torch;

namespace GanLab.Data;

/// <summary>Images held in memory as a float tensor [N, 1, 28, 28] in [0, 1] with their class labels [N].</summary>
public sealed class ImageDataSet : IDisposable
{
    /// <summary>Creates a data set; takes ownership of both tensors.</summary>
    public ImageDataSet(string name, string source, Tensor images, Tensor labels)
    {
        Name = name;
        Source = source;
        Images = images;
        Labels = labels;
    }

    /// <summary>Data set name, e.g. "mnist".</summary>
    public string Name { get; }
    /// <summary>Where the data came from (folder or package), shown to the user.</summary>
    public string Source { get; }
    /// <summary>Pixels in [0, 1], shape [N, 1, height, width], on the CPU.</summary>
    public Tensor Images { get; }
    /// <summary>Class labels, int64, shape [N].</summary>
    public Tensor Labels { get; }
    /// <summary>Number of images.</summary>
    public long Count => Images.shape[0];

    /// <summary>Classes of the MNIST-style data sets (labels 0-9).</summary>
    public const int ClassCount = 10;

    /// <summary>Builds a data set from an image IDX array (N x H x W) and a label IDX array (N).</summary>
    /// <exception cref="InvalidDataException">The arrays do not fit together, or a label is outside 0-9; the message names the file.</exception>
    public static ImageDataSet FromIdx(string name, string source, IdxArray images, IdxArray labels, string imagesPath, string labelsPath)
    {
        if (images.Dimensions.Length != 3)
            throw new InvalidDataException($"{imagesPath}: expected 3 dimensions (count, height, width), found {images.Dimensions.Length}.");
        if (labels.Dimensions.Length != 1)
            throw new InvalidDataException($"{labelsPath}: expected 1 dimension (count), found {labels.Dimensions.Length}.");
        if (labels.Dimensions[0] != images.Dimensions[0])
            throw new InvalidDataException($"{labelsPath}: {labels.Dimensions[0]} labels for {images.Dimensions[0]} images in {imagesPath}.");
        // Checked where the data enters: a conditional GAN indexes one-hot vectors with these.
        var outside = Array.FindIndex(labels.Values, label => label >= ClassCount);
        if (outside >= 0)
            throw new InvalidDataException($"{labelsPath}: label {labels.Values[outside]} at position {outside}; {name} labels are 0-{ClassCount - 1}.");
        Core.TorchRuntime.EnsureLoaded();
        using var scope = NewDisposeScope();
        var count = images.Dimensions[0];
        var pixels = tensor(images.Values, new long[] { count, 1, images.Dimensions[1], images.Dimensions[2] }, ScalarType.Byte)
            .to_type(ScalarType.Float32).div_(255f);
        var classes = tensor(labels.Values, new long[] { count }, ScalarType.Byte).to_type(ScalarType.Int64);
        var result = new ImageDataSet(name, source, pixels.MoveToOuterDisposeScope(), classes.MoveToOuterDisposeScope());
        return result;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Images.Dispose();
        Labels.Dispose();
    }
}
