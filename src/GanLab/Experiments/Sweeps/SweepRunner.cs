using System.Diagnostics;
using System.Text.Json;
using GanLab.Core;

namespace GanLab.Experiments.Sweeps;

/// <summary>What a finished trial left in its folder's done.json.</summary>
/// <param name="Index">Trial index.</param>
/// <param name="Seed">Its seed.</param>
/// <param name="Values">Axis values by axis name.</param>
/// <param name="Settings">The `--set` assignments it trained with.</param>
/// <param name="Metrics">The collected metrics of its evaluation, and its last history row's d_loss and g_loss.</param>
/// <param name="Steps">Steps trained.</param>
/// <param name="Seconds">Wall time of training and evaluation.</param>
public sealed record TrialResult(int Index, long Seed, IReadOnlyDictionary<string, string> Values, IReadOnlyList<string> Settings,
    IReadOnlyDictionary<string, double> Metrics, int Steps, double Seconds);

/// <summary>Runs sweep trials: one in this process (what every executor ends up calling), or all of them on this
/// machine as concurrent `ganlab sweep run --index I` processes that split the cores.</summary>
public static class SweepRunner
{
    /// <summary>The marker a trial writes when it is done; its presence makes a rerun skip the trial.</summary>
    public const string DoneFileName = "done.json";

    /// <summary>Trial <paramref name="index"/>'s folder under <paramref name="output"/>.</summary>
    public static string TrialFolder(string output, int index) => Path.Combine(output, $"trial-{index}");

    /// <summary>Trains trial <paramref name="index"/> into output/trial-I (resuming exactly if it was killed before),
    /// evaluates it and writes done.json atomically; a trial already done is returned as it is.</summary>
    public static TrialResult RunTrial(SweepFile sweep, int index, string output, string device = "cpu", int threads = 0, Action<string>? progress = null)
    {
        var trials = sweep.Trials();
        if (index < 0 || index >= trials.Count) throw new ArgumentException($"--index must be 0 to {trials.Count - 1} for this sweep of {trials.Count} trials, got {index}.", "index");
        var folder = TrialFolder(output, index);
        var done = Path.Combine(folder, DoneFileName);
        if (File.Exists(done)) return ReadResult(done);
        using var hold = FolderLock.Acquire(folder);
        var clock = Stopwatch.StartNew();
        var trial = trials[index];
        var preset = sweep.PresetFor(trial);
        if (threads > 0) preset = preset with { Training = preset.Training with { Threads = threads } };
        // A trial killed part-way resumes from its checkpoint: the result is the one a straight run gives.
        using var run = File.Exists(Path.Combine(folder, TrainingRun.CheckpointRelativePath)) ? TrainingRun.Resume(folder, device) : TrainingRun.Start(preset, device);
        if (threads > 0) Threads.Use(threads);
        progress?.Invoke($"trial {index}: {string.Join(", ", trial.Values.Select(pair => $"{pair.Key} {pair.Value}"))}, seed {trial.Seed}");
        run.Train(folder);
        run.WriteOutputs(folder);
        var evaluation = run.Evaluate();
        var metrics = evaluation.Metrics.Where(pair => sweep.Metrics is not { Count: > 0 } wanted || wanted.Contains(pair.Key)).ToDictionary(pair => pair.Key, pair => pair.Value);
        var last = run.Trainer.History.Rows[^1];
        foreach (var (name, value) in last.Values.Where(pair => pair.Key is Training.Columns.DiscriminatorLoss or Training.Columns.GeneratorLoss && double.IsFinite(pair.Value)))
            metrics[name] = value;
        var result = new TrialResult(index, trial.Seed, trial.Values, trial.Settings, metrics, run.Trainer.Step, Math.Round(clock.Elapsed.TotalSeconds, 1));
        AtomicFile.WriteAllText(done, GanLabJson.Serialize(result));
        return result;
    }

    /// <summary>Reads a trial's done.json.</summary>
    public static TrialResult ReadResult(string path)
    {
        try { return JsonSerializer.Deserialize<TrialResult>(File.ReadAllText(path), GanLabJson.Options) ?? throw new JsonException("null"); }
        catch (JsonException error) { throw new InvalidDataException($"{path}: not a trial result ({error.Message}).", error); }
    }

    /// <summary>Runs every trial not done yet as `ganlab sweep run --index I` processes, <paramref name="jobs"/> at a
    /// time, each with its share of the cores as libtorch threads; returns the indexes that failed.</summary>
    /// <param name="sweepPath">The sweep file, as the trial processes read it.</param>
    /// <param name="sweep">The sweep.</param>
    /// <param name="output">The sweep's folder.</param>
    /// <param name="jobs">Trials at once.</param>
    /// <param name="device">cpu or cuda.</param>
    /// <param name="cli">How to start GanLab's command line: the program and the arguments before "sweep".</param>
    /// <param name="progress">A line per started and finished trial.</param>
    public static IReadOnlyList<int> RunLocal(string sweepPath, SweepFile sweep, string output, int jobs, string device, (string Program, IReadOnlyList<string> Prefix) cli, Action<string> progress)
    {
        Guard.InRange(jobs, 1, 256, "--jobs");
        var pending = sweep.Trials().Where(trial => !File.Exists(Path.Combine(TrialFolder(output, trial.Index), DoneFileName))).Select(trial => trial.Index).ToList();
        var threads = Math.Max(1, Environment.ProcessorCount / jobs);
        progress($"{pending.Count} of {sweep.Trials().Count} trials to run, {Math.Min(jobs, Math.Max(1, pending.Count))} at a time, {threads} libtorch thread(s) each");
        var running = new List<(int Index, Process Process, StreamWriter Log, Stopwatch Clock)>();
        var failed = new List<int>();
        while (pending.Count > 0 || running.Count > 0)
        {
            while (running.Count < jobs && pending.Count > 0)
            {
                var index = pending[0];
                pending.RemoveAt(0);
                var (process, log) = Start(cli, sweepPath, output, index, threads, device);
                running.Add((index, process, log, Stopwatch.StartNew()));
            }
            Thread.Sleep(200);
            foreach (var finished in running.Where(item => item.Process.HasExited).ToList())
            {
                running.Remove(finished);
                // Waits for the last lines of its output too, then closes its log.
                finished.Process.WaitForExit();
                lock (finished.Log) finished.Log.Dispose();
                var ok = finished.Process.ExitCode == 0;
                if (!ok) failed.Add(finished.Index);
                progress($"trial {finished.Index} {(ok ? "done" : $"failed (exit {finished.Process.ExitCode}, see {Path.Combine(TrialFolder(output, finished.Index), LogFileName)})")} in {finished.Clock.Elapsed.TotalSeconds:F0} s");
                finished.Process.Dispose();
            }
        }
        return failed;
    }

    /// <summary>What a trial run by the local executor printed, in its folder.</summary>
    public const string LogFileName = "log.txt";

    private static (Process, StreamWriter) Start((string Program, IReadOnlyList<string> Prefix) cli, string sweepPath, string output, int index, int threads, string device)
    {
        var folder = Directory.CreateDirectory(TrialFolder(output, index)).FullName;
        var start = new ProcessStartInfo(cli.Program) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in cli.Prefix.Concat(new[] { "sweep", "run", sweepPath, "--index", index.ToString(System.Globalization.CultureInfo.InvariantCulture),
                     "--out", output, "--threads", threads.ToString(System.Globalization.CultureInfo.InvariantCulture), "--device", device }))
            start.ArgumentList.Add(argument);
        var process = Process.Start(start) ?? throw new IOException($"could not start {cli.Program}.");
        // Each trial's messages go to its folder; the pipes are drained so a full pipe never blocks it.
        var log = new StreamWriter(Path.Combine(folder, LogFileName)) { AutoFlush = true };
        process.ErrorDataReceived += (_, line) => { if (line.Data is not null) lock (log) log.WriteLine(line.Data); };
        process.OutputDataReceived += (_, line) => { if (line.Data is not null) lock (log) log.WriteLine(line.Data); };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        return (process, log);
    }
}
