using System.Globalization;
using System.Text.Json;
using GanLab.Experiments;
using GanLab.Metrics;
using GanLab.Training;

namespace GanLab.Cli;

/// <summary>`ganlab eval` for image and toy runs: every metric that applies, beside the real-vs-real floor.</summary>
internal static class ImageEvalCommandHandler
{
    public static int Evaluate(string runFolder, int? samples, bool json, string device)
    {
        var count = samples ?? ImageEvaluator.DefaultSampleCount;
        if (count < 100) throw new ArgumentException($"--samples must be at least 100 for image runs, got {count}.", "samples");
        var evaluation = ImageRunEvaluator.Evaluate(runFolder, count, message => Console.Error.WriteLine(message), device);
        var files = evaluation.Write(runFolder);
        if (json)
        {
            Console.WriteLine(JsonSerializer.Serialize(new { run = Path.GetFullPath(runFolder), kind = "image", evaluation }, Trainer.JsonOptions));
            return 0;
        }
        Console.WriteLine($"run: {Path.GetFullPath(runFolder)} ({evaluation.Preset}, step {evaluation.Step}, data {evaluation.DataSet})");
        if (evaluation.Classifier is { } classifier)
            Console.WriteLine($"feature space: GanLab's {classifier.DataSet} classifier, {classifier.TestAccuracy:P2} accuracy on {classifier.TestCount} test images");
        if (evaluation.Generated is { } generated && evaluation.Floor is { } floor) PrintScores(generated, floor);
        if (evaluation.ClassAccuracy is { } accuracy) Console.WriteLine($"class accuracy of conditional samples: {accuracy:P1} (the classifier's own test accuracy is the ceiling)");
        if (evaluation.Memorisation is { } memorisation)
            Console.WriteLine($"memorisation: copy rate {memorisation.CopyRate:P1} (closer to a training image than {1 - Memorisation.ThresholdQuantile:P0} of training images are to their nearest other one, pixel L2 < {memorisation.Threshold:F2}); " +
                              $"median distance to the nearest training image {memorisation.MedianGeneratedDistance:F2} generated vs {memorisation.MedianRealDistance:F2} real");
        if (evaluation.StackedModes is { } stacked)
            Console.WriteLine($"Stacked MNIST: {stacked.ModesCovered} of {stacked.ModeCount} modes covered, KL to uniform {stacked.ReverseKl:F2} ({stacked.SampleCount} samples; DCGAN in VEEGAN's table: 99 modes, KL 3.4; PacDCGAN: 1000, 0.06-0.07)");
        if (evaluation.ToyModes is { } modes)
            Console.WriteLine($"mode coverage: {modes.ModesCovered} of {modes.ModeCount} modes, {modes.HighQualityFraction:P1} high-quality samples, reverse KL {modes.ReverseKl:F3} (2,500 samples, VEEGAN / PacGAN protocol)");
        foreach (var file in files) Console.WriteLine($"wrote {Path.GetFullPath(file)}");
        return 0;
    }

    private static void PrintScores(ImageScores generated, ImageScores floor)
    {
        Console.WriteLine($"{"metric",-26} {"generated",10} {"real floor",10}   ({generated.SampleCount} generated vs {floor.SampleCount} held-out real images)");
        void Row(string name, double value, double reference, string format, string note = "") =>
            Console.WriteLine($"{name,-26} {value.ToString(format, CultureInfo.InvariantCulture),10} {reference.ToString(format, CultureInfo.InvariantCulture),10}   {note}");
        Row("Frechet distance", generated.FrechetDistance, floor.FrechetDistance, "F3", "lower is better");
        Row("KID x 1000", generated.KernelDistance.Mean * 1000, floor.KernelDistance.Mean * 1000, "F3",
            $"± {generated.KernelDistance.StandardDeviation * 1000:F3} over {generated.KernelDistance.Subsets} subsets");
        Row("classifier score", generated.ClassifierScore, floor.ClassifierScore, "F3", "higher is better, at most the class count");
        Row("precision", generated.Precision, floor.Precision, "F3", "k-NN manifold, k = 3: quality");
        Row("recall", generated.Recall, floor.Recall, "F3", "coverage of the real images");
        Row("class KL to uniform", generated.ClassKl, floor.ClassKl, "F4", "0 = every class equally often");
        Row("confidently classified", generated.ConfidentShare, floor.ConfidentShare, "F3", $"top class probability >= {ImageScoring.ConfidenceThreshold}");
        Console.WriteLine($"{"class histogram",-26} {string.Join(" ", generated.ClassHistogram.Select(share => share.ToString("F2", CultureInfo.InvariantCulture)))}");
    }
}
