using GanLab.Data;
using TorchSharp;

namespace GanLab.Tests.Data;

public class ImageDataCatalogTests
{
    [Fact]
    public void Should_load_the_embedded_ten_thousand_real_digits_with_balanced_labels()
    {
        // Given no GANLAB_DATA folder with MNIST (CI and a fresh clone), When MNIST is loaded
        using var mnist = ImageDataCatalog.Load(ImageDataCatalog.Mnist);

        // Then it is the embedded set: 10,000 images of 28x28 in [0, 1], every class present roughly equally
        Assert.Equal(new long[] { 10_000, 1, 28, 28 }, mnist.Images.shape);
        Assert.Equal(0f, mnist.Images.min().item<float>());
        Assert.Equal(1f, mnist.Images.max().item<float>());
        var counts = mnist.Labels.bincount(null, 0).data<long>().ToArray();
        Assert.Equal(10, counts.Length);
        Assert.All(counts, count => Assert.InRange(count, 850, 1150));
        // Real digits are mostly background: about 80% of MNIST pixels are exactly zero.
        var background = (mnist.Images == 0).to_type(torch.ScalarType.Float32).mean().item<float>();
        Assert.InRange(background, 0.7f, 0.9f);
    }

    [Fact]
    public void Should_say_where_it_looked_and_how_to_get_a_missing_data_set()
    {
        // Given Fashion-MNIST in none of the places GanLab looks
        var nowhere = ImageDataCatalog.FashionMnist with { SystemFolders = new[] { "/nonexistent/fashion-mnist" } };

        var error = Assert.Throws<FileNotFoundException>(() => ImageDataCatalog.Load(nowhere));

        Assert.Contains("Fashion-MNIST was not found", error.Message);
        Assert.Contains("/nonexistent/fashion-mnist", error.Message);
        Assert.Contains("apt-get install dataset-fashion-mnist", error.Message);
    }

    [Fact]
    public void Should_refuse_an_unknown_data_set_name()
    {
        var error = Assert.Throws<ArgumentException>(() => ImageDataCatalog.Find("cifar"));
        Assert.Contains("'cifar'", error.Message);
    }
}
