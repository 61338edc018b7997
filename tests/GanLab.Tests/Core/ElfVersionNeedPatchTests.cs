using GanLab.Core;

namespace GanLab.Tests.Core;

public class ElfVersionNeedPatchTests
{
    // The shim exactly as NuGet ships it, read from the package archive: the unpacked copies (bin folders, and the
    // package folder a notebook kernel loads from) may already be patched at run time.
    private static byte[] PristineShim()
    {
        var root = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
                   ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        using var archive = System.IO.Compression.ZipFile.OpenRead(Path.Combine(root, "torchsharp", "0.107.0", "torchsharp.0.107.0.nupkg"));
        using var entry = archive.GetEntry("runtimes/linux-x64/native/libLibTorchSharp.so")!.Open();
        using var bytes = new MemoryStream();
        entry.CopyTo(bytes);
        return bytes.ToArray();
    }

    [Fact]
    public void Should_make_the_GLIBCXX_3_4_32_need_weak_once_and_then_leave_the_file_alone()
    {
        // Given a copy of TorchSharp's native shim, which needs GLIBCXX_3.4.32
        using var folder = new TemporaryFolder();
        var library = folder.File("libLibTorchSharp.so");
        var original = PristineShim();
        File.WriteAllBytes(library, original);
        Assert.True(ElfVersionNeedPatch.HasStrongNeed(library, "GLIBCXX_3.4.32"));
        var sizeBefore = new FileInfo(library).Length;

        // When it is patched twice
        var first = ElfVersionNeedPatch.MarkWeak(library, "GLIBCXX_3.4.32");
        var afterFirst = File.ReadAllBytes(library);
        var second = ElfVersionNeedPatch.MarkWeak(library, "GLIBCXX_3.4.32");

        // Then the first call patches, the second changes nothing, and exactly one byte differs from the original
        Assert.Equal(ElfVersionNeedPatch.Outcome.Patched, first);
        Assert.Equal(ElfVersionNeedPatch.Outcome.AlreadyWeak, second);
        Assert.Equal(afterFirst, File.ReadAllBytes(library));
        Assert.False(ElfVersionNeedPatch.HasStrongNeed(library, "GLIBCXX_3.4.32"));
        Assert.Equal(sizeBefore, afterFirst.Length);
        Assert.Equal(1, original.Zip(afterFirst).Count(pair => pair.First != pair.Second));
        Assert.Single(Directory.GetFiles(folder.Path));
    }

    [Fact]
    public void Should_report_a_version_the_library_does_not_need()
    {
        using var folder = new TemporaryFolder();
        var library = folder.File("lib.so");
        var original = PristineShim();
        File.WriteAllBytes(library, original);
        Assert.Equal(ElfVersionNeedPatch.Outcome.NotNeeded, ElfVersionNeedPatch.MarkWeak(library, "GLIBCXX_9.9.99"));
    }

    [Fact]
    public void Should_refuse_a_file_that_is_not_ELF_naming_it()
    {
        using var folder = new TemporaryFolder();
        var path = folder.File("not-a-library.so");
        File.WriteAllText(path, "hello, this is text and not an ELF shared library at all, long enough for a header.....");
        var error = Assert.Throws<InvalidDataException>(() => ElfVersionNeedPatch.MarkWeak(path, "GLIBCXX_3.4.32"));
        Assert.Contains(path, error.Message);
    }
}
