using System.Text.Json.Serialization;
using GanLab.Core;
using GanLab.Data.Audio;
using GanLab.Metrics;
using GanLab.Models;
using GanLab.Viz;
using static TorchSharp.torch;

namespace GanLab.Experiments.DataKinds;

/// <summary>Speech: the spoken digits rendered by `ganlab data prepare spoken-digits`, or a folder of labelled WAV
/// files (`wav:PATH`); 8 kHz clips of 8,192 samples. SpecGAN trains on their normalised log-magnitude
/// spectrograms; samples are shown as spectrograms and written as WAV files; metrics are measured in the spoken-digit
/// classifier's feature space (log-mel input) beside the real-vs-real floor of held-out speakers.</summary>
/// <param name="Name">"spoken-digits" or "wav:PATH".</param>
public sealed record AudioData(string Name) : DataSpec
{
    /// <inheritdoc />
    [JsonIgnore] public override string Title => Name;

    /// <summary>Where the spoken digits are (null: $GANLAB_DATA/spoken-digits, else ~/.ganlab/data/spoken-digits); a
    /// small rendering for quick lessons lives elsewhere (<see cref="Small"/>).</summary>
    public string? Folder { get; init; }

    /// <summary>A small spoken-digit set (<see cref="SpeechVoices.Small"/>: 12 speakers, 360 clips, rendered in seconds
    /// on first use) for the speech lesson's quick settings, in <paramref name="folder"/> (default: spoken-digits-small
    /// beside the full set, so every quick run shares it and its classifier).</summary>
    public static AudioData Small(string? folder = null, Action<string>? report = null)
    {
        folder ??= Path.Combine(Path.GetDirectoryName(SpokenDigits.DefaultFolder)!, SpokenDigits.DataSetName + "-small");
        if (!SpokenDigits.IsPrepared(folder)) SpokenDigitsBuilder.Prepare(folder, report, SpeechVoices.Small);
        return new AudioData(SpokenDigits.DataSetName) { Folder = Path.GetFullPath(folder) };
    }

    /// <summary>The classifier splits the metrics use: these spoken digits' (a wav: folder is measured with the
    /// default spoken digits' classifier, trained on the synthetic speakers).</summary>
    public ClassifierData ClassifierSplits(Action<string>? report) => ClassifierData.ForSpeech(IsWavFolder ? null : Folder, report);

    /// <summary>True for a user's folder of WAV files.</summary>
    [JsonIgnore] public bool IsWavFolder => Name.StartsWith("wav:", StringComparison.Ordinal);

    /// <inheritdoc />
    public override void Validate(string owner)
    {
        if (Name != SpokenDigits.DataSetName && !(IsWavFolder && Name.Length > 4))
            throw new ArgumentException($"{owner}.name must be {SpokenDigits.DataSetName} or wav:FOLDER (labelled 8 kHz mono WAV files), got '{Name}'.", $"{owner}.name");
    }

    /// <inheritdoc />
    public override void CheckFits(ModelConfig model)
    {
        if (model is not (SpecGanConfig or WaveGanConfig))
            throw new ArgumentException($"data {Title} is speech: it needs model family specgan or wavegan, not {model.GetType().Name.Replace("Config", "")}.", "model");
    }

    /// <summary>The training (or held-out) clips.</summary>
    public AudioClips LoadClips(bool test, Action<string>? report = null) =>
        IsWavFolder ? SpokenDigits.LoadWavFolder(Name[4..], test) : SpokenDigits.Load(test, Folder, report);

    /// <inheritdoc />
    public override RunData Load(ModelConfig model, long seed)
    {
        TorchRuntime.EnsureLoaded();
        var clips = LoadClips(test: false, Console.Error.WriteLine);
        return AudioRunData.Create(this, model, clips);
    }
}

/// <summary>Loaded clips as the model trains on them (SpecGAN: normalised spectrogram images [N, 1, 128, 64];
/// WaveGAN: waveforms [N, 1, 8192]), with the per-bin statistics that turn spectrograms back into audio and audio
/// into pictures.</summary>
public sealed class AudioRunData : RunData
{
    /// <summary>Spectrogram values beyond this many standard deviations of their bin are clipped (SpecGAN: 3).</summary>
    public const double ClipDeviations = 3;

    private readonly Tensor binMean;
    private readonly Tensor binDeviation;

    private AudioRunData(AudioData spec, ModelConfig model, AudioClips clips, Tensor examples, Tensor mean, Tensor deviation)
        : base(spec, model, examples, clips.Labels, $"{clips.Source}: {clips.Count} clips")
    {
        binMean = mean;
        binDeviation = deviation;
        Clips = clips;
    }

    /// <summary>The clips in the representation <paramref name="model"/>'s family trains on (takes ownership of them).</summary>
    internal static AudioRunData Create(AudioData spec, ModelConfig model, AudioClips clips)
    {
        using var logMagnitudes = Spectrograms.LogMagnitudes(clips.Waveforms);
        using var scope = NewDisposeScope();
        var perBin = logMagnitudes.permute(1, 0, 2).reshape(Spectrograms.Bins, -1);
        var mean = perBin.mean(new long[] { 1 }, keepdim: true).DetachFromDisposeScope();
        var deviation = perBin.std(1, keepdim: true).clamp_min(1e-3).DetachFromDisposeScope();
        var examples = model is WaveGanConfig ? clips.Waveforms.unsqueeze(1).clone() : Normalise(logMagnitudes, mean, deviation);
        return new AudioRunData(spec, model, clips, examples.DetachFromDisposeScope(), mean, deviation);
    }

    /// <summary>True when the model makes waveforms (WaveGAN), false for spectrograms (SpecGAN).</summary>
    public bool IsWaveform => Model is WaveGanConfig;
    /// <summary>The clips themselves (waveforms, labels, speakers).</summary>
    public AudioClips Clips { get; }

    /// <summary>The data asked for.</summary>
    public AudioData Audio => (AudioData)Spec;

    /// <inheritdoc />
    public override string SamplesFileName => "samples.png";

    /// <inheritdoc />
    public override IReadOnlyList<string> MetricNames => ImageScores.MetricNames;

    /// <summary>Audio [N, 8192] of samples as the trainer shows them (in [0, 1]): WaveGAN's waveforms rescaled,
    /// SpecGAN's spectrograms [N, 1, 128, 64] through Griffin-Lim.</summary>
    public Tensor ToWaveforms(Tensor shown)
    {
        if (!IsWaveform) return FromSpectrogramImages(shown);
        using var scope = NewDisposeScope();
        return (shown.squeeze(1) * 2 - 1).MoveToOuterDisposeScope();
    }

    /// <summary>Audio [N, 8192] of spectrogram images [N, 1, 128, 64] in [0, 1] normalised as this data's, through
    /// Griffin-Lim (SpecGAN's samples, and the noise baseline of every speech run).</summary>
    public Tensor FromSpectrogramImages(Tensor images)
    {
        using var scope = NewDisposeScope();
        var logMagnitudes = (images.squeeze(1) * 2 - 1) * (ClipDeviations * binDeviation) + binMean;
        return Spectrograms.GriffinLim(logMagnitudes).MoveToOuterDisposeScope();
    }

    /// <summary>Spectrogram images [N, 1, 128, 64] in [0, 1] of samples as the trainer shows them (WaveGAN's audio is
    /// transformed and normalised as SpecGAN's data is).</summary>
    public Tensor ToSpectrogramImages(Tensor shown)
    {
        if (!IsWaveform) return shown.alias();
        using var waveforms = ToWaveforms(shown);
        return SpectrogramImagesOf(waveforms);
    }

    /// <summary>Spectrogram images [N, 1, 128, 64] in [0, 1] of audio [N, 8192], normalised as SpecGAN's data.</summary>
    public Tensor SpectrogramImagesOf(Tensor waveforms)
    {
        using var scope = NewDisposeScope();
        using var logMagnitudes = Spectrograms.LogMagnitudes(waveforms);
        return ((Normalise(logMagnitudes, binMean, binDeviation) + 1) / 2).MoveToOuterDisposeScope();
    }

    /// <summary>The samples' spectrograms as a grid, low frequencies at the bottom.</summary>
    public byte[] SpectrogramGrid(Tensor shown, int? columns = null, int scale = 1)
    {
        using var images = ToSpectrogramImages(shown);
        using var flipped = images.flip(2);
        return ImageGrid.ToPng(flipped, columns, scale);
    }

    /// <inheritdoc />
    /// <remarks>Beside samples.png: samples.wav (every fixed-noise sample in a row, a quarter second apart) and
    /// samples/NN.wav (one file per sample).</remarks>
    public override void WriteSamples(TrainingRun run, string path)
    {
        using var samples = run.Trainer.SampleFixed();
        AtomicFile.WriteAllBytes(path, SpectrogramGrid(samples, 8));
        using var audio = ToWaveforms(samples);
        var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        var clips = Enumerable.Range(0, (int)audio.shape[0]).Select(index => audio[index].data<float>().ToArray()).ToList();
        Directory.CreateDirectory(Path.Combine(folder, "samples"));
        for (var index = 0; index < clips.Count; index++)
            WavFile.WriteMono(Path.Combine(folder, "samples", $"{index:D2}.wav"), clips[index], SpokenDigits.SampleRate);
        var gap = new float[SpokenDigits.SampleRate / 4];
        WavFile.WriteMono(Path.Combine(folder, "samples.wav"), clips.SelectMany(clip => clip.Concat(gap)).ToArray(), SpokenDigits.SampleRate);
    }

    /// <inheritdoc />
    /// <remarks>With players for the first 16 samples (conditional runs: the first 20, two of each digit).</remarks>
    public override SampleView Show(TrainingRun run, string caption)
    {
        using var scope = NewDisposeScope();
        var samples = run.Trainer.SampleFixed();
        var count = (int)Math.Min(run.Model.IsConditional ? 20 : 16, samples.shape[0]);
        var audio = ToWaveforms(samples.narrow(0, 0, count));
        var sounds = Enumerable.Range(0, count).Select(index =>
        {
            var one = samples.narrow(0, index, 1);
            var label = run.Model.IsConditional ? $"sample {index}: digit {index % run.Model.ClassCount}" : $"sample {index}";
            return new SoundClip(label, WavFile.ToBytes(audio[index].data<float>().ToArray(), SpokenDigits.SampleRate), SpectrogramGrid(one, 1));
        }).ToList();
        return new SampleView(caption, SpectrogramGrid(samples, 8), null) { Sounds = sounds };
    }

    /// <inheritdoc />
    public override byte[]? Snapshot(Tensor fixedSamples)
    {
        using var first = fixedSamples.narrow(0, 0, Math.Min(16, fixedSamples.shape[0]));
        return SpectrogramGrid(first, 8);
    }

    /// <inheritdoc />
    public override IRunMeter? CreateMeter(IReadOnlyList<string> names, EvaluationSettings settings, Action<string>? report)
    {
        CheckMetricNames(names);
        return new SpeechMeter(this, ImageEvaluator.For(Audio.ClassifierSplits(report), report, settings.Samples), names);
    }

    /// <inheritdoc />
    public override RunEvaluation Evaluate(TrainingRun run, int? samples, Action<string>? report) =>
        AudioRunEvaluator.Evaluate(run, this, samples ?? ImageEvaluator.DefaultSampleCount, report);

    /// <summary>Log-mel images [N, 1, 32, 64] of the generator's audio for <paramref name="count"/> seeded noise vectors.</summary>
    public (Tensor Images, Tensor Audio, Tensor? Labels) GeneratedLogMel(GanModel model, int count, long seed)
    {
        using var generated = GeneratedImages.Draw(model, count, seed);
        var audio = ToWaveforms(generated.Images);
        return (Spectrograms.LogMelImages(audio), audio, generated.Labels?.clone());
    }

    // Per frequency bin over every clip and frame (SpecGAN's normalisation), clipped to 3 deviations, scaled to [-1, 1].
    private static Tensor Normalise(Tensor logMagnitudes, Tensor mean, Tensor deviation) =>
        ((logMagnitudes - mean) / (ClipDeviations * deviation)).clamp(-1, 1).unsqueeze(1);

    /// <inheritdoc />
    public override void Dispose()
    {
        base.Dispose();
        Clips.Waveforms.Dispose();
        binMean.Dispose();
        binDeviation.Dispose();
    }

    private sealed class SpeechMeter(AudioRunData data, ImageEvaluator evaluator, IReadOnlyList<string> names) : IRunMeter
    {
        public IReadOnlyDictionary<string, double> Reference => evaluator.Floor.ToMetrics();

        public IReadOnlyDictionary<string, double> Measure(TrainingRun run, int samples)
        {
            var (images, audio, labels) = data.GeneratedLogMel(run.Model, evaluator.SampleCount, ImageRunEvaluator.NoiseSeed);
            using (images) using (audio) using (labels)
            {
                var all = evaluator.Score(images).ToMetrics();
                return names.ToDictionary(name => name, name => all[name]);
            }
        }

        public void Dispose() => evaluator.Dispose();
    }
}
