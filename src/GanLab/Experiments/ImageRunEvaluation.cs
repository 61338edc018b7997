using GanLab.Data;
using GanLab.Metrics;
using GanLab.Models;
using static TorchSharp.torch;

namespace GanLab.Experiments;

/// <summary>Everything `ganlab eval` measures on an image or toy run; members that do not apply are null.</summary>
/// <param name="Preset">The run's preset name.</param>
/// <param name="DataSet">Its data set.</param>
/// <param name="Step">Generator steps the run had done.</param>
/// <param name="Classifier">The feature classifier used (image runs).</param>
/// <param name="Generated">Metrics of the generated images (1-channel image runs).</param>
/// <param name="Floor">The same metrics of as many held-out real images (1-channel image runs).</param>
/// <param name="ClassAccuracy">Conditional runs: share of samples the classifier assigns to the class asked for.</param>
/// <param name="Memorisation">Copy rate and nearest training images (1-channel image runs).</param>
/// <param name="StackedModes">Stacked MNIST runs: modes covered of 1,000 and KL to uniform.</param>
/// <param name="ToyModes">Ring and grid runs: the VEEGAN / PacGAN mode-coverage numbers.</param>
public sealed record ImageRunEvaluation(string Preset, string DataSet, int Step, ClassifierRecord? Classifier, ImageScores? Generated,
    ImageScores? Floor, double? ClassAccuracy, MemorisationReport? Memorisation, StackedModeCoverage? StackedModes,
    ModeCoverageResult? ToyModes)
{
    /// <summary>PNG: generated images over their nearest training images by pixel and by feature distance.</summary>
    [System.Text.Json.Serialization.JsonIgnore] public byte[]? NearestNeighboursPng { get; init; }
    /// <summary>PNG: interpolation paths (latent, or between classes for conditional models).</summary>
    [System.Text.Json.Serialization.JsonIgnore] public byte[]? InterpolationsPng { get; init; }

    /// <summary>Writes evaluation.json and the pictures that apply into <paramref name="folder"/>; returns the files written.</summary>
    public IReadOnlyList<string> Write(string folder)
    {
        var written = new List<string> { Path.Combine(folder, "evaluation.json") };
        Core.AtomicFile.WriteAllText(written[0], System.Text.Json.JsonSerializer.Serialize(this, Training.Trainer.JsonOptions));
        foreach (var (name, png) in new[] { ("nearest-training.png", NearestNeighboursPng), ("interpolations.png", InterpolationsPng) })
        {
            if (png is null) continue;
            written.Add(Path.Combine(folder, name));
            Core.AtomicFile.WriteAllBytes(written[^1], png);
        }
        return written;
    }
}

/// <summary>Evaluates trained image and toy runs (`ganlab eval`, notebooks).</summary>
public static class ImageRunEvaluator
{
    /// <summary>Seed of the evaluation noise, so repeated evaluations of one run give the same numbers.</summary>
    public const long NoiseSeed = 2024;

    /// <summary>Loads <paramref name="runFolder"/>'s checkpoint and measures everything that applies to it.</summary>
    /// <param name="runFolder">A folder written by `ganlab train`.</param>
    /// <param name="sampleCount">Generated images per measurement (capped by the test split for the feature metrics).</param>
    /// <param name="report">Progress messages (the classifier is trained on first use).</param>
    /// <param name="device">"cpu" or "cuda".</param>
    public static ImageRunEvaluation Evaluate(string runFolder, int sampleCount = ImageEvaluator.DefaultSampleCount, Action<string>? report = null, string device = "cpu")
    {
        using var run = TrainingRun.Resume(runFolder, device);
        return Evaluate(run, sampleCount, report);
    }

    /// <summary>Measures a live run (as <see cref="Evaluate(string, int, Action{string}?, string)"/> does for a folder).</summary>
    public static ImageRunEvaluation Evaluate(TrainingRun run, int sampleCount = ImageEvaluator.DefaultSampleCount, Action<string>? report = null)
    {
        var preset = run.Preset;
        var model = run.Model;
        if (preset.IsToy)
        {
            var toy = ToyDistribution.Find(preset.DataSet["toy:".Length..]);
            var modes = toy.Centers.Count == 0 ? null : GeneratorCoverage.Measure(model, toy);
            return new ImageRunEvaluation(preset.Name, preset.DataSet, run.Trainer.Step, null, null, null, null, null, null, modes);
        }
        if (preset.DataSet == StackedMnist.DataSetName)
        {
            // Only the digit classifier is needed: no reference features or floor (the image metrics do not apply).
            using var digits = ClassifierData.Load("mnist");
            using var classifier = FeatureClassifier.ForDataSet(digits, report);
            using var images = GeneratedImages.Draw(model, StackedMnistCoverage.ProtocolSampleCount, NoiseSeed);
            var stacked = StackedMnistCoverage.Measure(classifier, images.Images);
            return new ImageRunEvaluation(preset.Name, preset.DataSet, run.Trainer.Step, classifier.Record, null, null, null, null, stacked, null)
            {
                InterpolationsPng = Viz.EvaluationPictures.Interpolations(model),
            };
        }
        using (var imageEvaluator = ImageEvaluator.ForDataSet(preset.DataSet, report, sampleCount))
        {
            report?.Invoke($"scoring {imageEvaluator.SampleCount} generated images against {imageEvaluator.Data.Description}");
            using var generated = GeneratedImages.Draw(model, imageEvaluator.SampleCount, NoiseSeed);
            var scores = imageEvaluator.Score(generated.Images);
            double? classAccuracy = generated.Labels is null ? null : imageEvaluator.Classifier.Accuracy(generated.Images, generated.Labels);
            using var training = TrainingRun.LoadImages(preset);
            var checkedImages = generated.Images.narrow(0, 0, Math.Min(1000, generated.Images.shape[0]));
            var memorisation = Memorisation.Check(checkedImages, training.Images, imageEvaluator.Classifier);
            return new ImageRunEvaluation(preset.Name, preset.DataSet, run.Trainer.Step, imageEvaluator.Classifier.Record, scores,
                imageEvaluator.Floor, classAccuracy, memorisation, null, null)
            {
                NearestNeighboursPng = Viz.EvaluationPictures.NearestNeighbours(checkedImages, training.Images, memorisation.Neighbours),
                InterpolationsPng = Viz.EvaluationPictures.Interpolations(model),
            };
        }
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
