using System.Text.Json.Serialization;
using GanLab.Core;
using GanLab.Data;
using GanLab.Metrics;
using GanLab.Models;
using GanLab.Viz;
using static TorchSharp.torch;

namespace GanLab.Experiments.DataKinds;

/// <summary>Images (MNIST, Fashion-MNIST, Stacked MNIST) with their class labels; shown as a grid, measured in the
/// feature space of a classifier of the same data set beside the real-vs-real floor.</summary>
/// <param name="Name">"mnist", "fashion-mnist" or "stacked-mnist" (three MNIST digits as RGB channels).</param>
public sealed record ImageData(string Name) : DataSpec
{
    private static readonly string[] Known = { "mnist", "fashion-mnist", StackedMnist.DataSetName };

    /// <inheritdoc />
    [JsonIgnore] public override string Title => Name;

    /// <summary>0 = every image; else only the first this many: a small training set a GAN trained long can memorise
    /// (notebook 10 compares its copy rate with a private GAN's).</summary>
    public int Limit { get; init; }

    /// <summary>True for Stacked MNIST (three channels, 1,000 modes).</summary>
    [JsonIgnore] public bool IsStacked => Name == StackedMnist.DataSetName;

    /// <inheritdoc />
    public override void Validate(string owner)
    {
        if (!Known.Contains(Name)) throw new ArgumentException($"{owner}.name must be one of {string.Join(", ", Known)}, got '{Name}'.", $"{owner}.name");
        Guard.InRange(Limit, 0, 10_000_000, $"{owner}.limit");
    }

    /// <inheritdoc />
    public override void CheckFits(ModelConfig model)
    {
        var channels = model switch { DcganConfig dcgan => dcgan.Channels, ResidualGanConfig residual => residual.Channels, MlpGanConfig => 1, _ => -1 };
        if (channels < 0)
            throw new ArgumentException($"data {Title} is images: it needs model family mlp, dcgan or residual, not {model.GetType().Name.Replace("Config", "")}.", "model");
        if (channels != (IsStacked ? 3 : 1))
            throw new ArgumentException($"data {Title} has {(IsStacked ? 3 : 1)} channel(s); the model makes {channels} (model.channels).", "model.channels");
    }

    /// <inheritdoc />
    /// <remarks>Stacked MNIST is built from MNIST with the run's seed.</remarks>
    public override RunData Load(ModelConfig model, long seed)
    {
        var images = LoadImages(seed);
        if (Limit <= 0 || Limit >= images.Count) return new ImageRunData(this, model, images.Images, images.Labels, $"{images.Source}: {images.Count} images");
        using (images)
            return new ImageRunData(this, model, images.Images.narrow(0, 0, Limit).clone(), images.Labels.narrow(0, 0, Limit).clone(), $"{images.Source}: the first {Limit} of {images.Count} images");
    }

    /// <summary>The data set in [0, 1] with labels (the caller disposes it).</summary>
    public ImageDataSet LoadImages(long seed)
    {
        if (!IsStacked) return ImageDataCatalog.Load(ImageDataCatalog.Find(Name));
        using var digits = ImageDataCatalog.Load(ImageDataCatalog.Mnist);
        return StackedMnist.Build(digits, seed: seed);
    }
}

/// <summary>Loaded images in [0, 1] and how image runs are shown and measured.</summary>
public sealed class ImageRunData : RunData
{
    internal ImageRunData(ImageData spec, ModelConfig model, Tensor images, Tensor labels, string source) : base(spec, model, images, labels, source) { }

    /// <summary>The data set asked for.</summary>
    public ImageData Image => (ImageData)Spec;

    /// <inheritdoc />
    public override string SamplesFileName => "samples.png";

    /// <inheritdoc />
    public override IReadOnlyList<string> MetricNames => Image.IsStacked ? Array.Empty<string>() : ImageScores.MetricNames;

    /// <inheritdoc />
    public override Tensor TrainingExamples(GanModel model) => model.FromUnitRange(Examples);

    /// <inheritdoc />
    public override void WriteSamples(TrainingRun run, string path)
    {
        using var samples = run.Trainer.SampleFixed();
        ImageGrid.Save(samples, path);
    }

    /// <inheritdoc />
    public override SampleView Show(TrainingRun run, string caption)
    {
        using var samples = run.Trainer.SampleFixed();
        return new SampleView(caption, ImageGrid.ToPng(samples), null);
    }

    /// <inheritdoc />
    public override byte[]? Snapshot(Tensor fixedSamples) =>
        ImageGrid.ToPng(fixedSamples.narrow(0, 0, Math.Min(16, fixedSamples.shape[0])), 8, 1);

    /// <inheritdoc />
    public override IRunMeter? CreateMeter(IReadOnlyList<string> names, EvaluationSettings settings, Action<string>? report)
    {
        CheckMetricNames(names);
        return new FeatureMeter(ImageEvaluator.ForDataSet(Image.Name, report, settings.Samples), names);
    }

    /// <inheritdoc />
    public override RunEvaluation Evaluate(TrainingRun run, int? samples, Action<string>? report) =>
        ImageRunEvaluator.Evaluate(run, this, samples ?? ImageEvaluator.DefaultSampleCount, report);

    private sealed class FeatureMeter(ImageEvaluator evaluator, IReadOnlyList<string> names) : IRunMeter
    {
        public IReadOnlyDictionary<string, double> Reference => evaluator.Floor.ToMetrics();

        public IReadOnlyDictionary<string, double> Measure(TrainingRun run, int samples)
        {
            using var images = GeneratedImages.Draw(run.Model, evaluator.SampleCount, ImageRunEvaluator.NoiseSeed);
            var all = evaluator.Score(images.Images).ToMetrics();
            return names.ToDictionary(name => name, name => all[name]);
        }

        public void Dispose() => evaluator.Dispose();
    }
}
