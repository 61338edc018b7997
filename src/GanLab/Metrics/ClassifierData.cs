using System.Security.Cryptography;
using GanLab.Data;
using static TorchSharp.torch;

namespace GanLab.Metrics;

/// <summary>The training and test split a feature classifier learns from and is scored on, with a fingerprint of
/// both so a cached classifier trained on other data is recognised.</summary>
public sealed class ClassifierData : IDisposable
{
    /// <summary>Share of the training split held out as test data when the data set has no official test split.</summary>
    public const double HeldOutShare = 0.2;

    private ClassifierData(string dataSetName, ImageDataSet train, ImageDataSet test, string description)
    {
        DataSetName = dataSetName;
        Train = train;
        Test = test;
        Description = description;
        Fingerprint = ComputeFingerprint(train, test, ClassifierTraining.For(dataSetName));
    }

    /// <summary>"mnist" or "fashion-mnist".</summary>
    public string DataSetName { get; }
    /// <summary>Images the classifier trains on; also the reference set of the image metrics.</summary>
    public ImageDataSet Train { get; }
    /// <summary>Images it is scored on; also the real side of the real-vs-real floor.</summary>
    public ImageDataSet Test { get; }
    /// <summary>Where the two splits came from, for messages and reports.</summary>
    public string Description { get; }
    /// <summary>SHA-256 over both splits' pixels and labels, the network layout version and the data set's training
    /// recipe: a cached classifier is reused only if it would be trained the same way on the same data.</summary>
    public string Fingerprint { get; }

    /// <summary>Loads a data set's splits: the official test split when present (Fashion-MNIST from Debian; the spoken
    /// digits' held-out speakers, as log-mel images), otherwise a seeded random <see cref="HeldOutShare"/> of the
    /// training images (the same on every machine).</summary>
    /// <param name="dataSetName">mnist, fashion-mnist or spoken-digits.</param>
    /// <param name="report">Progress (the spoken digits are rendered on first use).</param>
    public static ClassifierData Load(string dataSetName, Action<string>? report = null)
    {
        if (dataSetName == Data.Audio.SpokenDigits.DataSetName) return ForSpeech(null, report);
        var spec = ImageDataCatalog.Find(dataSetName);
        var train = ImageDataCatalog.Load(spec);
        var test = ImageDataCatalog.LoadTest(spec);
        if (test is not null)
            return new ClassifierData(spec.Name, train, test, $"{train.Count} training images ({train.Source}), {test.Count} test images ({test.Source})");
        var heldOut = (int)Math.Round(train.Count * HeldOutShare);
        // System.Random with a seed is the same sequence on every platform, so every machine holds out the same images.
        var order = Enumerable.Range(0, (int)train.Count).Select(index => (long)index).ToArray();
        new Random(HeldOutSeed).Shuffle(order);
        var trainSplit = Select(train, order[heldOut..], train.Source);
        var testSplit = Select(train, order[..heldOut], train.Source + " (held-out 20%)");
        train.Dispose();
        return new ClassifierData(spec.Name, trainSplit, testSplit,
            $"{trainSplit.Count} training images and {heldOut} held out at random as test images ({train.Source}; no official test split found)");
    }

    private const int HeldOutSeed = 20_000;

    /// <summary>The spoken digits in <paramref name="folder"/> (null: the default folder) as log-mel images, the held-out
    /// speakers as the test split. Another folder's classifier is cached under its own name ("spoken-digits-" and a
    /// hash of the folder), so a small rendering never replaces the full one's classifier.</summary>
    public static ClassifierData ForSpeech(string? folder, Action<string>? report = null)
    {
        var fullPath = Path.GetFullPath(folder ?? Data.Audio.SpokenDigits.DefaultFolder);
        var name = fullPath == Path.GetFullPath(Data.Audio.SpokenDigits.DefaultFolder)
            ? Data.Audio.SpokenDigits.DataSetName
            : $"{Data.Audio.SpokenDigits.DataSetName}-{Data.MachineTools.StableHash(fullPath):x8}";
        ImageDataSet Images(bool test)
        {
            using var clips = Data.Audio.SpokenDigits.Load(test, fullPath, report);
            return new ImageDataSet(name, clips.Source + " as log-mel images",
                Data.Audio.Spectrograms.LogMelImages(clips.Waveforms), clips.Labels.clone());
        }
        var train = Images(test: false);
        var test = Images(test: true);
        return new ClassifierData(name, train, test,
            $"{train.Count} training clips and {test.Count} clips of held-out speakers ({train.Source})");
    }

    // The recipe is hashed as the first cache format wrote it (PascalCase, indented), so classifiers cached then stay valid.
    private static readonly System.Text.Json.JsonSerializerOptions RecipeHashOptions = new()
    {
        WriteIndented = true, TypeInfoResolver = new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver(),
    };

    private static ImageDataSet Select(ImageDataSet source, long[] indices, string description)
    {
        using var picked = tensor(indices);
        return new ImageDataSet(source.Name, description,
            source.Images.index_select(0, picked).DetachFromDisposeScope(),
            source.Labels.index_select(0, picked).DetachFromDisposeScope());
    }

    private static string ComputeFingerprint(ImageDataSet train, ImageDataSet test, ClassifierTraining recipe)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(BitConverter.GetBytes(ClassifierNetwork.LayoutVersion));
        hash.AppendData(System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(recipe, RecipeHashOptions));
        foreach (var split in new[] { train, test })
        {
            // Pixels as bytes (0-255) hash four times less data than the float copy and mean the same.
            using var pixels = split.Images.mul(255).round().to_type(ScalarType.Byte);
            hash.AppendData(pixels.bytes);
            using var labels = split.Labels.to_type(ScalarType.Byte);
            hash.AppendData(labels.bytes);
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Train.Dispose();
        Test.Dispose();
    }
}
