using System.Text.Json.Serialization;
using GanLab.Core;
using GanLab.Data;
using GanLab.Metrics;
using GanLab.Models;
using GanLab.Viz;
using TorchSharp;
using static TorchSharp.torch;

namespace GanLab.Experiments.DataKinds;

/// <summary>2-D toy data (GAN Lab, VEEGAN, PacGAN): a ring or grid of Gaussians or a spiral; shown as a point cloud,
/// measured by mode coverage (VEEGAN / PacGAN protocol).</summary>
/// <param name="Distribution">"ring", "grid" or "spiral".</param>
public sealed record ToyData(string Distribution) : DataSpec
{
    /// <summary>Points drawn into the training pool (seeded from the run's seed).</summary>
    public const int PoolSize = 65_536;

    /// <inheritdoc />
    [JsonIgnore] public override string Title => $"toy {Distribution}";

    /// <inheritdoc />
    public override void Validate(string owner)
    {
        if (ToyDistribution.All.All(toy => toy.Name != Distribution))
            throw new ArgumentException($"{owner}.distribution must be one of {string.Join(", ", ToyDistribution.All.Select(toy => toy.Name))}, got '{Distribution}'.", $"{owner}.distribution");
    }

    /// <inheritdoc />
    public override void CheckFits(ModelConfig model)
    {
        if (model is not ToyGanConfig)
            throw new ArgumentException($"data {Title} is 2-D points: it needs model family toy, not {model.GetType().Name.Replace("Config", "")}.", "model");
    }

    /// <inheritdoc />
    public override RunData Load(ModelConfig model, long seed)
    {
        TorchRuntime.EnsureLoaded();
        var toy = ToyDistribution.Find(Distribution);
        // Its own stream: the training generator's sequence does not depend on how the pool was drawn.
        using var random = new Generator(unchecked((ulong)seed) + 7919);
        var pool = toy.Sample(PoolSize, random);
        return new ToyRunData(this, model, toy, pool);
    }
}

/// <summary>A loaded toy pool and its distribution.</summary>
public sealed class ToyRunData : RunData
{
    private static readonly string[] Names = { "modes", "high_quality", "reverse_kl" };

    internal ToyRunData(ToyData spec, ModelConfig model, ToyDistribution distribution, Tensor pool)
        : base(spec, model, pool, null, $"{distribution.Name} ({distribution.Centers.Count} modes, sigma {distribution.Sigma})") => Distribution = distribution;

    /// <summary>The distribution the pool was drawn from (mode centres for coverage).</summary>
    public ToyDistribution Distribution { get; }

    /// <inheritdoc />
    public override string SamplesFileName => "samples.png";

    /// <inheritdoc />
    public override IReadOnlyList<string> MetricNames => Distribution.Centers.Count > 0 ? Names : Array.Empty<string>();

    /// <summary>The first <paramref name="count"/> real points (for plots).</summary>
    public Tensor RealPoints(long count) => Examples.narrow(0, 0, Math.Min(count, Count));

    /// <inheritdoc />
    public override void WriteSamples(TrainingRun run, string path) => AtomicFile.WriteAllBytes(path, Picture(run, 480));

    /// <inheritdoc />
    public override SampleView Show(TrainingRun run, string caption) => new(caption, Picture(run, 480), null);

    /// <inheritdoc />
    public override byte[]? Snapshot(Tensor fixedSamples)
    {
        using var real = RealPoints(fixedSamples.shape[0]);
        return PointCloud.ToPng(real, fixedSamples, 240);
    }

    /// <inheritdoc />
    public override IRunMeter? CreateMeter(IReadOnlyList<string> names, EvaluationSettings settings, Action<string>? report)
    {
        CheckMetricNames(names);
        return new CoverageMeter(this, names);
    }

    /// <inheritdoc />
    public override RunEvaluation Evaluate(TrainingRun run, int? samples, Action<string>? report)
    {
        if (Distribution.Centers.Count == 0)
            return new RunEvaluation(run.Preset.Name, "toy", Spec.Title, run.Trainer.Step, 0, new Dictionary<string, double>(), new Dictionary<string, double>(), "",
                new Dictionary<string, object?>()) { Notes = new[] { $"{Distribution.Name} has no modes to count; look at samples.png." } };
        var coverage = GeneratorCoverage.Measure(run.Model, Distribution);
        return new RunEvaluation(run.Preset.Name, "toy", Spec.Title, run.Trainer.Step, 2500, Metrics(coverage), new Dictionary<string, double>(), "",
            new Dictionary<string, object?> { ["samplesPerMode"] = coverage.SamplesPerMode })
        {
            Notes = new[] { $"mode coverage: {coverage.ModesCovered} of {coverage.ModeCount} modes, {coverage.HighQualityFraction:P1} high-quality samples, reverse KL {coverage.ReverseKl:F3} (2,500 samples, VEEGAN / PacGAN protocol)" },
        };
    }

    private static Dictionary<string, double> Metrics(ModeCoverageResult coverage) => new()
    {
        ["modes"] = coverage.ModesCovered, ["high_quality"] = coverage.HighQualityFraction, ["reverse_kl"] = coverage.ReverseKl,
    };

    private byte[] Picture(TrainingRun run, int size)
    {
        using var samples = run.Trainer.SampleFixed();
        using var real = RealPoints(samples.shape[0]);
        return PointCloud.ToPng(real, samples, size);
    }

    private sealed class CoverageMeter(ToyRunData data, IReadOnlyList<string> names) : IRunMeter
    {
        public IReadOnlyDictionary<string, double> Reference { get; } = new Dictionary<string, double>();

        public IReadOnlyDictionary<string, double> Measure(TrainingRun run, int samples)
        {
            var all = Metrics(GeneratorCoverage.Measure(run.Model, data.Distribution));
            return names.ToDictionary(name => name, name => all[name]);
        }

        public void Dispose() { }
    }
}
