using System.Text.Json;
using GanLab.Core;
using GanLab.Data;
using GanLab.Models;
using GanLab.Training;
using GanLab.Viz;
using TorchSharp;
using static TorchSharp.torch;

namespace GanLab.Experiments;

/// <summary>
/// A preset trained into an output folder: config.json, history.csv, samples.png, report.html and
/// checkpoint/state.ganlab. Used by `ganlab train`, notebooks and tests.
/// </summary>
public sealed class TrainingRun : IDisposable
{
    /// <summary>Checkpoint file inside a run folder.</summary>
    public const string CheckpointRelativePath = "checkpoint/state.ganlab";

    private readonly Tensor data;
    private readonly Generator random;
    private readonly List<(int Step, byte[] Png)> snapshots = new();

    private TrainingRun(Preset preset, string dataSource, GanModel model, Tensor data, Trainer trainer, Generator random, string device)
    {
        Preset = preset;
        DataSource = dataSource;
        Model = model;
        this.data = data;
        Trainer = trainer;
        this.random = random;
        DeviceName = device;
    }

    /// <summary>The experiment (with any overrides applied).</summary>
    public Preset Preset { get; }
    /// <summary>Where the training data came from.</summary>
    public string DataSource { get; }
    /// <summary>The networks.</summary>
    public GanModel Model { get; }
    /// <summary>The trainer (history, step, checkpoints).</summary>
    public Trainer Trainer { get; }
    /// <summary>"cpu" or "cuda".</summary>
    public string DeviceName { get; }
    /// <summary>Fixed-noise sample renders taken during training (PNG), oldest first.</summary>
    public IReadOnlyList<(int Step, byte[] Png)> Snapshots => snapshots;

    /// <summary>Seeds, loads the data, builds the model and the trainer.</summary>
    public static TrainingRun Start(Preset preset, string device = "cpu")
    {
        preset.Validate();
        var torchDevice = Devices.Parse(device);
        var random = Seeding.SeedEverything(preset.Training.Seed);
        var model = preset.Model.Build();
        var (data, labels, source) = LoadData(preset, model);
        using (labels)
        {
            var trainer = new Trainer(model, data, preset.Training, torchDevice, random, labels);
            return new TrainingRun(preset, source, model, data, trainer, random, device);
        }
    }

    /// <summary>Rebuilds a run from its folder's checkpoint so that training continues exactly where it stopped.</summary>
    public static TrainingRun Resume(string runFolder, string device = "cpu")
    {
        var checkpoint = Path.Combine(runFolder, CheckpointRelativePath);
        if (!File.Exists(checkpoint))
            throw new FileNotFoundException($"{checkpoint}: no checkpoint to resume from (is '{runFolder}' a run folder written by `ganlab train`?).", checkpoint);
        var extra = Trainer.ReadExtraMetadata(checkpoint);
        Preset preset;
        try { preset = extra.GetProperty("preset").Deserialize<Preset>(Trainer.JsonOptions) ?? throw new JsonException("no preset"); }
        catch (Exception error) when (error is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new InvalidDataException($"{checkpoint}: the run's settings are unreadable ({error.Message}).", error);
        }
        var run = Start(preset, device);
        run.Trainer.LoadCheckpoint(checkpoint);
        return run;
    }

    /// <summary>Trains to <paramref name="targetStep"/>, checkpointing into <paramref name="outputFolder"/> as configured.</summary>
    public void Train(int targetStep, string outputFolder, IEnumerable<ITrainingHook>? hooks = null, CancellationToken cancellation = default)
    {
        var recorder = new RunRecorder(this, outputFolder);
        Trainer.Hooks.Add(recorder);
        if (hooks is not null) Trainer.Hooks.AddRange(hooks);
        try { Trainer.Train(targetStep, cancellation); }
        finally { Trainer.Hooks.Clear(); }
    }

    /// <summary>Writes config.json, history.csv, samples.png, report.html and the checkpoint.</summary>
    public void WriteOutputs(string outputFolder)
    {
        Directory.CreateDirectory(outputFolder);
        AtomicFile.WriteAllText(Path.Combine(outputFolder, "config.json"), SettingsJson());
        WriteHistory(outputFolder);
        using (var samples = Trainer.SampleFixed()) WriteSamples(outputFolder, samples);
        SaveCheckpoint(outputFolder);
        RunReport.Write(this, Path.Combine(outputFolder, "report.html"), snapshots);
    }

    /// <summary>Writes history.csv (kept up to date even when training stops with an error).</summary>
    public void WriteHistory(string outputFolder) =>
        AtomicFile.WriteAllText(Path.Combine(outputFolder, "history.csv"), Trainer.History.ToCsv());

    /// <summary>Saves the full training state to outputFolder/checkpoint/state.ganlab atomically.</summary>
    public void SaveCheckpoint(string outputFolder) =>
        Trainer.SaveCheckpoint(Path.Combine(outputFolder, CheckpointRelativePath), $"{{\"preset\":{JsonSerializer.Serialize(Preset, Trainer.JsonOptions)}}}");

    /// <summary>The settings as JSON (preset with overrides, device, versions).</summary>
    public string SettingsJson() => JsonSerializer.Serialize(new
    {
        preset = Preset with { Training = Trainer.Config },
        device = DeviceName,
        dataSource = DataSource,
        torchSharp = typeof(torch).Assembly.GetName().Version?.ToString(),
    }, Trainer.JsonOptions);

    /// <summary>Real training examples for plots (toy points or images in [0, 1]), on the CPU.</summary>
    public Tensor RealExamples(int count)
    {
        using var scope = NewDisposeScope();
        var examples = data.narrow(0, 0, Math.Min(count, data.shape[0]));
        var shown = Model.Range == SampleRange.Unbounded ? examples : Model.ToUnitRange(examples);
        return shown.cpu().MoveToOuterDisposeScope();
    }

    private void WriteSamples(string outputFolder, Tensor samples)
    {
        var path = Path.Combine(outputFolder, "samples.png");
        if (Model.Range == SampleRange.Unbounded)
        {
            using var real = RealExamples((int)samples.shape[0]);
            PointCloud.Save(real, samples, path);
        }
        else ImageGrid.Save(samples, path);
    }

    internal void AddSnapshot(int step, Tensor samples)
    {
        if (Model.Range == SampleRange.Unbounded)
        {
            using var real = RealExamples((int)samples.shape[0]);
            snapshots.Add((step, PointCloud.ToPng(real, samples, 240)));
        }
        else snapshots.Add((step, ImageGrid.ToPng(samples.narrow(0, 0, Math.Min(16, samples.shape[0])), 8, 1)));
    }

    private static (Tensor Data, Tensor? Labels, string Source) LoadData(Preset preset, GanModel model)
    {
        using var scope = NewDisposeScope();
        if (preset.IsToy)
        {
            var toy = ToyDistribution.Find(preset.DataSet["toy:".Length..]);
            // Its own stream: the training generator's sequence does not depend on how the pool was drawn.
            var pool = toy.Sample(65_536, new Generator(unchecked((ulong)preset.Training.Seed) + 7919));
            return (pool.DetachFromDisposeScope(), null, $"{toy.Name} ({toy.Centers.Count} modes, sigma {toy.Sigma})");
        }
        using var images = LoadImages(preset);
        return (model.FromUnitRange(images.Images).DetachFromDisposeScope(), images.Labels.clone().DetachFromDisposeScope(), $"{images.Source}: {images.Count} images");
    }

    /// <summary>A preset's image data set in [0, 1] with labels (Stacked MNIST is built from MNIST with the run's seed).</summary>
    public static ImageDataSet LoadImages(Preset preset)
    {
        if (preset.DataSet != StackedMnist.DataSetName) return ImageDataCatalog.Load(ImageDataCatalog.Find(preset.DataSet));
        using var digits = ImageDataCatalog.Load(ImageDataCatalog.Mnist);
        return StackedMnist.Build(digits, seed: preset.Training.Seed);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Trainer.Dispose();
        Model.Dispose();
        data.Dispose();
        random.Dispose();
    }
}

/// <summary>Checkpoints and snapshots during a run, as its preset asks.</summary>
internal sealed class RunRecorder(TrainingRun run, string outputFolder) : ITrainingHook
{
    public void OnStep(Trainer trainer, HistoryRow row)
    {
        var every = trainer.Config.CheckpointEvery;
        if (every > 0 && row.Step % every == 0)
        {
            run.SaveCheckpoint(outputFolder);
            run.WriteHistory(outputFolder);
        }
    }

    public void OnSamples(Trainer trainer, int step, Tensor samples) => run.AddSnapshot(step, samples);
}
