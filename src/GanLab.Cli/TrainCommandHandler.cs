using System.Globalization;
using GanLab.Core;
using GanLab.Experiments;
using GanLab.Training;

namespace GanLab.Cli;

/// <summary>`ganlab train`: start (from a built-in preset or a preset file) or resume a run of any family, show
/// progress, write the outputs. A run holds its folder while it trains (one run per folder).</summary>
internal static class TrainCommandHandler
{
    /// <summary>Exit code after Ctrl+C, as shells expect (128 + SIGINT).</summary>
    public const int InterruptedExitCode = 130;

    public static int Start(string? presetArgument, TrainingOverrides overrides, string device, string? output, int? stopAt, bool overwrite)
    {
        if (string.IsNullOrWhiteSpace(presetArgument))
            throw new ArgumentException("train needs a PRESET (see `ganlab presets`), a preset file (PRESET.json) or --resume RUN_FOLDER.", "preset");
        var preset = overrides.ApplyTo(PresetFiles.IsFile(presetArgument) ? PresetFiles.Load(presetArgument) : Presets.Find(presetArgument));
        preset.Validate();
        CheckStopAt(stopAt, 0, preset.Training.TotalSteps);
        var folder = OutputFolder(output ?? Path.Combine("runs", preset.Name));
        using var hold = FolderLock.Acquire(folder);
        if (!overwrite && File.Exists(Path.Combine(folder, TrainingRun.CheckpointRelativePath)))
            throw new IOException($"{folder} already holds a run; continue it with `ganlab train --resume {folder}`, train into another --out, or give --overwrite to replace it.");
        // Start first: a missing data set or device fails with its one error line before anything else is printed.
        using var run = TrainingRun.Start(preset, device);
        Prepare(run, hold);
        Console.Error.WriteLine($"training {preset.Name} for {Plan(run.Trainer.Plan)} on {device}; output: {Path.GetFullPath(folder)}");
        Console.Error.WriteLine($"data: {run.DataSource}");
        return Execute(run, folder, stopAt);
    }

    public static int Resume(string runFolder, string? presetArgument, TrainingOverrides overrides, string device, string? output, int? stopAt)
    {
        if (!overrides.OnlySteps)
            throw new ArgumentException("with --resume only --steps (additional steps), --stop-at, --device and --out may be given; the run keeps its settings.", "resume");
        overrides.Validate();
        var folder = OutputFolder(output ?? runFolder);
        using var hold = FolderLock.Acquire(Path.GetFullPath(folder) == Path.GetFullPath(runFolder) ? folder : runFolder);
        using var run = TrainingRun.Resume(runFolder, device);
        if (presetArgument is not null && presetArgument != run.Preset.Name)
            throw new ArgumentException($"{runFolder} is a run of preset {run.Preset.Name}, not {presetArgument}; give --resume alone, or train {presetArgument} into another folder.", "preset");
        if (overrides.Steps is { } additional) run.Trainer.Extend(additional);
        else if (run.Trainer.Finished)
            throw new ArgumentException($"{runFolder}: the run has done all {run.Trainer.Plan.TotalSteps} planned steps; give --steps N to train N more.", "steps");
        CheckStopAt(stopAt, run.Trainer.Step, run.Trainer.Plan.TotalSteps);
        Prepare(run, hold);
        Console.Error.WriteLine($"resuming {run.Preset.Name} at step {run.Trainer.Step} of {Plan(run.Trainer.Plan)}; output: {Path.GetFullPath(folder)}");
        return Execute(run, folder, stopAt);
    }

    // The meter first: unknown metric names fail before any other output, and a classifier trained on first use says so.
    private static void Prepare(TrainingRun run, FolderLock hold)
    {
        run.Progress = message => Console.Error.WriteLine(message);
        if (hold.TookOverStale) Console.Error.WriteLine("note: the folder's lock was left by a run that no longer exists; taking it over.");
        _ = run.Meter;
    }

    private static int Execute(TrainingRun run, string folder, int? stopAt)
    {
        if (run.Meter is { } meter && meter.Reference.Count > 0)
            Console.Error.WriteLine($"metrics every {run.Preset.Evaluation.Every} steps and at the end of each phase; real data scores: {Format(meter.Reference)}");
        using var cancellation = ConsoleProgress.CancelOnFirstCtrlC();
        try
        {
            run.Train(folder, new[] { new ConsoleProgress(run.Trainer.Step, stopAt ?? run.Trainer.Plan.TotalSteps) }, stopAt, cancellation.Token);
        }
        catch (TrainingDivergedException)
        {
            run.WriteHistory(folder);
            Console.Error.WriteLine($"history kept in {Path.Combine(folder, "history.csv")}; the last good checkpoint (if any) is {Path.Combine(folder, TrainingRun.CheckpointRelativePath)}.");
            throw;
        }
        run.WriteOutputs(folder);
        var history = run.Trainer.History;
        foreach (var phase in run.Trainer.Plan.Phases.SkipLast(1))
            if (history.MetricsAtEndOf(phase.Name) is { } ended) Console.WriteLine($"end of {phase.Name}: {Format(ended)}");
        if (run.LatestMetrics is { } latest) Console.WriteLine($"last measured (step {history.Rows.Last(row => row.Metrics is not null).Step}): {Format(latest)}");
        Console.WriteLine($"wall time: {string.Join(", ", run.PhaseSeconds.Select(pair => $"{pair.Key} {pair.Value:F0} s"))}");
        Console.WriteLine($"report: {Path.GetFullPath(Path.Combine(folder, "report.html"))}");
        Console.WriteLine($"samples: {Path.GetFullPath(Path.Combine(folder, run.Data.SamplesFileName))}");
        if (cancellation.IsCancellationRequested)
        {
            Console.Error.WriteLine($"interrupted at step {run.Trainer.Step} of {run.Trainer.Plan.TotalSteps}; every output is written; continue with: ganlab train --resume {folder}");
            return InterruptedExitCode;
        }
        if (!run.Trainer.Finished)
            Console.WriteLine($"stopped at step {run.Trainer.Step} of {run.Trainer.Plan.TotalSteps}; continue with: ganlab train --resume {folder}");
        return 0;
    }

    // --out must be a folder GanLab can create: not empty, not a file, not inside a file.
    private static string OutputFolder(string folder)
    {
        if (string.IsNullOrWhiteSpace(folder)) throw new ArgumentException("--out must name a folder, got an empty value.", "out");
        if (File.Exists(folder)) throw new ArgumentException($"--out {folder} is a file, not a folder.", "out");
        for (var parent = Path.GetDirectoryName(Path.GetFullPath(folder)); !string.IsNullOrEmpty(parent); parent = Path.GetDirectoryName(parent))
            if (File.Exists(parent)) throw new ArgumentException($"--out {folder}: {parent} is a file, so no folder can be made inside it.", "out");
        return folder;
    }

    private static void CheckStopAt(int? stopAt, int done, int total)
    {
        if (stopAt is { } step && (step <= done || step > total))
            throw new ArgumentException($"--stop-at must be a step after {done} and at most the plan's {total}, got {step}.", "stop-at");
    }

    private static string Plan(TrainingPlan plan) => plan.Phases.Count == 1
        ? $"{plan.TotalSteps} steps"
        : $"{plan.TotalSteps} steps ({string.Join(" + ", plan.Phases.Select(phase => $"{phase.Steps} {phase.Name}"))})";

    internal static string Format(IReadOnlyDictionary<string, double> metrics) =>
        string.Join(" ", metrics.Select(pair => $"{pair.Key} {pair.Value.ToString("G4", CultureInfo.InvariantCulture)}"));
}
