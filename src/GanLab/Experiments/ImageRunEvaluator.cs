using GanLab.Data;
using GanLab.Experiments.DataKinds;
using GanLab.Metrics;
using GanLab.Models;
using static TorchSharp.torch;

namespace GanLab.Experiments;

/// <summary>Evaluates image runs (`ganlab eval`, notebooks): the metrics beside the real-vs-real floor, class accuracy
/// of conditional samples, memorisation, and Stacked MNIST mode coverage.</summary>
public static class ImageRunEvaluator
{
    /// <summary>Seed of the evaluation noise, so repeated evaluations of one run give the same numbers.</summary>
    public const long NoiseSeed = 2024;

    /// <summary>Measures everything that applies to <paramref name="run"/>.</summary>
    /// <param name="run">A run on image data.</param>
    /// <param name="data">Its data.</param>
    /// <param name="sampleCount">Generated images per measurement (capped by the test split for the feature metrics).</param>
    /// <param name="report">Progress messages (the classifier is trained on first use).</param>
    public static RunEvaluation Evaluate(TrainingRun run, ImageRunData data, int sampleCount, Action<string>? report = null)
    {
        if (sampleCount < 100) throw new ArgumentException($"samples must be at least 100 for image runs, got {sampleCount}.", "samples");
        var model = run.Model;
        if (data.Image.IsStacked) return StackedModes(run, report);
        using var evaluator = ImageEvaluator.ForDataSet(data.Image.Name, report, sampleCount);
        report?.Invoke($"scoring {evaluator.SampleCount} generated images against {evaluator.Data.Description}");
        using var generated = GeneratedImages.Draw(model, evaluator.SampleCount, NoiseSeed);
        var scores = evaluator.Score(generated.Images);
        var metrics = scores.ToMetrics().ToDictionary(pair => pair.Key, pair => pair.Value);
        var notes = new List<string>
        {
            $"feature space: GanLab's {evaluator.Classifier.Record.DataSet} classifier, {evaluator.Classifier.Record.TestAccuracy:P2} accuracy on {evaluator.Classifier.Record.TestCount} test images",
            $"class histogram: {string.Join(" ", scores.ClassHistogram.Select(share => share.ToString("F2", System.Globalization.CultureInfo.InvariantCulture)))}",
        };
        if (generated.Labels is not null)
        {
            metrics["class_accuracy"] = evaluator.Classifier.Accuracy(generated.Images, generated.Labels);
            notes.Add($"class accuracy of conditional samples: {metrics["class_accuracy"]:P1} (the classifier's own test accuracy is the ceiling)");
        }
        var checkedImages = generated.Images.narrow(0, 0, Math.Min(1000, generated.Images.shape[0]));
        var memorisation = Memorisation.Check(checkedImages, data.Examples, evaluator.Classifier);
        metrics["copy_rate"] = memorisation.CopyRate;
        notes.Add($"memorisation: copy rate {memorisation.CopyRate:P1} (closer to a training image than {1 - Memorisation.ThresholdQuantile:P0} of training images are to their nearest other one, pixel L2 < {memorisation.Threshold:F2}); " +
                  $"median distance to the nearest training image {memorisation.MedianGeneratedDistance:F2} generated vs {memorisation.MedianRealDistance:F2} real");
        return new RunEvaluation(run.Preset.Name, "image", data.Image.Name, run.Trainer.Step, scores.SampleCount, metrics, evaluator.Floor.ToMetrics(),
            $"{evaluator.Floor.SampleCount} held-out real images (real-vs-real floor)",
            new Dictionary<string, object?> { ["classifier"] = evaluator.Classifier.Record, ["generated"] = scores, ["floor"] = evaluator.Floor, ["memorisation"] = memorisation })
        {
            Notes = notes,
            Pictures = new Dictionary<string, byte[]>
            {
                ["nearest-training.png"] = Viz.EvaluationPictures.NearestNeighbours(checkedImages, data.Examples, memorisation.Neighbours),
                ["interpolations.png"] = Viz.EvaluationPictures.Interpolations(model),
            },
        };
    }

    // Only the digit classifier is needed: no reference features or floor (the image metrics do not apply).
    private static RunEvaluation StackedModes(TrainingRun run, Action<string>? report)
    {
        using var digits = ClassifierData.Load("mnist");
        using var classifier = FeatureClassifier.ForDataSet(digits, report);
        using var images = GeneratedImages.Draw(run.Model, StackedMnistCoverage.ProtocolSampleCount, NoiseSeed);
        var stacked = StackedMnistCoverage.Measure(classifier, images.Images);
        return new RunEvaluation(run.Preset.Name, "image", StackedMnist.DataSetName, run.Trainer.Step, stacked.SampleCount,
            new Dictionary<string, double> { ["stacked_modes"] = stacked.ModesCovered, ["stacked_kl"] = stacked.ReverseKl }, new Dictionary<string, double>(), "",
            new Dictionary<string, object?> { ["classifier"] = classifier.Record, ["stackedModes"] = stacked })
        {
            Notes = new[] { $"Stacked MNIST: {stacked.ModesCovered} of {stacked.ModeCount} modes covered, KL to uniform {stacked.ReverseKl:F2} ({stacked.SampleCount} samples; DCGAN in VEEGAN's table: 99 modes, KL 3.4; PacDCGAN: 1000, 0.06-0.07)" },
            Pictures = new Dictionary<string, byte[]> { ["interpolations.png"] = Viz.EvaluationPictures.Interpolations(run.Model) },
        };
    }
}

/// <summary>Images drawn from a generator in [0, 1] on the CPU, with the classes asked for (conditional models).</summary>
public sealed class GeneratedImages : IDisposable
{
    private GeneratedImages(Tensor images, Tensor? labels)
    {
        Images = images;
        Labels = labels;
    }

    /// <summary>[N, C, H, W] in [0, 1].</summary>
    public Tensor Images { get; }
    /// <summary>Classes asked for (i mod classes), or null for unconditional models.</summary>
    public Tensor? Labels { get; }

    /// <summary>Draws <paramref name="count"/> images with seeded noise in chunks (the generator's BatchNorm in evaluation mode).</summary>
    public static GeneratedImages Draw(GanModel model, int count, long seed)
    {
        using var scope = NewDisposeScope();
        var device = model.Generator.parameters().First().device;
        var random = new Generator(unchecked((ulong)seed));
        var noise = randn(new long[] { count, model.LatentSize }, generator: random);
        var labels = model.IsConditional ? arange(count, ScalarType.Int64) % model.ClassCount : null;
        var chunks = new List<Tensor>();
        for (long start = 0; start < count; start += 500)
        {
            var length = Math.Min(500, count - start);
            var input = model.GeneratorInput(noise.narrow(0, start, length), labels?.narrow(0, start, length)).to(device);
            chunks.Add(model.ToUnitRange(model.Sample(input)).cpu());
        }
        return new GeneratedImages(cat(chunks).MoveToOuterDisposeScope(), labels?.MoveToOuterDisposeScope());
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Images.Dispose();
        Labels?.Dispose();
    }
}
