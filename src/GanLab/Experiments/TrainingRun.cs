using System.Text.Json;
using System.Text.Json.Nodes;
using GanLab.Core;
using GanLab.Experiments.DataKinds;
using GanLab.Models;
using GanLab.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace GanLab.Experiments;

/// <summary>
/// A preset trained into an output folder, the same for every family: config.json, history.csv, samples.png or
/// samples.txt, summary.json, report.html and checkpoint/state.ganlab. Used by `ganlab train`, notebooks and tests.
/// </summary>
public sealed class TrainingRun : IDisposable
{
    /// <summary>Checkpoint file inside a run folder.</summary>
    public const string CheckpointRelativePath = "checkpoint/state.ganlab";

    private readonly Generator random;
    private readonly List<(int Step, byte[] Png)> snapshots = new();
    private readonly Dictionary<string, double> phaseSeconds = new(StringComparer.Ordinal);
    private IRunMeter? meter;
    private bool meterMade;

    private TrainingRun(Preset preset, RunData data, GanModel model, Trainer trainer, Generator random, string device)
    {
        Preset = preset;
        Data = data;
        Model = model;
        Trainer = trainer;
        this.random = random;
        DeviceName = device;
    }

    /// <summary>The experiment (with any overrides applied; the plan in force is <see cref="Trainer"/>'s).</summary>
    public Preset Preset { get; }
    /// <summary>The loaded data and its kind's pictures, metrics and evaluation.</summary>
    public RunData Data { get; }
    /// <summary>Where the training data came from.</summary>
    public string DataSource => Data.Source;
    /// <summary>The networks.</summary>
    public GanModel Model { get; }
    /// <summary>The trainer (history, step, checkpoints).</summary>
    public Trainer Trainer { get; }
    /// <summary>"cpu" or "cuda".</summary>
    public string DeviceName { get; }
    /// <summary>Fixed-noise sample renders taken during training (PNG), oldest first.</summary>
    public IReadOnlyList<(int Step, byte[] Png)> Snapshots => snapshots;
    /// <summary>Wall-clock seconds spent per phase so far (measurements included), over every session of the run.</summary>
    public IReadOnlyDictionary<string, double> PhaseSeconds => phaseSeconds;
    /// <summary>The metrics measured last, or null.</summary>
    public IReadOnlyDictionary<string, double>? LatestMetrics => Trainer.History.Rows.LastOrDefault(row => row.Metrics is not null)?.Metrics;
    /// <summary>What real data scores on the recorded metrics (image floor, real text lines), or null without metrics.</summary>
    public IReadOnlyDictionary<string, double>? MetricReference => Meter?.Reference;

    /// <summary>The meter of the preset's metrics (made on first use: an image meter may train its classifier), or null.</summary>
    public IRunMeter? Meter
    {
        get
        {
            if (meterMade) return meter;
            var names = Preset.Evaluation.Metrics ?? Data.DefaultMetrics;
            meter = names.Count == 0 ? null : Data.CreateMeter(names, Preset.Evaluation, Progress);
            meterMade = true;
            return meter;
        }
    }

    /// <summary>Where the run reports slow preparations (a classifier trained on first use); null = silent.</summary>
    public Action<string>? Progress { get; set; }

    /// <summary>Loads the data, seeds, builds the model and the trainer.</summary>
    public static TrainingRun Start(Preset preset, string device = "cpu")
    {
        preset.Validate();
        var torchDevice = Devices.Parse(device);
        Threads.Use(preset.Training.Threads);
        var data = preset.Data.Load(preset.Model, preset.Training.Seed);
        try
        {
            var random = Seeding.SeedEverything(preset.Training.Seed);
            var model = data.Model.Build();
            using var examples = data.TrainingExamples(model);
            Trainer trainer;
            try { trainer = new Trainer(model, examples, preset.Training, torchDevice, random, data.Labels); }
            catch (ArgumentException error) when (error.ParamName is "data" or "labels")
            {
                // Name the data: the user knows the file or data set, not the tensor.
                throw new ArgumentException($"{data.Source}: {Guard.Text(error)}", "data", error);
            }
            return new TrainingRun(preset, data, model, trainer, random, device);
        }
        catch
        {
            data.Dispose();
            throw;
        }
    }

    /// <summary>Rebuilds a run from its folder's checkpoint so that training continues exactly where it stopped (or,
    /// for `ganlab eval`, so that its generator can be measured).</summary>
    public static TrainingRun Resume(string runFolder, string device = "cpu")
    {
        var path = Path.Combine(runFolder, CheckpointRelativePath);
        if (!File.Exists(path))
            throw new FileNotFoundException($"{path}: no checkpoint to resume from (is '{runFolder}' a run folder written by `ganlab train`?).", path);
        RunRecord saved;
        using (var metadata = Trainer.ReadMetadata(path)) saved = metadata.Read<RunRecord>("run");
        var run = Start(saved.Preset, device);
        try
        {
            if (saved.DataFingerprint != run.Data.Fingerprint)
                throw new InvalidDataException($"{path}: the run was trained on other data ({saved.DataSource}, fingerprint {saved.DataFingerprint[..Math.Min(12, saved.DataFingerprint.Length)]}...) than is found now ({run.DataSource}, {run.Data.Fingerprint[..12]}...); resuming would not continue the same run.");
            // Tensors are read against the rebuilt model: nothing is allocated that the model does not have.
            run.Trainer.LoadCheckpoint(path);
            foreach (var (phase, seconds) in saved.PhaseSeconds) run.phaseSeconds[phase] = seconds;
            return run;
        }
        catch
        {
            run.Dispose();
            throw;
        }
    }

    /// <summary>Trains until the plan is done or global step <paramref name="stopAt"/>, checkpointing into
    /// <paramref name="outputFolder"/> as planned and measuring the preset's metrics.</summary>
    public void Train(string outputFolder, IEnumerable<ITrainingHook>? hooks = null, int? stopAt = null, CancellationToken cancellation = default)
    {
        // Metrics first, so the checkpoint and the progress line of a measured step carry them.
        if (Meter is { } measuring) Trainer.Hooks.Add(new MetricsHook(this, measuring));
        Trainer.Hooks.Add(new RunRecorder(this, outputFolder));
        if (hooks is not null) Trainer.Hooks.AddRange(hooks);
        try { Trainer.Train(stopAt, cancellation); }
        finally { Trainer.Hooks.Clear(); }
    }

    /// <summary>Measures the run's generator now (the data kind's metrics) and attaches the values to the last history row.</summary>
    public IReadOnlyDictionary<string, double> Measure(int samples)
    {
        var values = (Meter ?? throw new InvalidOperationException($"{Preset.Name} records no metrics during training.")).Measure(this, samples);
        if (Trainer.History.Rows.Count > 0) Trainer.History.SetMetrics(values);
        return values;
    }

    /// <summary>Everything `ganlab eval` measures on this run.</summary>
    public RunEvaluation Evaluate(int? samples = null, Action<string>? report = null) => Data.Evaluate(this, samples, report);

    /// <summary>The run's samples now, as its kind of data shows them.</summary>
    public SampleView Show(string? caption = null) => Data.Show(this, caption ?? $"{Preset.Name} at step {Trainer.Step}");

    /// <summary>Writes config.json, history.csv, the samples, summary.json, the checkpoint and report.html.</summary>
    public void WriteOutputs(string outputFolder)
    {
        Directory.CreateDirectory(outputFolder);
        AtomicFile.WriteAllText(Path.Combine(outputFolder, "config.json"), SettingsJson());
        WriteHistory(outputFolder);
        Data.WriteSamples(this, Path.Combine(outputFolder, Data.SamplesFileName));
        AtomicFile.WriteAllText(Path.Combine(outputFolder, "summary.json"), GanLabJson.Serialize(RunSummary.Of(this)));
        SaveCheckpoint(outputFolder);
        RunReport.Write(this, Path.Combine(outputFolder, "report.html"));
    }

    /// <summary>Writes history.csv (kept up to date even when training stops with an error).</summary>
    public void WriteHistory(string outputFolder) =>
        AtomicFile.WriteAllText(Path.Combine(outputFolder, "history.csv"), Trainer.History.ToCsv());

    /// <summary>Saves the full training state to outputFolder/checkpoint/state.ganlab atomically.</summary>
    public void SaveCheckpoint(string outputFolder) =>
        Trainer.SaveCheckpoint(Path.Combine(outputFolder, CheckpointRelativePath), (JsonObject)JsonSerializer.SerializeToNode(Record(), GanLabJson.Options)!);

    /// <summary>The settings as JSON (preset with the plan in force, device, data, versions).</summary>
    public string SettingsJson() => GanLabJson.Serialize(new
    {
        preset = Preset with { Training = Trainer.Plan },
        device = DeviceName,
        dataSource = DataSource,
        dataFingerprint = Data.Fingerprint,
        torchSharp = typeof(torch).Assembly.GetName().Version?.ToString(),
    });

    /// <summary>Real training examples for plots (toy points or images in [0, 1]), on the CPU.</summary>
    public Tensor RealExamples(int count) => Data.Examples.narrow(0, 0, Math.Min(count, Data.Count)).clone();

    internal void AddSnapshot(int step, Tensor samples)
    {
        if (Data.Snapshot(samples) is { } png) snapshots.Add((step, png));
    }

    internal void AddSeconds(string phase, double seconds) => phaseSeconds[phase] = phaseSeconds.GetValueOrDefault(phase) + seconds;

    private RunRecord Record() => new(Preset, DataSource, Data.Fingerprint, phaseSeconds);

    /// <inheritdoc />
    public void Dispose()
    {
        meter?.Dispose();
        Trainer.Dispose();
        Model.Dispose();
        Data.Dispose();
        random.Dispose();
    }
}

/// <summary>What a run checkpoint holds of the run besides the trainer's state.</summary>
/// <param name="Preset">The preset as started (the trainer holds the plan in force).</param>
/// <param name="DataSource">Where the data came from.</param>
/// <param name="DataFingerprint">SHA-256 of the training data, checked on resume.</param>
/// <param name="PhaseSeconds">Wall time per phase so far.</param>
public sealed record RunRecord(Preset Preset, string DataSource, string DataFingerprint, IReadOnlyDictionary<string, double> PhaseSeconds);
