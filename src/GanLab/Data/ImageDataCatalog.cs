using System.Security.Cryptography;

namespace GanLab.Data;

/// <summary>One IDX file of a known data set and the SHA-256 of its decompressed content.</summary>
/// <remarks>The hash is of the decompressed bytes, so a re-compressed copy (as Debian ships) still verifies.</remarks>
public sealed record IdxFileSpec(string FileName, string ContentSha256);

/// <summary>A data set GanLab knows how to find: where to look, how to download it, how to explain its absence.</summary>
public sealed record ImageDataSpec(
    string Name,
    string DisplayName,
    IdxFileSpec TrainImages,
    IdxFileSpec TrainLabels,
    string DownloadBaseUrl,
    IReadOnlyList<string> SystemFolders,
    string InstallHint);

/// <summary>Finds, loads and downloads MNIST and Fashion-MNIST.</summary>
/// <remarks>
/// Search order: $GANLAB_DATA/NAME, the download cache (~/.ganlab/data/NAME), system folders (Debian's
/// dataset-fashion-mnist), and for MNIST last the embedded 10,000 real digits shipped with GanLab.
/// </remarks>
public static class ImageDataCatalog
{
    /// <summary>Environment variable naming a folder that holds NAME/train-images-idx3-ubyte(.gz) and labels.</summary>
    public const string DataFolderVariable = "GANLAB_DATA";

    /// <summary>MNIST (CC BY-SA 3.0), 60,000 training digits.</summary>
    public static readonly ImageDataSpec Mnist = new(
        "mnist", "MNIST",
        new IdxFileSpec("train-images-idx3-ubyte", "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db"),
        new IdxFileSpec("train-labels-idx1-ubyte", "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5"),
        "https://ossci-datasets.s3.amazonaws.com/mnist/",
        Array.Empty<string>(),
        "the embedded 10,000 digits ship with GanLab (data/mnist-embedded); for all 60,000 run `./ganlab data download mnist` when online, or put train-images-idx3-ubyte.gz and train-labels-idx1-ubyte.gz into $GANLAB_DATA/mnist");

    /// <summary>Fashion-MNIST (MIT), 60,000 training images of clothing.</summary>
    public static readonly ImageDataSpec FashionMnist = new(
        "fashion-mnist", "Fashion-MNIST",
        new IdxFileSpec("train-images-idx3-ubyte", "c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888"),
        new IdxFileSpec("train-labels-idx1-ubyte", "bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9"),
        "http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/",
        new[] { "/usr/share/datasets/fashion-mnist" },
        "install it with `sudo apt-get install dataset-fashion-mnist` (Debian/Ubuntu), run `./ganlab data download fashion-mnist` when online, or put train-images-idx3-ubyte.gz and train-labels-idx1-ubyte.gz into $GANLAB_DATA/fashion-mnist");

    /// <summary>The known data sets by name.</summary>
    public static IReadOnlyList<ImageDataSpec> All { get; } = new[] { Mnist, FashionMnist };

    /// <summary>Looks a data set up by name ("mnist", "fashion-mnist").</summary>
    public static ImageDataSpec Find(string name) =>
        All.FirstOrDefault(spec => spec.Name.Equals(name, StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException($"data set '{name}' is not known; known: {string.Join(", ", All.Select(spec => spec.Name))}.", nameof(name));

    /// <summary>The folder of the embedded MNIST digits, copied next to GanLab.dll at build time.</summary>
    public static string EmbeddedMnistFolder =>
        Path.Combine(Path.GetDirectoryName(typeof(ImageDataCatalog).Assembly.Location)!, "data", "mnist-embedded");

    /// <summary>Where downloads are kept.</summary>
    public static string DownloadCacheFolder(ImageDataSpec spec) =>
        Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".ganlab", "data", spec.Name);

    /// <summary>Loads the training split of a data set, from the first place that has it.</summary>
    /// <exception cref="FileNotFoundException">Nowhere has it; the message says where GanLab looked and how to get it.</exception>
    public static ImageDataSet Load(ImageDataSpec spec)
    {
        var searched = new List<string>();
        foreach (var folder in CandidateFolders(spec))
        {
            searched.Add(folder);
            var images = FindFile(folder, spec.TrainImages.FileName);
            var labels = FindFile(folder, spec.TrainLabels.FileName);
            if (images is null || labels is null) continue;
            return ImageDataSet.FromIdx(spec.Name, folder, IdxFile.Read(images), IdxFile.Read(labels), images, labels);
        }
        if (spec == Mnist)
        {
            var embedded = EmbeddedMnistFolder;
            var images = Path.Combine(embedded, "images-idx3-ubyte.gz");
            var labels = Path.Combine(embedded, "labels-idx1-ubyte.gz");
            if (File.Exists(images) && File.Exists(labels))
                return ImageDataSet.FromIdx(spec.Name, "embedded MNIST digits (data/mnist-embedded)", IdxFile.Read(images), IdxFile.Read(labels), images, labels);
            searched.Add(embedded);
        }
        throw new FileNotFoundException(
            $"{spec.DisplayName} was not found (looked in: {string.Join(", ", searched)}); {spec.InstallHint}.");
    }

    /// <summary>Downloads the training files into the cache, verifying each against its SHA-256; returns the folder.</summary>
    public static string Download(ImageDataSpec spec, Action<string>? report = null)
    {
        var folder = DownloadCacheFolder(spec);
        Directory.CreateDirectory(folder);
        using var client = new HttpClient { Timeout = TimeSpan.FromMinutes(5) };
        foreach (var file in new[] { spec.TrainImages, spec.TrainLabels })
        {
            var target = Path.Combine(folder, file.FileName + ".gz");
            if (File.Exists(target) && Verify(target, file)) { report?.Invoke($"{target}: already present, verified"); continue; }
            var url = spec.DownloadBaseUrl + file.FileName + ".gz";
            report?.Invoke($"downloading {url}");
            byte[] content;
            try { content = client.GetByteArrayAsync(url).GetAwaiter().GetResult(); }
            catch (Exception error) when (error is HttpRequestException or TaskCanceledException)
            {
                throw new IOException($"could not download {url} ({error.Message}); without internet, {spec.InstallHint}.", error);
            }
            var actual = ContentSha256(content);
            if (actual != file.ContentSha256)
                throw new InvalidDataException($"{url}: SHA-256 of the content is {actual}, expected {file.ContentSha256}; the file was not saved.");
            Core.AtomicFile.WriteAllBytes(target, content);
            report?.Invoke($"{target}: verified");
        }
        return folder;
    }

    /// <summary>The official test split (t10k files) from the first folder that has it, or null: the embedded MNIST
    /// digits and many user folders ship only the training split.</summary>
    public static ImageDataSet? LoadTest(ImageDataSpec spec)
    {
        foreach (var folder in CandidateFolders(spec))
        {
            var images = FindFile(folder, TestImagesFileName);
            var labels = FindFile(folder, TestLabelsFileName);
            if (images is not null && labels is not null)
                return ImageDataSet.FromIdx(spec.Name, folder + " (test split)", IdxFile.Read(images), IdxFile.Read(labels), images, labels);
        }
        return null;
    }

    private const string TestImagesFileName = "t10k-images-idx3-ubyte";
    private const string TestLabelsFileName = "t10k-labels-idx1-ubyte";

    private static bool Verify(string path, IdxFileSpec file) => ContentSha256(File.ReadAllBytes(path)) == file.ContentSha256;

    private static string ContentSha256(byte[] raw)
    {
        var isGzip = raw.Length > 2 && raw[0] == 0x1f && raw[1] == 0x8b;
        if (!isGzip) return Convert.ToHexStringLower(SHA256.HashData(raw));
        using var input = new System.IO.Compression.GZipStream(new MemoryStream(raw), System.IO.Compression.CompressionMode.Decompress);
        return Convert.ToHexStringLower(SHA256.HashData(input));
    }

    private static IEnumerable<string> CandidateFolders(ImageDataSpec spec)
    {
        var root = Environment.GetEnvironmentVariable(DataFolderVariable);
        if (!string.IsNullOrWhiteSpace(root) && !Directory.Exists(root))
            throw new DirectoryNotFoundException($"{DataFolderVariable}={root}: no such folder; point it at a folder holding {spec.Name}/ (or unset it to use GanLab's own copies).");
        if (!string.IsNullOrWhiteSpace(root)) yield return Path.Combine(root, spec.Name);
        yield return DownloadCacheFolder(spec);
        foreach (var folder in spec.SystemFolders) yield return folder;
    }

    private static string? FindFile(string folder, string fileName)
    {
        foreach (var candidate in new[] { fileName + ".gz", fileName })
        {
            var path = Path.Combine(folder, candidate);
            if (File.Exists(path)) return path;
        }
        return null;
    }
}
