using GanLab.Core;

namespace GanLab.Tests.Core;

public class AtomicFileTests
{
    [Fact]
    public void Should_keep_the_previous_file_when_writing_fails_midway()
    {
        // Given a file with known content
        using var folder = new TemporaryFolder();
        var path = folder.File("state.bin");
        AtomicFile.WriteAllText(path, "previous");

        // When a writer crashes after writing half of the new content
        Assert.Throws<IOException>(() => AtomicFile.Write(path, stream =>
        {
            stream.Write("half of the new"u8);
            throw new IOException("simulated crash");
        }));

        // Then the old content is intact and no temporary file is left behind
        Assert.Equal("previous", File.ReadAllText(path));
        Assert.Single(Directory.GetFiles(folder.Path));
    }

    [Fact]
    public void Should_replace_the_file_when_writing_succeeds()
    {
        using var folder = new TemporaryFolder();
        var path = folder.File("nested/state.bin");
        AtomicFile.WriteAllText(path, "one");
        AtomicFile.WriteAllText(path, "two");
        Assert.Equal("two", File.ReadAllText(path));
    }
}
