using GanLab.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace GanLab.Tests.Training;

public class DiffAugmentTests
{
    private static Tensor Images() => rand(new long[] { 6, 3, 28, 28 }, generator: new Generator(5)) * 2 - 1;

    public static TheoryData<string> Operations => new() { "brightness", "saturation", "contrast", "translation", "cutout", "all" };

    private static Tensor Apply(string operation, Tensor images, Generator random) => operation switch
    {
        "brightness" => DiffAugmentOps.Brightness(images, random),
        "saturation" => DiffAugmentOps.Saturation(images, random),
        "contrast" => DiffAugmentOps.Contrast(images, random),
        "translation" => DiffAugmentOps.Translate(images, 0.125, random),
        "cutout" => DiffAugmentOps.Cut(images, 0.5, random),
        _ => new Augmentation().Apply(images, random),
    };

    [Theory]
    [MemberData(nameof(Operations))]
    public void Should_keep_the_shape_and_pass_gradients_to_the_images(string operation)
    {
        // Given images that track gradients
        var images = Images().requires_grad_(true);

        // When an operation is applied and a loss of its output is differentiated
        using var output = Apply(operation, images, new Generator(9));
        var weights = rand(output.shape, generator: new Generator(1));
        var gradient = autograd.grad(new[] { (output * weights).sum() }, new[] { images })[0];

        // Then the output has the input's shape and the images receive a non-zero gradient; the same draws repeat it
        Assert.Equal(images.shape, output.shape);
        Assert.True(gradient.abs().sum().item<float>() > 0);
        Assert.True(output.eq(Apply(operation, images, new Generator(9))).all().item<bool>());
        Assert.False(output.eq(images).all().item<bool>());
    }

    [Fact]
    public void Should_shift_whole_images_and_fill_with_zeros()
    {
        // Given an image with a single bright pixel in the middle, and a zero frame around an all-ones square
        var images = zeros(64, 1, 16, 16);
        images.select(2, 8).select(2, 8).fill_(1);

        // When each copy is translated by up to 2 pixels per axis (1/8 of 16)
        using var shifted = DiffAugmentOps.Translate(images, 0.125, new Generator(3));

        // Then every copy still holds exactly one bright pixel, within 2 pixels of the middle, and the shifts vary
        var positions = new HashSet<(long, long)>();
        for (var index = 0; index < 64; index++)
        {
            Assert.Equal(1f, shifted[index].sum().item<float>());
            var flat = shifted[index].flatten().argmax().item<long>();
            var (row, column) = (flat / 16, flat % 16);
            Assert.InRange(row, 6, 10);
            Assert.InRange(column, 6, 10);
            positions.Add((row, column));
        }
        Assert.True(positions.Count > 10, $"only {positions.Count} distinct shifts in 64 draws");
    }

    [Fact]
    public void Should_cut_out_a_square_of_half_the_size_at_most()
    {
        // Given all-ones images
        var images = ones(32, 1, 28, 28);

        // When a square of half the size is cut out
        using var cut = DiffAugmentOps.Cut(images, 0.5, new Generator(4));

        // Then each image loses at most 14 x 14 pixels, a square centred inside the image loses exactly that many, and
        // every value is 0 or 1
        var lost = (28 * 28 - cut.sum(new long[] { 1, 2, 3 })).data<float>().ToArray();
        Assert.All(lost, count => Assert.InRange(count, 1, 14 * 14));
        Assert.Contains(lost, count => count == 14 * 14);
        Assert.True((cut.eq(0).logical_or(cut.eq(1))).all().item<bool>());
    }

    [Fact]
    public void Should_name_a_translation_out_of_range()
    {
        var error = Assert.Throws<ArgumentException>(() => new Augmentation(Translation: 0.9).Validate("training.phases.adversarial.augmentation"));
        Assert.Contains("training.phases.adversarial.augmentation.translation", error.Message);
    }
}
