using System.Security.Cryptography;
using System.Text.Json.Serialization;
using GanLab.Models;
using GanLab.Viz;
using static TorchSharp.torch;

namespace GanLab.Experiments.DataKinds;

/// <summary>
/// A kind of data and which data set of it: knows how to load it for a model, how to show samples (image grid, point
/// cloud, text table), which metrics apply and how to evaluate a run. Adding a kind of data = one subclass (and its
/// <see cref="RunData"/>) in one file, registered below.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "kind")]
[JsonDerivedType(typeof(ImageData), "image")]
[JsonDerivedType(typeof(ToyData), "toy")]
[JsonDerivedType(typeof(TextData), "text")]
[JsonDerivedType(typeof(AudioData), "audio")]
public abstract record DataSpec
{
    /// <summary>A short name for listings and messages ("mnist", "toy ring", "text tang").</summary>
    [JsonIgnore] public abstract string Title { get; }

    /// <summary>Throws naming the field (under <paramref name="owner"/>) that is wrong.</summary>
    public abstract void Validate(string owner);

    /// <summary>Throws when <paramref name="model"/>'s family cannot train on this data.</summary>
    public abstract void CheckFits(ModelConfig model);

    /// <summary>Loads the data for <paramref name="model"/> (text: cut to its sequence length) with the run's seed.</summary>
    public abstract RunData Load(ModelConfig model, long seed);

    /// <summary>The data a short name asks for (`--data`): mnist, fashion-mnist, stacked-mnist; ring, grid, spiral (or
    /// toy:NAME); oracle, tang, tang-couplets, english, lines:FILE (characters), words:FILE (words); spoken-digits, wav:FOLDER.</summary>
    public static DataSpec Parse(string text)
    {
        var name = text.Trim();
        if (name is "mnist" or "fashion-mnist" or Data.StackedMnist.DataSetName) return new ImageData(name);
        var toy = name.StartsWith("toy:", StringComparison.Ordinal) ? name[4..] : name;
        if (Data.ToyDistribution.All.Any(distribution => distribution.Name == toy)) return new ToyData(toy);
        if (name is "oracle" or "tang" or "english" or Data.TangCouplets.DataSetName) return new TextData(name);
        if (name == Data.Audio.SpokenDigits.DataSetName || (name.StartsWith("wav:", StringComparison.Ordinal) && name.Length > 4)) return new AudioData(name);
        if ((name.StartsWith("lines:", StringComparison.Ordinal) || name.StartsWith("words:", StringComparison.Ordinal)) && name.Length > 6) return TextData.FromName(name);
        throw new ArgumentException($"--data '{text}' is not known: use mnist, fashion-mnist, stacked-mnist, ring, grid, spiral, oracle, tang, tang-couplets, english, lines:FILE (one sample per line, characters), words:FILE (words), spoken-digits or wav:FOLDER (labelled 8 kHz WAV files).", "data");
    }
}

/// <summary>A picture or table of samples, for reports, notebooks and lesson pages (the hosts format it).</summary>
/// <param name="Caption">What it shows.</param>
/// <param name="Png">An image (grid or point cloud), or null.</param>
/// <param name="Table">A table (text samples beside real lines), or null.</param>
public sealed record SampleView(string Caption, byte[]? Png, TextTable? Table)
{
    /// <summary>Sounds to play beside the picture (speech runs), or empty.</summary>
    public IReadOnlyList<SoundClip> Sounds { get; init; } = Array.Empty<SoundClip>();
}

/// <summary>Measures a run's samples during training (one instance per run; may hold a classifier).</summary>
public interface IRunMeter : IDisposable
{
    /// <summary>What real data scores on the same metrics (image floor, real text lines), for the reader; may be empty.</summary>
    IReadOnlyDictionary<string, double> Reference { get; }
    /// <summary>The metrics of the run's generator now, with <paramref name="samples"/> samples where the kind uses that.</summary>
    IReadOnlyDictionary<string, double> Measure(TrainingRun run, int samples);
}

/// <summary>Data loaded for a run, with the kind's ways to show, measure and evaluate samples.</summary>
public abstract class RunData : IDisposable
{
    private string? fingerprint;

    /// <summary>Holds loaded data; takes ownership of the tensors.</summary>
    protected RunData(DataSpec spec, ModelConfig model, Tensor examples, Tensor? labels, string source)
    {
        Spec = spec;
        Model = model;
        Examples = examples;
        Labels = labels;
        Source = source;
    }

    /// <summary>What was asked for.</summary>
    public DataSpec Spec { get; }
    /// <summary>The model config fitted to the data (text: the data's vocabulary).</summary>
    public ModelConfig Model { get; }
    /// <summary>The examples as loaded, on the CPU (images in [0, 1], points, token ids).</summary>
    public Tensor Examples { get; }
    /// <summary>Class labels [N], or null.</summary>
    public Tensor? Labels { get; }
    /// <summary>Where the data came from, in words.</summary>
    public string Source { get; }
    /// <summary>Number of examples.</summary>
    public long Count => Examples.shape[0];

    /// <summary>SHA-256 of the examples and labels: a resumed run checks it is given the data it was trained on.</summary>
    public string Fingerprint => fingerprint ??= ComputeFingerprint();

    /// <summary>The examples as the trainer serves them (in the model's value range).</summary>
    public virtual Tensor TrainingExamples(GanModel model) => Examples.alias();

    /// <summary>The samples file of a run folder ("samples.png", "samples.txt").</summary>
    public abstract string SamplesFileName { get; }

    /// <summary>Writes the run's final samples to <paramref name="path"/>.</summary>
    public abstract void WriteSamples(TrainingRun run, string path);

    /// <summary>The run's samples now, as the kind shows them.</summary>
    public abstract SampleView Show(TrainingRun run, string caption);

    /// <summary>A small PNG of fixed-noise samples during training (report and live view), or null where the kind has none.</summary>
    public virtual byte[]? Snapshot(Tensor fixedSamples) => null;

    /// <summary>Metric names that can be recorded during training.</summary>
    public virtual IReadOnlyList<string> MetricNames => Array.Empty<string>();

    /// <summary>Metric names recorded when the preset names none.</summary>
    public virtual IReadOnlyList<string> DefaultMetrics => Array.Empty<string>();

    /// <summary>A meter of <paramref name="names"/> (checked against <see cref="MetricNames"/>), or null when the kind has no metrics.</summary>
    public virtual IRunMeter? CreateMeter(IReadOnlyList<string> names, EvaluationSettings settings, Action<string>? report) => null;

    /// <summary>Everything `ganlab eval` measures on a run of this kind.</summary>
    public abstract RunEvaluation Evaluate(TrainingRun run, int? samples, Action<string>? report);

    /// <summary>Refuses names that are not metrics of this kind, naming the allowed ones.</summary>
    protected void CheckMetricNames(IReadOnlyList<string> names)
    {
        if (MetricNames.Count == 0)
            throw new ArgumentException($"{Spec.Title} has no metrics to record during training; use `ganlab eval` on the finished run.", "metrics");
        var unknown = names.Where(name => !MetricNames.Contains(name)).ToList();
        if (names.Count == 0 || unknown.Count > 0)
            throw new ArgumentException($"metrics for {Spec.Title} are {string.Join(", ", MetricNames)}; got '{string.Join(",", unknown.DefaultIfEmpty(""))}'.", "metrics");
    }

    private string ComputeFingerprint()
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        using (var contiguous = Examples.contiguous()) hash.AppendData(contiguous.bytes);
        if (Labels is not null) using (var contiguous = Labels.contiguous()) hash.AppendData(contiguous.bytes);
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <inheritdoc />
    public virtual void Dispose()
    {
        Examples.Dispose();
        Labels?.Dispose();
    }
}
