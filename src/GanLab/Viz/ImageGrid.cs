using SkiaSharp;
using TorchSharp;
using static TorchSharp.torch;

namespace GanLab.Viz;

/// <summary>Renders a batch of images as one PNG grid (encoded by SkiaSharp).</summary>
public static class ImageGrid
{
    /// <summary>Encodes images [N, C, H, W] with values in [0, 1] as a PNG grid with a 2-pixel gutter.</summary>
    /// <param name="images">Grey (C = 1) or RGB (C = 3) images on any device.</param>
    /// <param name="columns">Images per row (default: square-ish).</param>
    /// <param name="scale">Each pixel becomes a scale x scale block, so 28x28 digits stay readable.</param>
    public static byte[] ToPng(Tensor images, int? columns = null, int scale = 2)
    {
        if (images.dim() != 4 || images.shape[1] is not (1 or 3))
            throw new ArgumentException($"images must have shape [N, 1 or 3, H, W], got [{string.Join(", ", images.shape)}].", nameof(images));
        using var scope = NewDisposeScope();
        var count = (int)images.shape[0];
        var channels = (int)images.shape[1];
        var height = (int)images.shape[2];
        var width = (int)images.shape[3];
        var perRow = columns ?? (int)Math.Ceiling(Math.Sqrt(count));
        var rows = (int)Math.Ceiling(count / (double)perRow);
        const int gutter = 2;
        var pixels = (images.detach().cpu().clamp(0, 1) * 255).round().to_type(ScalarType.Byte).contiguous().data<byte>().ToArray();
        using var bitmap = new SKBitmap(gutter + perRow * (width * scale + gutter), gutter + rows * (height * scale + gutter));
        bitmap.Erase(new SKColor(40, 40, 40));
        for (var index = 0; index < count; index++)
        {
            var left = gutter + index % perRow * (width * scale + gutter);
            var top = gutter + index / perRow * (height * scale + gutter);
            for (var y = 0; y < height; y++)
            for (var x = 0; x < width; x++)
            {
                var colour = PixelColour(pixels, index, channels, height, width, y, x);
                for (var dy = 0; dy < scale; dy++)
                for (var dx = 0; dx < scale; dx++)
                    bitmap.SetPixel(left + x * scale + dx, top + y * scale + dy, colour);
            }
        }
        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    /// <summary>Writes <see cref="ToPng"/> to a file atomically.</summary>
    public static void Save(Tensor images, string path, int? columns = null, int scale = 2) =>
        Core.AtomicFile.WriteAllBytes(path, ToPng(images, columns, scale));

    private static SKColor PixelColour(byte[] pixels, int index, int channels, int height, int width, int y, int x)
    {
        var plane = height * width;
        var offset = index * channels * plane + y * width + x;
        return channels == 1
            ? new SKColor(pixels[offset], pixels[offset], pixels[offset])
            : new SKColor(pixels[offset], pixels[offset + plane], pixels[offset + 2 * plane]);
    }
}
