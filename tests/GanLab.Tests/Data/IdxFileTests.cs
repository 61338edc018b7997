using GanLab.Data;

namespace GanLab.Tests.Data;

public class IdxFileTests
{
    private static readonly byte[] TwoImages = IdxBytes.Build(0x08, new[] { 2, 2, 3 }, new byte[] { 0, 1, 2, 3, 4, 5, 250, 251, 252, 253, 254, 255 });

    [Fact]
    public void Should_read_dimensions_and_values_of_a_raw_file()
    {
        using var folder = new TemporaryFolder();
        var path = folder.File("images-idx3-ubyte");
        File.WriteAllBytes(path, TwoImages);

        var array = IdxFile.Read(path);

        Assert.Equal(new[] { 2, 2, 3 }, array.Dimensions);
        Assert.Equal(12, array.Values.Length);
        Assert.Equal(255, array.Values[^1]);
    }

    [Fact]
    public void Should_read_a_gzip_file_by_its_content()
    {
        using var folder = new TemporaryFolder();
        var path = folder.File("images-idx3-ubyte.gz");
        File.WriteAllBytes(path, IdxBytes.Gzip(TwoImages));

        Assert.Equal(new byte[] { 0, 1, 2, 3, 4, 5, 250, 251, 252, 253, 254, 255 }, IdxFile.Read(path).Values);
    }

    public static TheoryData<string, byte[], string> CorruptFiles => new()
    {
        { "bad magic", new byte[] { 1, 2, 8, 1, 0, 0, 0, 1, 7 }, "bad magic number" },
        { "float type", IdxBytes.Build(0x0D, new[] { 1 }, new byte[] { 0, 0, 0, 0 }), "element type 0x0D is not supported" },
        { "no dimensions", new byte[] { 0, 0, 8, 0 }, "0 dimensions" },
        { "five dimensions", new byte[] { 0, 0, 8, 5, 0, 0, 0, 1 }, "5 dimensions" },
        { "truncated header", new byte[] { 0, 0, 8, 3, 0, 0, 0, 2, 0 }, "truncated header" },
        { "truncated values", TwoImages[..^3], "truncated: the header promises 12 values (2x2x3) but only 9 follow" },
        { "trailing bytes", TwoImages.Concat(new byte[] { 9, 9 }).ToArray(), "2 bytes of trailing data" },
        { "zero dimension", IdxBytes.Build(0x08, new[] { 0 }, Array.Empty<byte>()), "dimension 0 has size 0" },
        { "too short", new byte[] { 0, 0 }, "too short for an IDX header" },
    };

    [Theory]
    [MemberData(nameof(CorruptFiles))]
    public void Should_reject_a_corrupt_file_with_a_message_naming_it(string _, byte[] content, string expected)
    {
        using var folder = new TemporaryFolder();
        var path = folder.File("broken-idx");
        File.WriteAllBytes(path, content);

        var error = Assert.Throws<InvalidDataException>(() => IdxFile.Read(path));

        Assert.StartsWith(path + ":", error.Message);
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void Should_report_a_damaged_gzip_stream()
    {
        using var folder = new TemporaryFolder();
        var path = folder.File("images.gz");
        var compressed = IdxBytes.Gzip(TwoImages);
        File.WriteAllBytes(path, compressed[..(compressed.Length / 2)].Concat(new byte[] { 0xff, 0xff, 0xff }).ToArray());

        var error = Assert.Throws<InvalidDataException>(() => IdxFile.Read(path));

        Assert.StartsWith(path + ":", error.Message);
    }

    [Fact]
    public void Should_name_a_missing_file()
    {
        var error = Assert.Throws<FileNotFoundException>(() => IdxFile.Read("/nonexistent/train-images-idx3-ubyte"));
        Assert.Contains("/nonexistent/train-images-idx3-ubyte", error.Message);
    }
}
