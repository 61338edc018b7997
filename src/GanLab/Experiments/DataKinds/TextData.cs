using System.Text.Json.Serialization;
using GanLab.Core;
using GanLab.Experiments.Text;
using GanLab.Models;
using GanLab.Models.Text;
using GanLab.Viz;
using TorchSharp;
using static TorchSharp.torch;

namespace GanLab.Experiments.DataKinds;

/// <summary>Text as token sequences: SeqGAN's synthetic oracle, Tang poem lines, English words, or a UTF-8 file of
/// the user's (one sample per line, as characters or words); shown as a table beside real lines, measured by
/// NLL-oracle / NLL-test, BLEU, self-BLEU, novelty and copy rate.</summary>
/// <param name="Corpus">"oracle", "tang", "tang-couplets", "english", "lines" (a file, characters) or "words" (a file, words).</param>
/// <param name="Path">The file for "lines" and "words".</param>
public sealed record TextData(string Corpus, string? Path = null) : DataSpec
{
    private static readonly string[] Builtin = { "oracle", "tang", Data.TangCouplets.DataSetName, "english" };

    /// <summary>The old one-string form ("tang", "lines:PATH", "words:PATH") as a spec.</summary>
    public static TextData FromName(string text) =>
        text.StartsWith("lines:", StringComparison.Ordinal) || text.StartsWith("words:", StringComparison.Ordinal)
            ? new TextData(text[..5], text[6..]) : new TextData(text);

    /// <inheritdoc />
    [JsonIgnore] public override string Title => Path is null ? $"text {Corpus}" : $"text {Corpus}:{Path}";

    /// <summary>The one-string form TextTask reads.</summary>
    [JsonIgnore] public string DataSetName => Path is null ? Corpus : $"{Corpus}:{Path}";

    /// <inheritdoc />
    public override void Validate(string owner)
    {
        if (Builtin.Contains(Corpus))
        {
            if (Path is not null) throw new ArgumentException($"{owner}.path is for corpus lines or words; corpus {Corpus} is built in.", $"{owner}.path");
            return;
        }
        if (Corpus is not ("lines" or "words"))
            throw new ArgumentException($"{owner}.corpus must be oracle, tang, tang-couplets, english, lines (a file, one sample per line, characters) or words (a file, words), got '{Corpus}'.", $"{owner}.corpus");
        if (string.IsNullOrWhiteSpace(Path)) throw new ArgumentException($"{owner}.path must name a UTF-8 text file for corpus {Corpus}.", $"{owner}.path");
    }

    /// <inheritdoc />
    public override void CheckFits(ModelConfig model)
    {
        if (model is not ITextModelConfig)
            throw new ArgumentException($"data {Title} is token sequences: it needs model family text-gru or text-lstm, not {model.GetType().Name.Replace("Config", "")}.", "model");
    }

    /// <inheritdoc />
    public override RunData Load(ModelConfig model, long seed)
    {
        var text = (ITextModelConfig)model;
        var task = TextTask.Load(DataSetName, text.SequenceLength, text.MinimumVocabularySize);
        // The oracle's own start input is id 0; real text uses the vocabulary's start token.
        return new TextRunData(this, text.ForVocabulary(task.VocabularySize, task.Vocabulary?.StartId ?? 0), task, seed);
    }
}

/// <summary>A loaded text task: training sequences, held-out text and the metrics of the task.</summary>
public sealed class TextRunData : RunData
{
    private readonly long seed;

    internal TextRunData(TextData spec, ModelConfig model, TextTask task, long seed) : base(spec, model, task.Training.alias(), null, task.Source)
    {
        Task = task;
        this.seed = seed;
    }

    /// <summary>Sequences, vocabulary or oracle, and the metrics.</summary>
    public TextTask Task { get; }

    /// <inheritdoc />
    public override string SamplesFileName => "samples.txt";

    /// <inheritdoc />
    public override IReadOnlyList<string> MetricNames => Task.MetricNames;

    /// <inheritdoc />
    public override IReadOnlyList<string> DefaultMetrics => Task.MetricNames;

    /// <summary>Draws <paramref name="count"/> samples as text (a fixed stream: the same lines for the same weights).</summary>
    public static IReadOnlyList<string> SampleLines(TrainingRun run, int count, long sampleSeed = 12345)
    {
        var data = (TextRunData)run.Data;
        using var scope = NewDisposeScope();
        using var random = new Generator(unchecked((ulong)sampleSeed));
        return data.Task.Decode(Generator(run).SampleTokens(count, random));
    }

    /// <summary>The text metrics of <paramref name="run"/>'s generator now, with <paramref name="count"/> samples.</summary>
    public IReadOnlyDictionary<string, double> Measure(TrainingRun run, int count)
    {
        // Its own stream per step: the training sequence does not depend on how often the run is measured.
        using var random = new Generator(unchecked((ulong)(seed * 7919 + run.Trainer.Step)));
        var module = run.Model.SamplingGenerator;
        var wasTraining = module.training;
        module.eval();
        try { return Task.Evaluate(Generator(run), count, random); }
        finally { if (wasTraining) module.train(); }
    }

    /// <inheritdoc />
    public override void WriteSamples(TrainingRun run, string path) =>
        AtomicFile.WriteAllText(path, string.Join('\n', SampleLines(run, 200)) + "\n");

    /// <inheritdoc />
    public override SampleView Show(TrainingRun run, string caption)
    {
        var heldOut = Task.HeldOutLines.Count > 0 ? Task.HeldOutLines : Task.Decode(Task.HeldOut.narrow(0, 0, 20));
        return new SampleView(caption, null, TextTable.Samples(SampleLines(run, 20), heldOut.Take(20).ToList()));
    }

    /// <inheritdoc />
    public override IRunMeter? CreateMeter(IReadOnlyList<string> names, EvaluationSettings settings, Action<string>? report)
    {
        CheckMetricNames(names);
        return new TextMeter(this, names);
    }

    /// <inheritdoc />
    public override RunEvaluation Evaluate(TrainingRun run, int? samples, Action<string>? report)
    {
        var count = samples ?? run.Preset.Evaluation.FinalSamples;
        if (count < 2) throw new ArgumentException($"samples must be at least 2, got {count}.", "samples");
        report?.Invoke($"evaluating {run.Preset.Name} at step {run.Trainer.Step} with {count} samples ({Task.Source})");
        var examples = SampleLines(run, 5);
        return new RunEvaluation(run.Preset.Name, "text", ((TextData)Spec).Title, run.Trainer.Step, count, Measure(run, count), Task.RealTextReference(),
            Task.Oracle is null ? "training lines (real text)" : "", new Dictionary<string, object?> { ["examples"] = examples })
        {
            Notes = examples.Select(line => "example: " + line).ToList(),
        };
    }

    // G's average when the run keeps one (model.generatorAverage), as image runs sample, report and evaluate; the raw G
    // with `eval --raw-generator`.
    private static ITextGenerator Generator(TrainingRun run) =>
        run.Model.SamplingGenerator as ITextGenerator ?? throw new InvalidOperationException("a text run's generator must be a text generator.");

    /// <inheritdoc />
    public override void Dispose()
    {
        base.Dispose();
        Task.Dispose();
    }

    private sealed class TextMeter(TextRunData data, IReadOnlyList<string> names) : IRunMeter
    {
        public IReadOnlyDictionary<string, double> Reference => data.Task.RealTextReference();

        public IReadOnlyDictionary<string, double> Measure(TrainingRun run, int samples)
        {
            // In the order the task measures them, so history.csv's columns read nll, BLEU, self-BLEU, ...
            return data.Measure(run, samples).Where(pair => names.Contains(pair.Key)).ToDictionary(pair => pair.Key, pair => pair.Value);
        }

        public void Dispose() { }
    }
}
