using GanLab.Experiments;
using GanLab.Training;

namespace GanLab.Cli;

/// <summary>Command-line overrides of a preset's training settings (null = keep the preset's value).</summary>
internal sealed record TrainingOverrides(int? Steps, int? BatchSize, long? Seed, double? LearningRate, LossKind? Loss, int? DiscriminatorSteps, double? R1Weight, int? CheckpointEvery = null)
{
    public Preset ApplyTo(Preset preset)
    {
        var training = preset.Training;
        if (Steps is { } steps) training = training with { Steps = steps };
        if (BatchSize is { } batchSize) training = training with { BatchSize = batchSize };
        if (Seed is { } seed) training = training with { Seed = seed };
        if (Loss is { } loss) training = training with { Loss = loss };
        if (DiscriminatorSteps is { } discriminatorSteps) training = training with { DiscriminatorSteps = discriminatorSteps };
        if (R1Weight is { } r1Weight) training = training with { R1Weight = r1Weight };
        if (CheckpointEvery is { } checkpointEvery) training = training with { CheckpointEvery = checkpointEvery };
        if (LearningRate is { } rate)
            training = training with
            {
                GeneratorOptimizer = training.GeneratorOptimizer with { LearningRate = rate },
                DiscriminatorOptimizer = training.DiscriminatorOptimizer with { LearningRate = rate },
            };
        return preset with { Training = training };
    }
}

/// <summary>`ganlab train`: start or resume a run, show progress, write the outputs.</summary>
internal static class TrainCommandHandler
{
    public static int Start(string? presetName, TrainingOverrides overrides, string device, string? output, IReadOnlyList<string>? metrics = null, int metricsEvery = 500)
    {
        if (string.IsNullOrWhiteSpace(presetName))
            throw new ArgumentException("train needs a PRESET (see `ganlab presets`) or --resume RUN_FOLDER.", "preset");
        var preset = overrides.ApplyTo(Presets.Find(presetName));
        preset.Validate();
        var folder = output ?? Path.Combine("runs", preset.Name);
        // Start first: a missing data set or device fails with its one error line before anything else is printed.
        using var run = TrainingRun.Start(preset, device);
        Console.Error.WriteLine($"training {preset.Name} for {preset.Training.Steps} steps on {device}; output: {Path.GetFullPath(folder)}");
        Console.Error.WriteLine($"data: {run.DataSource}");
        using var recorder = metrics is null ? null : MetricsRecorder.Create(preset, metrics, metricsEvery, report: message => Console.Error.WriteLine(message));
        if (recorder?.Floor is { } floor)
            Console.Error.WriteLine($"metrics every {metricsEvery} steps: {string.Join(", ", metrics!)}; real-vs-real floor: " +
                string.Join(", ", metrics!.Select(name => $"{name} {floor.ToMetrics()[name]:G4}")));
        return Execute(run, preset.Training.Steps, folder, recorder);
    }

    public static int Resume(string runFolder, TrainingOverrides overrides, string device, string? output)
    {
        if (overrides with { Steps = null } != new TrainingOverrides(null, null, null, null, null, null, null))
            throw new ArgumentException("with --resume only --steps (additional steps), --device and --out may be given; the run keeps its settings.", "resume");
        if (File.Exists(Path.Combine(runFolder, TrainingRun.CheckpointRelativePath)) && Experiments.Text.TextRun.IsTextRun(runFolder))
            throw new ArgumentException($"{runFolder} is a text run; text runs save weights only and cannot be resumed yet: train the preset again with more --steps.", "resume");
        using var run = TrainingRun.Resume(runFolder, device);
        var additional = overrides.Steps ?? throw new ArgumentException("--resume needs --steps N (how many more steps to train).", "steps");
        if (additional <= 0) throw new ArgumentException($"--steps must be positive, got {additional}.", "steps");
        var folder = output ?? runFolder;
        Console.Error.WriteLine($"resuming {run.Preset.Name} at step {run.Trainer.Step} for {additional} more steps; output: {Path.GetFullPath(folder)}");
        return Execute(run, run.Trainer.Step + additional, folder);
    }

    private static int Execute(TrainingRun run, int targetStep, string folder, MetricsRecorder? recorder = null)
    {
        Directory.CreateDirectory(folder);
        using var cancellation = ConsoleProgress.CancelOnFirstCtrlC();
        try
        {
            // The recorder goes first, so the progress line of a measured step can show the metrics.
            var hooks = new List<ITrainingHook>();
            if (recorder is not null) hooks.Add(recorder);
            hooks.Add(new ConsoleProgress(run.Trainer.Step, targetStep));
            run.Train(targetStep, folder, hooks, cancellation.Token);
        }
        catch (TrainingDivergedException)
        {
            run.WriteHistory(folder);
            Console.Error.WriteLine($"history kept in {Path.Combine(folder, "history.csv")}; the last good checkpoint (if any) is {Path.Combine(folder, TrainingRun.CheckpointRelativePath)}.");
            throw;
        }
        run.WriteOutputs(folder);
        Console.WriteLine($"report: {Path.GetFullPath(Path.Combine(folder, "report.html"))}");
        Console.WriteLine($"samples: {Path.GetFullPath(Path.Combine(folder, "samples.png"))}");
        return 0;
    }
}
