using SkiaSharp;
using TorchSharp;
using static TorchSharp.torch;

namespace GanLab.Viz;

/// <summary>Renders real and generated 2-D points as a PNG scatter (GAN Lab colours: real green, fake purple).</summary>
public static class PointCloud
{
    /// <summary>Encodes real [N, 2] and fake [M, 2] points as a square PNG covering both clouds.</summary>
    public static byte[] ToPng(Tensor real, Tensor fake, int size = 480)
    {
        var realPoints = ToPairs(real);
        var fakePoints = ToPairs(fake);
        var all = realPoints.Concat(fakePoints).Where(point => float.IsFinite(point.X) && float.IsFinite(point.Y)).ToArray();
        var extent = all.Length == 0 ? 1 : all.Max(point => Math.Max(Math.Abs(point.X), Math.Abs(point.Y))) * 1.1f;
        extent = Math.Clamp(extent, 0.5f, 50f);
        using var bitmap = new SKBitmap(size, size);
        using var canvas = new SKCanvas(bitmap);
        canvas.Clear(SKColors.White);
        using var axis = new SKPaint { Color = new SKColor(220, 220, 220), StrokeWidth = 1 };
        canvas.DrawLine(0, size / 2f, size, size / 2f, axis);
        canvas.DrawLine(size / 2f, 0, size / 2f, size, axis);
        Draw(canvas, realPoints, new SKColor(0, 150, 60, 140), extent, size);
        Draw(canvas, fakePoints, new SKColor(130, 50, 180, 140), extent, size);
        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    /// <summary>Writes <see cref="ToPng"/> to a file atomically.</summary>
    public static void Save(Tensor real, Tensor fake, string path, int size = 480) =>
        Core.AtomicFile.WriteAllBytes(path, ToPng(real, fake, size));

    private static void Draw(SKCanvas canvas, (float X, float Y)[] points, SKColor colour, float extent, int size)
    {
        using var paint = new SKPaint { Color = colour, IsAntialias = true, Style = SKPaintStyle.Fill };
        foreach (var (x, y) in points)
            canvas.DrawCircle((x / extent + 1) * size / 2, (1 - y / extent) * size / 2, 2.2f, paint);
    }

    private static (float X, float Y)[] ToPairs(Tensor points)
    {
        if (points.dim() != 2 || points.shape[1] != 2)
            throw new ArgumentException($"points must have shape [N, 2], got [{string.Join(", ", points.shape)}].", nameof(points));
        if (points.shape[0] == 0) return Array.Empty<(float, float)>();
        using var cpu = points.detach().cpu().to_type(ScalarType.Float32).contiguous();
        var values = cpu.data<float>().ToArray();
        return Enumerable.Range(0, values.Length / 2).Select(index => (values[2 * index], values[2 * index + 1])).ToArray();
    }
}
