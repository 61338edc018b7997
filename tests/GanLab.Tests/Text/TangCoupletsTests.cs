using System.Formats.Tar;
using System.IO.Compression;
using System.Text;
using System.Text.Json;
using GanLab.Data;

namespace GanLab.Tests.Text;

public class TangCoupletsTests
{
    private const string Ideographs = "天地玄黃宇宙洪荒日月盈昃辰宿列張寒來暑往秋收冬藏閏餘成歲律呂調陽雲騰致雨露結為霜金生麗水玉出崑岡劍號巨闕珠稱夜光";

    [Fact]
    public void Should_cut_only_five_by_five_ideograph_sentences_into_one_normalised_shape()
    {
        // Given paragraphs with a couplet ending in a question mark, a seven-character one, a gap mark and a run-on pair
        var paragraphs = new[] { "秦川雄帝宅，函谷壯皇居。綺殿千尋起，離宮百雉餘？", "春眠不覺曉處處，聞啼鳥。", "□□千尋起，離宮百雉餘。", "寒來暑往秋，收冬藏閏餘，成歲律呂調。" };

        var couplets = TangCouplets.Couplets(paragraphs).ToList();

        // Then the two five-by-five sentences come out, both ending in a full stop; nothing else does
        Assert.Equal(new[] { "秦川雄帝宅，函谷壯皇居。", "綺殿千尋起，離宮百雉餘。" }, couplets);
    }

    [Fact]
    public void Should_split_by_poem_keep_held_out_couplets_out_of_training_and_give_the_same_bytes_twice()
    {
        // Given a package of 60 poems with two couplets each, plus one couplet that a held-out and a training poem share
        using var folder = new TemporaryFolder();
        var poems = Enumerable.Range(0, 60).Select(index => new[] { Couplet(index, 0), Couplet(index, 1) }).ToList();
        var keys = Enumerable.Range(0, 60).Select(index => $"001.json/{index}").ToList();
        var heldOutPoem = keys.FindIndex(key => MachineTools.StableHash(key) % 10 == 0);
        var trainingPoem = keys.FindIndex(key => MachineTools.StableHash(key) % 10 != 0);
        Assert.True(heldOutPoem >= 0 && trainingPoem >= 0, "the 60 keys should give both kinds of poem");
        const string shared = "劍號巨闕珠，稱夜光金生。";
        poems[heldOutPoem] = poems[heldOutPoem].Append(shared).ToArray();
        poems[trainingPoem] = poems[trainingPoem].Append(shared).ToArray();
        var package = WritePackage(folder.File("package.tgz"), poems);

        var first = TangCouplets.Prepare(folder.File("first"), packageFile: package);
        var second = TangCouplets.Prepare(folder.File("second"), packageFile: package);

        // Then both cuts are the same bytes, with the SHA-256 recorded last
        Assert.Equal(first, second);
        Assert.Equal(first, File.ReadAllText(folder.File("first/sha256.txt")).Trim());
        Assert.Equal(File.ReadAllBytes(folder.File("first/train.txt")), File.ReadAllBytes(folder.File("second/train.txt")));
        // And every poem's couplets sit in one file, the shared couplet only among the held-out ones
        var training = File.ReadAllLines(folder.File("first/train.txt")).ToHashSet();
        var heldOut = File.ReadAllLines(folder.File("first/test.txt")).ToHashSet();
        Assert.Contains(shared, heldOut);
        Assert.DoesNotContain(shared, training);
        Assert.Empty(training.Intersect(heldOut));
        for (var index = 0; index < 60; index++)
        {
            var target = MachineTools.StableHash(keys[index]) % 10 == 0 ? heldOut : training;
            Assert.Contains(Couplet(index, 0), target);
            Assert.Contains(Couplet(index, 1), target);
        }
        Assert.Equal(120 + 1, training.Count + heldOut.Count);
    }

    [Fact]
    public void Should_name_the_file_when_the_package_is_not_a_tgz_of_poems()
    {
        // Given a file that is not gzip, and a tgz without the poem folder
        using var folder = new TemporaryFolder();
        File.WriteAllText(folder.File("broken.tgz"), "not a package");
        var empty = WritePackage(folder.File("empty.tgz"), Array.Empty<string[]>());

        var broken = Assert.Throws<InvalidDataException>(() => TangCouplets.Prepare(folder.File("out"), packageFile: folder.File("broken.tgz")));
        var none = Assert.Throws<InvalidDataException>(() => TangCouplets.Prepare(folder.File("out"), packageFile: empty));

        // Then each says which file and what was expected, and no half-made folder is left
        Assert.Contains("broken.tgz", broken.Message);
        Assert.Contains("chinese-poetry", broken.Message);
        Assert.Contains("empty.tgz: holds no poems", none.Message);
        Assert.False(Directory.Exists(folder.File("out")));
    }

    // Distinct couplets: the poem's number and the line pick the first three characters.
    private static string Couplet(int poem, int line) =>
        $"{Ideographs[poem % Ideographs.Length]}{Ideographs[poem / Ideographs.Length]}{Ideographs[line]}天地，玄黃宇宙洪。";

    private static string WritePackage(string path, IReadOnlyList<string[]> poems)
    {
        using var file = File.Create(path);
        using var gzip = new GZipStream(file, CompressionLevel.Fastest);
        using var tar = new TarWriter(gzip);
        var json = JsonSerializer.Serialize(poems.Select((lines, index) => new { title = $"poem {index}", author = "test", paragraphs = lines }));
        var entry = new PaxTarEntry(TarEntryType.RegularFile, "package/dist/yudingquantangshi/json/001.json") { DataStream = new MemoryStream(Encoding.UTF8.GetBytes(json)) };
        tar.WriteEntry(entry);
        tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, "package/README.md") { DataStream = new MemoryStream("readme"u8.ToArray()) });
        return path;
    }
}
