using System.Diagnostics;
using System.Text.Json;
using GanLab.Core;
using GanLab.Models.Text;
using GanLab.Training;
using GanLab.Training.Text;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace GanLab.Experiments.Text;

/// <summary>
/// A text preset trained into an output folder: config.json, history.csv (losses and text metrics over steps),
/// samples.txt, summary.json (the MLE baseline, final metrics, wall time per phase), report.html and
/// checkpoint/state.ganlab (network weights for `ganlab eval`).
/// </summary>
public sealed class TextRun : IDisposable
{
    private readonly Module<Tensor, Tensor> generatorModule;
    private readonly Generator random;
    private readonly Stopwatch clock = new();
    private readonly Dictionary<string, double> phaseSeconds = new(StringComparer.Ordinal);

    private TextRun(TextPreset preset, TextTask task, Module<Tensor, Tensor> generator, Module<Tensor, Tensor>? discriminator, TextGanTrainer trainer, Generator random, string device)
    {
        Preset = preset;
        Task = task;
        generatorModule = generator;
        Discriminator = discriminator;
        Trainer = trainer;
        this.random = random;
        DeviceName = device;
    }

    /// <summary>The experiment (with overrides).</summary>
    public TextPreset Preset { get; }
    /// <summary>Data and metrics.</summary>
    public TextTask Task { get; }
    /// <summary>The generator.</summary>
    public ITextGenerator Generator => (ITextGenerator)generatorModule;
    /// <summary>The discriminator (null for MLE).</summary>
    public Module<Tensor, Tensor>? Discriminator { get; }
    /// <summary>The trainer (step, history).</summary>
    public TextGanTrainer Trainer { get; }
    /// <summary>"cpu" or "cuda".</summary>
    public string DeviceName { get; }
    /// <summary>Metrics at the end of MLE pretraining (the run's own MLE baseline), once reached.</summary>
    public IReadOnlyDictionary<string, double>? BaselineMetrics { get; private set; }
    /// <summary>Metrics of the last evaluation.</summary>
    public IReadOnlyDictionary<string, double>? LatestMetrics { get; private set; }
    /// <summary>Wall-clock seconds spent per phase so far (evaluations included).</summary>
    public IReadOnlyDictionary<string, double> PhaseSeconds => phaseSeconds;

    /// <summary>Seeds, loads the data, builds the networks and the trainer.</summary>
    public static TextRun Start(TextPreset preset, string device = "cpu")
    {
        preset.Validate();
        var torchDevice = Devices.Parse(device);
        var task = TextTask.Load(preset.DataSet, preset.Model.SequenceLength, preset.Model.MinimumVocabularySize);
        try
        {
            var random = Seeding.SeedEverything(preset.Training.Seed);
            var (generator, discriminator) = BuildNetworks(preset, task);
            var trainer = new TextGanTrainer(preset.Method, (ITextGenerator)generator, discriminator, task.Training, preset.Training, torchDevice, random);
            return new TextRun(preset, task, generator, discriminator, trainer, random, device);
        }
        catch
        {
            task.Dispose();
            throw;
        }
    }

    /// <summary>Fresh networks for a preset: an LSTM language model (MLE, SeqGAN, with SeqGAN's CNN D) or the Gumbel GRU pair.</summary>
    public static (Module<Tensor, Tensor> Generator, Module<Tensor, Tensor>? Discriminator) BuildNetworks(TextPreset preset, TextTask task)
    {
        var model = preset.Model;
        var vocabularySize = task.VocabularySize;
        // The oracle's own start input is id 0; real text uses the vocabulary's start token.
        var startToken = task.Vocabulary?.StartId ?? 0;
        switch (preset.Method)
        {
            case TextMethod.Gumbel:
                var config = new GumbelTextGanConfig
                {
                    LatentSize = model.LatentSize, SequenceLength = model.SequenceLength, VocabularySize = vocabularySize,
                    EmbeddingSize = model.EmbeddingSize, HiddenSize = model.HiddenSize, Layers = model.Layers,
                    InitialTemperature = model.InitialTemperature, FinalTemperature = model.FinalTemperature,
                };
                config.Validate();
                return (new GumbelGruGenerator(config), new GruDiscriminator(vocabularySize, model.HiddenSize, model.Layers));
            case TextMethod.SeqGan:
                return (new LstmLanguageModel(vocabularySize, model.EmbeddingSize, model.HiddenSize, startToken, model.SequenceLength),
                    new CnnTextDiscriminator(vocabularySize, model.SequenceLength, model.DiscriminatorEmbeddingSize, model.DiscriminatorFilterScale));
            default:
                return (new LstmLanguageModel(vocabularySize, model.EmbeddingSize, model.HiddenSize, startToken, model.SequenceLength), null);
        }
    }

    /// <summary>
    /// Trains to the end of the schedule (or <paramref name="targetStep"/>), measuring the text metrics every
    /// EvaluateEvery steps, at the end of pretraining (the MLE baseline) and at the end (FinalEvaluationSamples).
    /// </summary>
    public void Train(Action<TextHistoryRow>? progress = null, int? targetStep = null, CancellationToken cancellation = default)
    {
        var target = Math.Min(targetStep ?? Preset.Training.TotalSteps, Preset.Training.TotalSteps);
        var config = Preset.Training;
        while (Trainer.Step < target && !cancellation.IsCancellationRequested)
        {
            var phase = Trainer.InPretraining ? "mle" : "adversarial";
            clock.Restart();
            var row = Trainer.TrainStep();
            var step = row.Step;
            var endOfPretraining = step == config.PretrainSteps && config.AdversarialSteps > 0;
            var final = step == config.TotalSteps;
            if (final || endOfPretraining || (config.EvaluateEvery > 0 && step % config.EvaluateEvery == 0))
            {
                Evaluate(final ? config.FinalEvaluationSamples : endOfPretraining ? Math.Max(config.EvaluationSamples, config.FinalEvaluationSamples) : config.EvaluationSamples);
                if (endOfPretraining) BaselineMetrics = LatestMetrics;
            }
            phaseSeconds[phase] = phaseSeconds.GetValueOrDefault(phase) + clock.Elapsed.TotalSeconds;
            progress?.Invoke(Trainer.History.Rows[^1]);
        }
    }

    /// <summary>Measures the generator now with <paramref name="count"/> samples and attaches the metrics to the last history row.</summary>
    public IReadOnlyDictionary<string, double> Evaluate(int count)
    {
        // Its own stream per step: the training sequence does not depend on how often the run is measured.
        using var evaluationRandom = new Generator(unchecked((ulong)(Preset.Training.Seed * 7919 + Trainer.Step)));
        var wasTraining = generatorModule.training;
        generatorModule.eval();
        try { LatestMetrics = Task.Evaluate(Generator, count, evaluationRandom); }
        finally { if (wasTraining) generatorModule.train(); }
        if (Trainer.History.Rows.Count > 0) Trainer.History.SetMetrics(LatestMetrics);
        return LatestMetrics;
    }

    /// <summary>Draws <paramref name="count"/> samples as text (a fixed stream: the same lines for the same weights).</summary>
    public IReadOnlyList<string> SampleLines(int count, long seed = 12345)
    {
        using var scope = NewDisposeScope();
        using var sampleRandom = new Generator(unchecked((ulong)seed));
        return Task.Decode(Generator.SampleTokens(count, sampleRandom));
    }

    /// <summary>Writes config.json, history.csv, samples.txt, summary.json, report.html and the checkpoint.</summary>
    public void WriteOutputs(string outputFolder)
    {
        Directory.CreateDirectory(outputFolder);
        AtomicFile.WriteAllText(Path.Combine(outputFolder, "config.json"), SettingsJson());
        AtomicFile.WriteAllText(Path.Combine(outputFolder, "history.csv"), Trainer.History.ToCsv());
        var samples = SampleLines(200);
        AtomicFile.WriteAllText(Path.Combine(outputFolder, "samples.txt"), string.Join('\n', samples) + "\n");
        AtomicFile.WriteAllText(Path.Combine(outputFolder, "summary.json"), SummaryJson());
        SaveCheckpoint(outputFolder);
        TextRunReport.Write(this, samples, Path.Combine(outputFolder, "report.html"));
    }

    /// <summary>summary.json: what the README's results table quotes.</summary>
    public string SummaryJson() => JsonSerializer.Serialize(new
    {
        preset = Preset.Name,
        method = Preset.Method.ToString(),
        data = Task.Source,
        steps = Trainer.Step,
        pretrainSteps = Math.Min(Trainer.Step, Preset.Training.PretrainSteps),
        adversarialSteps = Math.Max(0, Trainer.Step - Preset.Training.PretrainSteps),
        secondsPerPhase = phaseSeconds,
        mleBaseline = BaselineMetrics,
        final = LatestMetrics,
        realText = Task.RealTextReference(),
    }, Training.Trainer.JsonOptions);

    /// <summary>The settings as JSON.</summary>
    public string SettingsJson() => JsonSerializer.Serialize(new
    {
        textPreset = Preset,
        device = DeviceName,
        dataSource = Task.Source,
        torchSharp = typeof(torch).Assembly.GetName().Version?.ToString(),
    }, Training.Trainer.JsonOptions);

    /// <summary>Saves the networks' weights and the preset (atomically) for `ganlab eval`.</summary>
    public void SaveCheckpoint(string outputFolder)
    {
        var metadata = JsonSerializer.Serialize(new { textPreset = Preset, step = Trainer.Step }, Training.Trainer.JsonOptions);
        var content = new CheckpointContent { Metadata = metadata };
        foreach (var (name, value) in NamedWeights()) content.Tensors[name] = value;
        CheckpointFile.Write(Path.Combine(outputFolder, TrainingRun.CheckpointRelativePath), content);
    }

    /// <summary>True when <paramref name="runFolder"/>'s checkpoint belongs to a text run.</summary>
    public static bool IsTextRun(string runFolder)
    {
        var path = Path.Combine(runFolder, TrainingRun.CheckpointRelativePath);
        var content = CheckpointFile.Read(path);
        foreach (var tensor in content.Tensors.Values) tensor.Dispose();
        using var document = JsonDocument.Parse(content.Metadata);
        return document.RootElement.TryGetProperty("textPreset", out _);
    }

    /// <summary>Rebuilds a finished run from its folder (weights loaded, no training state) for evaluation.</summary>
    public static TextRun Load(string runFolder, string device = "cpu")
    {
        var path = Path.Combine(runFolder, TrainingRun.CheckpointRelativePath);
        var content = CheckpointFile.Read(path);
        try
        {
            TextPreset preset;
            int step;
            try
            {
                using var document = JsonDocument.Parse(content.Metadata);
                preset = document.RootElement.GetProperty("textPreset").Deserialize<TextPreset>(Training.Trainer.JsonOptions) ?? throw new JsonException("no preset");
                step = document.RootElement.GetProperty("step").GetInt32();
            }
            catch (Exception error) when (error is JsonException or KeyNotFoundException or InvalidOperationException)
            {
                throw new InvalidDataException($"{path}: not a text run's checkpoint, or its settings are unreadable ({error.Message}).", error);
            }
            var run = Start(preset, device);
            var live = run.NamedWeights().ToDictionary(pair => pair.Name, pair => pair.Value);
            Training.Trainer.CheckCompatible(path, live, content.Tensors, requiresRandomState: false);
            using (no_grad())
                foreach (var (name, target) in live) target.copy_(content.Tensors[name]);
            run.loadedStep = step;
            return run;
        }
        finally
        {
            foreach (var tensor in content.Tensors.Values) tensor.Dispose();
        }
    }

    private int? loadedStep;

    /// <summary>The step of the loaded weights (from a checkpoint) or the trainer's step.</summary>
    public int WeightsStep => loadedStep ?? Trainer.Step;

    private IEnumerable<(string Name, Tensor Value)> NamedWeights()
    {
        foreach (var (name, value) in generatorModule.state_dict()) yield return ("generator." + name, value);
        if (Discriminator is null) yield break;
        foreach (var (name, value) in Discriminator.state_dict()) yield return ("discriminator." + name, value);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Trainer.Dispose();
        generatorModule.Dispose();
        Discriminator?.Dispose();
        Task.Dispose();
        random.Dispose();
    }
}
