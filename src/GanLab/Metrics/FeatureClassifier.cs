using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using GanLab.Core;
using TorchSharp;
using static TorchSharp.torch;

namespace GanLab.Metrics;

/// <summary>
/// A trained <see cref="ClassifierNetwork"/> for one data set with its measured test accuracy: the feature space
/// of GanLab's image metrics. <see cref="ForDataSet"/> trains it on first use and caches it; a cache file for other
/// data, another network layout, or a damaged file is reported and replaced, never trusted.
/// </summary>
public sealed class FeatureClassifier : IDisposable
{
    /// <summary>Environment variable naming the cache folder (default ~/.ganlab/classifiers).</summary>
    public const string CacheFolderVariable = "GANLAB_CLASSIFIERS";

    private const string Kind = "ganlab-feature-classifier";
    private const int EvaluationChunk = 500;

    private FeatureClassifier(ClassifierNetwork network, ClassifierRecord record)
    {
        Network = network;
        Record = record;
        network.eval();
    }

    /// <summary>The network, in evaluation mode.</summary>
    public ClassifierNetwork Network { get; }
    /// <summary>What the classifier was trained on and how well it does.</summary>
    public ClassifierRecord Record { get; }
    /// <summary>Share of the test split classified correctly.</summary>
    public double TestAccuracy => Record.TestAccuracy;

    /// <summary>The default cache folder.</summary>
    public static string DefaultCacheFolder =>
        Environment.GetEnvironmentVariable(CacheFolderVariable) is { Length: > 0 } folder
            ? folder
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".ganlab", "classifiers");

    /// <summary>The cache file of a data set's classifier.</summary>
    public static string CachePath(string dataSetName, string? cacheFolder = null) =>
        Path.Combine(cacheFolder ?? DefaultCacheFolder, $"{dataSetName}-classifier.ganlab");

    /// <summary>Loads the cached classifier of <paramref name="data"/>'s data set when it was trained on exactly these
    /// splits with this layout; otherwise trains one (about 2-4 minutes on two cores), caches it and returns it.</summary>
    public static FeatureClassifier ForDataSet(ClassifierData data, Action<string>? report = null, string? cacheFolder = null, ClassifierTraining? settings = null)
    {
        var path = CachePath(data.DataSetName, cacheFolder);
        if (File.Exists(path))
        {
            try { return Load(path, data.Fingerprint); }
            catch (InvalidDataException problem) { report?.Invoke($"not using the cached classifier: {problem.Message} Training a new one."); }
        }
        else report?.Invoke($"no cached {data.DataSetName} classifier at {path}; training one on {data.Description} (first use only)");
        var classifier = Train(data, report, settings);
        classifier.Save(path);
        report?.Invoke($"{data.DataSetName} classifier: {classifier.TestAccuracy:P2} test accuracy on {classifier.Record.TestCount} images; cached at {path}");
        return classifier;
    }

    /// <summary>Trains a classifier on <paramref name="data"/>'s training split and measures it on the test split.</summary>
    public static FeatureClassifier Train(ClassifierData data, Action<string>? report = null, ClassifierTraining? settings = null)
    {
        settings ??= ClassifierTraining.For(data.DataSetName);
        TorchRuntime.EnsureLoaded();
        var random = Seeding.SeedEverything(settings.Seed);
        var classCount = (int)data.Train.Labels.max().item<long>() + 1;
        var (height, width) = ((int)data.Train.Images.shape[2], (int)data.Train.Images.shape[3]);
        var network = new ClassifierNetwork(classCount, height, width);
        var watch = Stopwatch.StartNew();
        var epochs = settings.EpochsFor(data.Train.Count);
        ClassifierTrainingLoop.Run(network, data.Train, epochs, settings, random, report);
        var classifier = new FeatureClassifier(network, new ClassifierRecord(
            data.DataSetName, data.Fingerprint, ClassifierNetwork.LayoutVersion, classCount, 0, data.Train.Count, data.Test.Count, epochs,
            Math.Round(watch.Elapsed.TotalSeconds, 1), height, width));
        var accuracy = classifier.Accuracy(data.Test.Images, data.Test.Labels);
        return new FeatureClassifier(network, classifier.Record with { TestAccuracy = accuracy });
    }

    /// <summary>Share of <paramref name="images"/> (in [0, 1]) whose most likely class is <paramref name="labels"/>.</summary>
    public double Accuracy(Tensor images, Tensor labels)
    {
        using var scope = NewDisposeScope();
        var predicted = Embed(images).Probabilities.argmax(1);
        return predicted.eq(labels.to(predicted.device)).to_type(ScalarType.Float64).mean().item<double>();
    }

    /// <summary>Features [N, 128] and class probabilities [N, classes] of images [N, 1, H, W] in [0, 1] (the size it was
    /// trained on), on the CPU, computed in chunks without autograd.</summary>
    public (Tensor Features, Tensor Probabilities) Embed(Tensor images)
    {
        if (images.dim() != 4 || images.shape[1] != 1 || images.shape[2] != Record.InputHeight || images.shape[3] != Record.InputWidth)
            throw new ArgumentException($"the {Record.DataSet} classifier takes images of shape [N, 1, {Record.InputHeight}, {Record.InputWidth}] in [0, 1], got [{string.Join(", ", images.shape)}].", nameof(images));
        using var inference = inference_mode();
        using var scope = NewDisposeScope();
        var features = new List<Tensor>();
        var probabilities = new List<Tensor>();
        for (long start = 0; start < images.shape[0]; start += EvaluationChunk)
        {
            var chunk = images.narrow(0, start, Math.Min(EvaluationChunk, images.shape[0] - start)).cpu().to_type(ScalarType.Float32);
            var (chunkFeatures, logits) = Network.FeaturesAndLogits(chunk);
            features.Add(chunkFeatures);
            probabilities.Add(logits.softmax(1));
        }
        return (cat(features).MoveToOuterDisposeScope(), cat(probabilities).MoveToOuterDisposeScope());
    }

    /// <summary>Writes the classifier and its record atomically.</summary>
    public void Save(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var content = new CheckpointContent { Kind = Kind, Metadata = JsonSerializer.SerializeToNode(Record, GanLabJson.Options)!.AsObject() };
        foreach (var (name, value) in Network.state_dict()) content.Tensors[name] = value.alias();
        using (content) CheckpointFile.Write(path, content);
    }

    /// <summary>Loads a cached classifier, refusing it when it is not a classifier file, has another layout, or was
    /// trained on data other than the splits with <paramref name="expectedFingerprint"/>.</summary>
    /// <exception cref="InvalidDataException">The file is damaged, foreign or stale; the message says which.</exception>
    public static FeatureClassifier Load(string path, string expectedFingerprint)
    {
        using var content = CheckpointFile.Read(path);
        if (content.Kind != Kind)
            throw new InvalidDataException($"{path} is a GanLab file but not a feature classifier (kind '{content.Kind}').");
        var record = content.Read<ClassifierRecord>();
        if (record.LayoutVersion != ClassifierNetwork.LayoutVersion)
            throw new InvalidDataException($"{path} holds network layout {record.LayoutVersion}; this GanLab uses layout {ClassifierNetwork.LayoutVersion}.");
        if (record.Fingerprint != expectedFingerprint)
            throw new InvalidDataException($"{path} was trained on other {record.DataSet} data (fingerprint {record.Fingerprint[..12]}..., the data found now has {expectedFingerprint[..12]}...).");
        TorchRuntime.EnsureLoaded();
        var network = new ClassifierNetwork(record.ClassCount, record.InputHeight, record.InputWidth);
        try
        {
            using var noGradient = no_grad();
            foreach (var (name, value) in network.state_dict())
            {
                if (!content.Tensors.TryGetValue(name, out var saved) || !saved.shape.SequenceEqual(value.shape))
                    throw new InvalidDataException($"{path}: tensor '{name}' is missing or has the wrong shape.");
                value.copy_(saved);
            }
        }
        catch
        {
            network.Dispose();
            throw;
        }
        return new FeatureClassifier(network, record);
    }

    /// <inheritdoc />
    public void Dispose() => Network.Dispose();
}

/// <summary>What a cached classifier was trained on and how well it classifies its test split.</summary>
/// <remarks>The input size defaults to 28x28, what files cached before speech was added hold.</remarks>
public sealed record ClassifierRecord(
    string DataSet, string Fingerprint, int LayoutVersion, int ClassCount, double TestAccuracy, long TrainCount, long TestCount,
    int Epochs, double TrainingSeconds, int InputHeight = 28, int InputWidth = 28);
