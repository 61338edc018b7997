using System.Diagnostics;
using GanLab.Core;
using GanLab.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace GanLab.Benchmarks;

/// <summary>One reading of a long run's memory.</summary>
/// <param name="Step">Trainer steps done.</param>
/// <param name="WorkingSetMegabytes">Process working set.</param>
/// <param name="LiveTensors">Tensors alive on this thread (TorchSharp's dispose-scope statistics).</param>
public sealed record MemorySample(int Step, double WorkingSetMegabytes, long LiveTensors);

/// <summary>What a long run did to memory.</summary>
/// <param name="Model">Benchmark model name.</param>
/// <param name="Steps">Steps trained.</param>
/// <param name="WarmupSteps">Steps before the baseline reading.</param>
/// <param name="Samples">Readings every <c>Steps / 20</c> steps.</param>
/// <param name="WorkingSetGrowthMegabytes">Mean of the last quarter of readings minus mean of the first quarter (after warm-up).</param>
/// <param name="WorkingSetSpreadMegabytes">Largest minus smallest reading after warm-up.</param>
/// <param name="LiveTensorGrowth">Live tensors at the end minus at the baseline.</param>
/// <param name="Seconds">Wall time.</param>
public sealed record MemoryReport(
    string Model, int Steps, int WarmupSteps, IReadOnlyList<MemorySample> Samples,
    double WorkingSetGrowthMegabytes, double WorkingSetSpreadMegabytes, long LiveTensorGrowth, double Seconds)
{
    /// <summary>Stable: no tensor left alive per step, and the working set grew less than <paramref name="toleranceMegabytes"/>.</summary>
    public bool IsStable(double toleranceMegabytes = 32) => LiveTensorGrowth == 0 && WorkingSetGrowthMegabytes < toleranceMegabytes;
}

/// <summary>Trains a benchmark model for many steps and records working set and live tensors along the way.</summary>
public static class MemoryCheck
{
    /// <summary>Runs <paramref name="steps"/> trainer steps (sampling the fixed grid every 500 steps, as a run does).</summary>
    public static MemoryReport Run(string modelName, int steps, Device device, Action<string>? progress = null)
    {
        Guard.InRange(steps, 20, 10_000_000, nameof(steps));
        var benchmark = TrainingBenchmark.Models.FirstOrDefault(model => model.Name == modelName)
            ?? throw new ArgumentException($"model: unknown benchmark model '{modelName}'; known: {string.Join(", ", TrainingBenchmark.Models.Select(model => model.Name))}.", nameof(modelName));
        var clock = Stopwatch.StartNew();
        var config = new TrainingPlan { BatchSize = benchmark.BatchSize, SampleEvery = 0, CheckpointEvery = 0, Phases = new Phase[] { new AdversarialPhase { Steps = steps } } };
        using var random = Seeding.SeedEverything(1);
        using var model = benchmark.Config.Build();
        using var data = TrainingBenchmark.LoadData(benchmark, model);
        using var trainer = new Trainer(model, data, config, device, random);
        using var process = Process.GetCurrentProcess();
        var interval = Math.Max(1, steps / 20);
        var warmup = interval;
        var samples = new List<MemorySample>();
        while (trainer.Step < steps)
        {
            trainer.TrainStep();
            if (trainer.Step % 500 == 0) trainer.SampleFixed().Dispose();
            if (trainer.Step % interval != 0 && trainer.Step != steps) continue;
            // A full collection first, so managed garbage waiting for the GC is not mistaken for growth.
            GC.Collect();
            GC.WaitForPendingFinalizers();
            process.Refresh();
            var sample = new MemorySample(trainer.Step, Math.Round(process.WorkingSet64 / 1048576.0, 1),
                DisposeScopeManager.Statistics.TensorStatistics.ThreadTotalLiveCount);
            samples.Add(sample);
            progress?.Invoke($"{benchmark.Name}: step {sample.Step}/{steps}, working set {sample.WorkingSetMegabytes} MB, live tensors {sample.LiveTensors}");
        }
        var afterWarmup = samples.Where(sample => sample.Step >= warmup).ToList();
        var baseline = afterWarmup[0];
        // The allocator makes single readings swing by tens of MB; comparing the means of the first and last
        // quarters of the readings sees a trend without being fooled by one swing.
        var quarter = Math.Max(1, afterWarmup.Count / 4);
        var growth = afterWarmup.TakeLast(quarter).Average(sample => sample.WorkingSetMegabytes)
                     - afterWarmup.Take(quarter).Average(sample => sample.WorkingSetMegabytes);
        return new MemoryReport(benchmark.Name, steps, warmup, samples, Math.Round(growth, 1),
            Math.Round(afterWarmup.Max(sample => sample.WorkingSetMegabytes) - afterWarmup.Min(sample => sample.WorkingSetMegabytes), 1),
            afterWarmup[^1].LiveTensors - baseline.LiveTensors, Math.Round(clock.Elapsed.TotalSeconds, 1));
    }
}
