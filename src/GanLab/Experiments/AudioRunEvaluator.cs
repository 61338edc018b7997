using System.Globalization;
using GanLab.Data.Audio;
using GanLab.Experiments.DataKinds;
using GanLab.Metrics;
using static TorchSharp.torch;

namespace GanLab.Experiments;

/// <summary>Evaluates speech runs (`ganlab eval`, notebooks): the generator's audio (after Griffin-Lim) in the
/// spoken-digit classifier's feature space beside the floor of held-out speakers and two baselines a working GAN must
/// leave far behind (an untrained G of the same family, and noise spectrograms); class histogram, class accuracy of
/// conditional samples, and the nearest-training copy check.</summary>
public static class AudioRunEvaluator
{
    /// <summary>Measures everything that applies to <paramref name="run"/>.</summary>
    public static RunEvaluation Evaluate(TrainingRun run, AudioRunData data, int sampleCount, Action<string>? report = null)
    {
        if (sampleCount < 100) throw new ArgumentException($"samples must be at least 100 for speech runs, got {sampleCount}.", "samples");
        using var evaluator = ImageEvaluator.For(data.Audio.ClassifierSplits(report), report, sampleCount);
        var classifier = evaluator.Classifier.Record;
        report?.Invoke($"scoring {evaluator.SampleCount} generated clips (Griffin-Lim, {Spectrograms.GriffinLimIterations} iterations) against {evaluator.Data.Description}");
        var (images, audio, labels) = data.GeneratedLogMel(run.Model, evaluator.SampleCount, ImageRunEvaluator.NoiseSeed);
        using var scope = NewDisposeScope();
        images.MoveToOuterDisposeScope();
        var scores = evaluator.Score(images);
        var metrics = scores.ToMetrics().ToDictionary(pair => pair.Key, pair => pair.Value);
        var notes = new List<string>
        {
            $"feature space: GanLab's spoken-digit classifier (log-mel input), {classifier.TestAccuracy:P2} accuracy on {classifier.TestCount} clips of held-out speakers",
            $"class histogram: {string.Join(" ", scores.ClassHistogram.Select(share => share.ToString("F2", CultureInfo.InvariantCulture)))}",
        };
        if (labels is not null)
        {
            metrics["class_accuracy"] = evaluator.Classifier.Accuracy(images, labels);
            notes.Add($"class accuracy of conditional samples: {metrics["class_accuracy"]:P1} (the classifier's own test accuracy is the ceiling)");
        }
        foreach (var (name, baseline) in Baselines(run, data, evaluator))
        {
            metrics[$"fd_{name}"] = baseline.FrechetDistance;
            metrics[$"classifier_score_{name}"] = baseline.ClassifierScore;
        }
        notes.Add($"baselines: Frechet distance {metrics["fd_untrained"]:F2} for an untrained G of this family, {metrics["fd_noise"]:F2} for noise spectrograms; classifier score {metrics["classifier_score_untrained"]:F2} / {metrics["classifier_score_noise"]:F2}");
        if (metrics.TryGetValue("fd_roundtrip", out var roundTrip))
            notes.Add($"ceiling of this representation: held-out clips as spectrograms and back through Griffin-Lim score Frechet distance {roundTrip:F2}, classifier score {metrics["classifier_score_roundtrip"]:F2}");
        var trainingImages = Spectrograms.LogMelImages(data.Clips.Waveforms);
        var checkedImages = images.narrow(0, 0, Math.Min(1000, images.shape[0]));
        var memorisation = Memorisation.Check(checkedImages, trainingImages, evaluator.Classifier);
        metrics["copy_rate"] = memorisation.CopyRate;
        notes.Add($"memorisation: copy rate {memorisation.CopyRate:P1} (log-mel L2 to the nearest training clip below {memorisation.Threshold:F2}); " +
                  $"median distance {memorisation.MedianGeneratedDistance:F2} generated vs {memorisation.MedianRealDistance:F2} real");
        audio.Dispose();
        labels?.Dispose();
        return new RunEvaluation(run.Preset.Name, "audio", data.Audio.Name, run.Trainer.Step, scores.SampleCount, metrics, evaluator.Floor.ToMetrics(),
            $"{evaluator.Floor.SampleCount} clips of held-out speakers (real-vs-real floor)",
            new Dictionary<string, object?> { ["classifier"] = classifier, ["generated"] = scores, ["floor"] = evaluator.Floor, ["memorisation"] = memorisation })
        {
            Notes = notes,
            Pictures = new Dictionary<string, byte[]>
            {
                ["nearest-training.png"] = Viz.EvaluationPictures.NearestNeighbours(checkedImages.flip(2), trainingImages.flip(2), memorisation.Neighbours),
            },
        };
    }

    // What a GAN that learned nothing scores: a fresh G of the same settings (seeded), and spectrograms of uniform noise.
    private static IEnumerable<(string Name, ImageScores Scores)> Baselines(TrainingRun run, AudioRunData data, ImageEvaluator evaluator)
    {
        // Built from a seeded global stream, put back afterwards: repeated evaluations give the same numbers.
        var state = TorchSharp.torch.random.get_rng_state();
        TorchSharp.torch.random.manual_seed(ImageRunEvaluator.NoiseSeed);
        var untrained = data.Model.Build();
        TorchSharp.torch.random.set_rng_state(state);
        state.Dispose();
        using (untrained)
        {
            var (images, audio, labels) = data.GeneratedLogMel(untrained, evaluator.SampleCount, ImageRunEvaluator.NoiseSeed);
            using (images) using (audio) using (labels)
                yield return ("untrained", evaluator.Score(images));
        }
        using var scope = NewDisposeScope();
        var noise = rand(new long[] { evaluator.SampleCount, 1, Spectrograms.Bins, Spectrograms.Frames }, generator: new Generator(ImageRunEvaluator.NoiseSeed));
        yield return ("noise", evaluator.Score(Spectrograms.LogMelImages(data.FromSpectrogramImages(noise))));
        if (data.IsWaveform) yield break;
        // SpecGAN's ceiling: held-out clips through its representation (clipped, normalised magnitudes) and back
        // through Griffin-Lim, as a perfect SpecGAN's samples would come out.
        using var heldOut = data.Audio.LoadClips(test: true);
        var clips = heldOut.Waveforms.narrow(0, 0, Math.Min(evaluator.SampleCount, heldOut.Count));
        yield return ("roundtrip", evaluator.Score(Spectrograms.LogMelImages(data.FromSpectrogramImages(data.SpectrogramImagesOf(clips)))));
    }
}
