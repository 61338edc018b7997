using GanLab.Metrics;
using GanLab.Models;
using static TorchSharp.torch;

namespace GanLab.Viz;

/// <summary>The pictures of an evaluation: nearest training images and interpolations.</summary>
public static class EvaluationPictures
{
    /// <summary>Three rows of <paramref name="columns"/> images: generated images (top), the nearest training image of
    /// each by pixel distance (middle) and by feature distance (bottom). A column of three near-identical images is a
    /// copy; a pixel neighbour that differs from the feature neighbour shows what each space calls "close".</summary>
    public static byte[] NearestNeighbours(Tensor generated, Tensor training, NearestTraining neighbours, int columns = 12)
    {
        using var scope = NewDisposeScope();
        var count = (int)Math.Min(columns, generated.shape[0]);
        var pixel = training.index_select(0, tensor(neighbours.PixelNearest[..count]));
        var feature = training.index_select(0, tensor(neighbours.FeatureNearest[..count]));
        return ImageGrid.ToPng(cat(new[] { generated.narrow(0, 0, count), pixel, feature }), count, 2);
    }

    /// <summary>Rows of images along <see cref="LatentInterpolation.Paths"/>: spherical paths between noise vectors, or
    /// for conditional models blends from class r to class r + 1 at fixed noise.</summary>
    public static byte[] Interpolations(GanModel model, int rows = 6, int count = 10, long seed = 7)
    {
        using var scope = NewDisposeScope();
        var device = model.Generator.parameters().First().device;
        var inputs = LatentInterpolation.Paths(model, rows, count, seed).to(device);
        return ImageGrid.ToPng(model.ToUnitRange(model.Sample(inputs)).cpu(), count, 2);
    }
}
