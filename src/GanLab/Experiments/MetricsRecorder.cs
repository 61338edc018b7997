using GanLab.Data;
using GanLab.Metrics;
using GanLab.Training;

namespace GanLab.Experiments;

/// <summary>Measures chosen metrics every N steps during training and stores them in the history rows, so
/// history.csv gets one column per metric (empty where not measured) and curves can be drawn.</summary>
public sealed class MetricsRecorder : ITrainingHook, IDisposable
{
    /// <summary>Metrics of image runs (feature space of the data set's classifier).</summary>
    public static IReadOnlyList<string> ImageMetricNames { get; } = new[] { "fd", "kid", "kid_std", "classifier_score", "precision", "recall", "class_kl", "confident" };
    /// <summary>Metrics of ring and grid runs (VEEGAN / PacGAN protocol).</summary>
    public static IReadOnlyList<string> ToyMetricNames { get; } = new[] { "modes", "high_quality", "reverse_kl" };

    private readonly ImageEvaluator? evaluator;
    private readonly ToyDistribution? toy;
    private readonly IReadOnlyList<string> names;
    private readonly int every;

    private MetricsRecorder(ImageEvaluator? evaluator, ToyDistribution? toy, IReadOnlyList<string> names, int every)
    {
        this.evaluator = evaluator;
        this.toy = toy;
        this.names = names;
        this.every = every;
    }

    /// <summary>The real-vs-real floor of the image metrics, for the reader of the curves (null for toy runs).</summary>
    public ImageScores? Floor => evaluator?.Floor;

    /// <summary>Checks the names against what the preset's data allows and prepares the evaluator (which may train
    /// the data set's classifier on first use).</summary>
    /// <param name="preset">The run's preset.</param>
    /// <param name="names">Metric names (see <see cref="ImageMetricNames"/> and <see cref="ToyMetricNames"/>).</param>
    /// <param name="every">Measure after every this many steps and after the last one.</param>
    /// <param name="sampleCount">Images per measurement (fewer than `ganlab eval` uses, to keep training fast).</param>
    /// <param name="report">Progress messages.</param>
    public static MetricsRecorder Create(Preset preset, IReadOnlyList<string> names, int every, int sampleCount = 2000, Action<string>? report = null)
    {
        if (every <= 0) throw new ArgumentException($"metrics interval must be positive, got {every}.", nameof(every));
        var toy = preset.IsToy ? ToyDistribution.Find(preset.DataSet["toy:".Length..]) : null;
        var allowed = preset.IsToy ? (toy!.Centers.Count > 0 ? ToyMetricNames : Array.Empty<string>())
            : preset.DataSet == StackedMnist.DataSetName ? Array.Empty<string>() : ImageMetricNames;
        if (allowed.Count == 0)
            throw new ArgumentException($"preset {preset.Name} ({preset.DataSet}) has no metrics to record during training; use `ganlab eval` on the finished run.", "metrics");
        var unknown = names.Where(name => !allowed.Contains(name)).ToList();
        if (names.Count == 0 || unknown.Count > 0)
            throw new ArgumentException($"metrics for {preset.DataSet} are {string.Join(", ", allowed)}; got '{string.Join(",", unknown.DefaultIfEmpty(""))}'.", "metrics");
        var evaluator = preset.IsToy ? null : ImageEvaluator.ForDataSet(preset.DataSet, report, sampleCount);
        return new MetricsRecorder(evaluator, toy, names, every);
    }

    /// <inheritdoc />
    public void OnStep(Trainer trainer, HistoryRow row)
    {
        if (row.Step % every != 0 && row.Step != trainer.Config.Steps) return;
        trainer.History.SetMetrics(Measure(trainer));
    }

    private Dictionary<string, double> Measure(Trainer trainer)
    {
        IReadOnlyDictionary<string, double> all;
        if (toy is not null)
        {
            var coverage = GeneratorCoverage.Measure(trainer.Model, toy);
            all = new Dictionary<string, double> { ["modes"] = coverage.ModesCovered, ["high_quality"] = coverage.HighQualityFraction, ["reverse_kl"] = coverage.ReverseKl };
        }
        else
        {
            using var images = GeneratedImages.Draw(trainer.Model, evaluator!.SampleCount, ImageRunEvaluator.NoiseSeed);
            all = evaluator.Score(images.Images).ToMetrics();
        }
        return names.ToDictionary(name => name, name => all[name]);
    }

    /// <inheritdoc />
    public void Dispose() => evaluator?.Dispose();
}
