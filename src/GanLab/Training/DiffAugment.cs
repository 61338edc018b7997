using GanLab.Core;
using TorchSharp;
using static TorchSharp.torch;

namespace GanLab.Training;

/// <summary>
/// Differentiable augmentation (DiffAugment, Zhao et al. 2020): the same random transformations are applied to real and
/// generated images before D judges them, in D's and in G's update, and gradients flow through them into G. D then
/// cannot memorise the training images, which matters most on small data; G still learns the un-augmented images,
/// because it is never asked to produce augmented ones.
/// </summary>
/// <param name="Colour">Random brightness (+-0.5), saturation (x0..2) and contrast (x0.5..1.5) per image.</param>
/// <param name="Translation">Shift of up to this fraction of the image size in each direction, zero-filled (0 = off;
/// DiffAugment: 1/8).</param>
/// <param name="Cutout">A zeroed square of this fraction of the image size at a random position (0 = off;
/// DiffAugment: 1/2).</param>
public sealed record Augmentation(bool Colour = true, double Translation = 0.125, double Cutout = 0.5)
{
    /// <summary>Throws naming the field that is out of range.</summary>
    public void Validate(string owner)
    {
        Guard.InRange(Translation, 0, 0.5, $"{owner}.translation");
        Guard.InRange(Cutout, 0, 1, $"{owner}.cutout");
    }

    /// <summary>Images [B, C, H, W] transformed with draws from <paramref name="random"/>; differentiable in <paramref name="images"/>.</summary>
    public Tensor Apply(Tensor images, Generator random)
    {
        if (images.dim() != 4) throw new ArgumentException($"augmentation works on images [B, C, H, W]; got [{string.Join(", ", images.shape)}].", nameof(images));
        using var scope = NewDisposeScope();
        var result = images;
        if (Colour) result = DiffAugmentOps.Contrast(DiffAugmentOps.Saturation(DiffAugmentOps.Brightness(result, random), random), random);
        if (Translation > 0) result = DiffAugmentOps.Translate(result, Translation, random);
        if (Cutout > 0) result = DiffAugmentOps.Cut(result, Cutout, random);
        return result.MoveToOuterDisposeScope();
    }
}

/// <summary>The DiffAugment operations, each per image, each differentiable in the images.</summary>
public static class DiffAugmentOps
{
    /// <summary>Adds a uniform offset in [-0.5, 0.5) per image.</summary>
    public static Tensor Brightness(Tensor images, Generator random) => images + (Uniform(images, random) - 0.5);

    /// <summary>Scales each pixel's distance from its channel mean by a factor in [0, 2).</summary>
    public static Tensor Saturation(Tensor images, Generator random)
    {
        var mean = images.mean(new long[] { 1 }, keepdim: true);
        return (images - mean) * (Uniform(images, random) * 2) + mean;
    }

    /// <summary>Scales each image's distance from its overall mean by a factor in [0.5, 1.5).</summary>
    public static Tensor Contrast(Tensor images, Generator random)
    {
        var mean = images.mean(new long[] { 1, 2, 3 }, keepdim: true);
        return (images - mean) * (Uniform(images, random) + 0.5) + mean;
    }

    /// <summary>Shifts each image by whole pixels, up to <paramref name="fraction"/> of its size per axis; pixels shifted
    /// in are 0.</summary>
    public static Tensor Translate(Tensor images, double fraction, Generator random)
    {
        using var scope = NewDisposeScope();
        var (count, channels, height, width) = (images.shape[0], images.shape[1], images.shape[2], images.shape[3]);
        var limitY = (long)(height * fraction + 0.5);
        var limitX = (long)(width * fraction + 0.5);
        var shiftY = randint(-limitY, limitY + 1, new[] { count, 1L }, generator: random).to(images.device);
        var shiftX = randint(-limitX, limitX + 1, new[] { count, 1L }, generator: random).to(images.device);
        var padded = nn.functional.pad(images, new[] { limitX, limitX, limitY, limitY });
        // Output row h reads padded row h + limit - shift (a shift of +s moves the picture s pixels down / right).
        var rows = (arange(height, device: images.device).unsqueeze(0) + limitY - shiftY).view(count, 1, height, 1).expand(count, channels, height, width + 2 * limitX);
        var picked = padded.gather(2, rows);
        var columns = (arange(width, device: images.device).unsqueeze(0) + limitX - shiftX).view(count, 1, 1, width).expand(count, channels, height, width);
        return picked.gather(3, columns).MoveToOuterDisposeScope();
    }

    /// <summary>Zeroes a square of <paramref name="fraction"/> of the image size whose centre is uniform over the image.</summary>
    public static Tensor Cut(Tensor images, double fraction, Generator random)
    {
        using var scope = NewDisposeScope();
        var (count, height, width) = (images.shape[0], images.shape[2], images.shape[3]);
        var sizeY = (long)(height * fraction + 0.5);
        var sizeX = (long)(width * fraction + 0.5);
        var centreY = randint(0, height + (1 - sizeY % 2), new[] { count, 1L, 1L }, generator: random).to(images.device);
        var centreX = randint(0, width + (1 - sizeX % 2), new[] { count, 1L, 1L }, generator: random).to(images.device);
        var rows = arange(height, device: images.device).view(1, height, 1);
        var columns = arange(width, device: images.device).view(1, 1, width);
        var top = centreY - sizeY / 2;
        var left = centreX - sizeX / 2;
        var inside = (rows >= top).logical_and(rows < top + sizeY).logical_and(columns >= left).logical_and(columns < left + sizeX);
        var keep = inside.logical_not().to(images.dtype).unsqueeze(1);
        return (images * keep).MoveToOuterDisposeScope();
    }

    private static Tensor Uniform(Tensor images, Generator random) =>
        rand(new[] { images.shape[0], 1L, 1L, 1L }, generator: random).to(images.dtype).to(images.device);
}
