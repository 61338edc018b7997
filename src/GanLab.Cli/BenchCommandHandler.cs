using System.Globalization;
using System.Text.Json;
using GanLab.Benchmarks;
using GanLab.Core;

namespace GanLab.Cli;

/// <summary>`ganlab bench` and `ganlab bench memory`: figures as a table, or one JSON object with --json.</summary>
internal static class BenchCommandHandler
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        TypeInfoResolver = new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver(),
    };

    public static int Speed(BenchmarkSettings settings, string device, bool json)
    {
        var report = TrainingBenchmark.Run(settings, Devices.Parse(device), line => Console.Error.WriteLine($"bench: {line}"));
        if (json) Console.WriteLine(JsonSerializer.Serialize(report, Json));
        else PrintSpeed(report);
        return 0;
    }

    public static int Memory(string model, int steps, string device, bool json)
    {
        var report = MemoryCheck.Run(model, steps, Devices.Parse(device), line => Console.Error.WriteLine($"memory: {line}"));
        if (json) Console.WriteLine(JsonSerializer.Serialize(new { report, stable = report.IsStable() }, Json));
        else
        {
            foreach (var sample in report.Samples)
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"step {sample.Step,8}  working set {sample.WorkingSetMegabytes,8:F1} MB  live tensors {sample.LiveTensors}"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{report.Model}, {report.Steps} steps in {report.Seconds:F0} s: working set {report.WorkingSetGrowthMegabytes:+0.0;-0.0} MB after step {report.WarmupSteps} " +
                $"(spread {report.WorkingSetSpreadMegabytes:F1} MB), live tensors {report.LiveTensorGrowth:+0;-0;0}: {(report.IsStable() ? "stable" : "GROWING")}"));
        }
        return report.IsStable() ? 0 : 1;
    }

    private static void PrintSpeed(BenchmarkReport report)
    {
        var machine = report.Machine;
        Console.WriteLine($"{machine.OperatingSystem}, {machine.ProcessorCount} cores, {machine.TorchThreads} torch threads, {machine.Runtime}, TorchSharp {machine.TorchSharp}, device {machine.Device}, oneDNN {(machine.OneDnn ? "on" : "off")}");
        Console.WriteLine("model      batch  trainer ms/step (min-max)  one D pass ms/step         raw loop ms/step (min-max)  ratio  samples/s  GFLOP/step  GFLOP/s  peak MB");
        foreach (var model in report.Models)
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{model.Model,-10} {model.BatchSize,5}  {Timing(model.TrainerMilliseconds),-25}  {(model.OnePassTrainerMilliseconds is { } onePass ? Timing(onePass) : "(BatchNorm: two passes)"),-25}  {Timing(model.RawLoopMilliseconds),-26}  {model.Ratio,5:F3}  {model.SamplesPerSecond,9:F0}  {model.GigaflopsPerStep,10:F3}  {model.GigaflopsPerSecond,7:F1}  {model.PeakWorkingSetMegabytes,7:F0}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"matrix multiply {report.MatrixMultiplySize}x{report.MatrixMultiplySize} float32: {report.MatrixMultiplyGigaflopsPerSecond:F1} GFLOP/s; peak working set {report.PeakWorkingSetMegabytes:F0} MB"));
    }

    private static string Timing(StepTiming timing) =>
        string.Create(CultureInfo.InvariantCulture, $"{timing.Median:F2} ({timing.Minimum:F2}-{timing.Maximum:F2})");
}
