using System.Globalization;
using System.Text.Json;
using GanLab.Experiments;
using GanLab.Experiments.Text;
using GanLab.Training;
using GanLab.Training.Text;

namespace GanLab.Cli;

/// <summary>`ganlab train TEXT-PRESET` and `ganlab eval` of a text run.</summary>
internal static class TextCommandHandler
{
    /// <summary>Applies the options that mean something for text runs; the others are refused by name.</summary>
    public static TextPreset ApplyOverrides(TextPreset preset, TrainingOverrides overrides, int? pretrainSteps)
    {
        if (overrides.Loss is not null) throw new ArgumentException("--loss does not apply to text presets (MLE, SeqGAN and Gumbel runs have fixed losses).", "loss");
        if (overrides.CheckpointEvery is not null) throw new ArgumentException("--checkpoint-every does not apply to text presets: they save their weights at the end.", "checkpoint-every");
        var training = preset.Training;
        if (overrides.Steps is { } steps)
            training = preset.Method == TextMethod.MaximumLikelihood ? training with { PretrainSteps = steps } : training with { AdversarialSteps = steps };
        if (pretrainSteps is { } pretrain) training = training with { PretrainSteps = pretrain };
        if (overrides.BatchSize is { } batchSize) training = training with { BatchSize = batchSize };
        if (overrides.Seed is { } seed) training = training with { Seed = seed };
        if (overrides.DiscriminatorSteps is { } discriminatorSteps) training = training with { DiscriminatorSteps = discriminatorSteps };
        if (overrides.R1Weight is { } r1) training = training with { R1Weight = r1 };
        if (overrides.LearningRate is { } rate)
            training = preset.Method == TextMethod.MaximumLikelihood ? training with { PretrainLearningRate = rate } : training with { GeneratorLearningRate = rate, DiscriminatorLearningRate = rate };
        // Short runs (tests, smoke checks) evaluate at their end, not never.
        if (training.EvaluateEvery > training.TotalSteps) training = training with { EvaluateEvery = 0 };
        var result = preset with { Training = training };
        result.Validate();
        return result;
    }

    public static int Train(TextPreset preset, string device, string? output)
    {
        var folder = output ?? Path.Combine("runs", preset.Name);
        using var run = TextRun.Start(preset, device);
        var training = preset.Training;
        Console.Error.WriteLine($"training {preset.Name} ({preset.Method}) for {training.PretrainSteps} MLE + {training.AdversarialSteps} adversarial steps on {device}; output: {Path.GetFullPath(folder)}");
        Console.Error.WriteLine($"data: {run.Task.Source}");
        Directory.CreateDirectory(folder);
        using var cancellation = ConsoleProgress.CancelOnFirstCtrlC();
        var progress = new ConsoleProgress(0, training.TotalSteps);
        try
        {
            run.Train(row =>
            {
                if (row.Metrics is not null) Console.Error.WriteLine($"step {row.Step} ({row.Phase}): {Format(row.Metrics)}");
                progress.Report(row.Step, Describe(row));
            }, cancellation: cancellation.Token);
        }
        catch (TrainingDivergedException)
        {
            File.WriteAllText(Path.Combine(folder, "history.csv"), run.Trainer.History.ToCsv());
            throw;
        }
        if (run.LatestMetrics is null || run.Trainer.History.Rows[^1].Metrics is null) run.Evaluate(training.FinalEvaluationSamples);
        run.WriteOutputs(folder);
        if (run.BaselineMetrics is not null) Console.WriteLine($"end of MLE pretraining: {Format(run.BaselineMetrics)}");
        Console.WriteLine($"final (step {run.Trainer.Step}): {Format(run.LatestMetrics!)}");
        Console.WriteLine($"wall time: {string.Join(", ", run.PhaseSeconds.Select(pair => $"{pair.Key} {pair.Value:F0} s"))}");
        Console.WriteLine($"report: {Path.GetFullPath(Path.Combine(folder, "report.html"))}");
        Console.WriteLine($"samples: {Path.GetFullPath(Path.Combine(folder, "samples.txt"))}");
        return 0;
    }

    public static int Evaluate(string runFolder, int? samples, bool json, string device)
    {
        using var run = TextRun.Load(runFolder, device);
        var count = samples ?? run.Preset.Training.FinalEvaluationSamples;
        if (count < 2) throw new ArgumentException($"--samples must be at least 2, got {count}.", "samples");
        Console.Error.WriteLine($"evaluating {run.Preset.Name} at step {run.WeightsStep} with {count} samples ({run.Task.Source})");
        var metrics = run.Evaluate(count);
        if (json)
        {
            Console.WriteLine(JsonSerializer.Serialize(new
            {
                run = Path.GetFullPath(runFolder), preset = run.Preset.Name, kind = "text", method = run.Preset.Method.ToString(),
                step = run.WeightsStep, samples = count, metrics, realText = run.Task.RealTextReference(), examples = run.SampleLines(5),
            }, Trainer.JsonOptions));
            return 0;
        }
        var width = metrics.Keys.Max(name => name.Length);
        var real = run.Task.RealTextReference();
        Console.WriteLine($"{"metric".PadRight(width)}  {"generated",9}  {(real.Count > 0 ? "real text (training lines)" : "")}");
        foreach (var (name, value) in metrics)
            Console.WriteLine($"{name.PadRight(width)}  {value.ToString("F4", CultureInfo.InvariantCulture),9}  {(real.TryGetValue(name, out var reference) ? reference.ToString("F4", CultureInfo.InvariantCulture) : "")}");
        Console.WriteLine("examples:");
        foreach (var line in run.SampleLines(5)) Console.WriteLine("  " + line);
        return 0;
    }

    private static string Describe(TextHistoryRow row) => row.Phase == "mle"
        ? $"mle nll {row.GeneratorLoss:F3}"
        : $"g_loss {row.GeneratorLoss:F3} d_loss {row.DiscriminatorLoss:F3} D(x) {row.DiscriminatorReal:F2} D(G(z)) {row.DiscriminatorFake:F2}" +
          (double.IsNaN(row.Temperature) ? "" : $" tau {row.Temperature:F2}");

    private static string Format(IReadOnlyDictionary<string, double> metrics) =>
        string.Join(" ", metrics.Select(pair => $"{pair.Key} {pair.Value.ToString("F4", CultureInfo.InvariantCulture)}"));
}
