namespace GanLab.Benchmarks;

/// <summary>Milliseconds per step over several timed repeats (warm-up excluded).</summary>
/// <param name="Median">Median over repeats of the mean step time within a repeat.</param>
/// <param name="Minimum">Fastest repeat.</param>
/// <param name="Maximum">Slowest repeat.</param>
/// <param name="Repeats">Timed repeats.</param>
/// <param name="StepsPerRepeat">Steps in each repeat.</param>
public sealed record StepTiming(double Median, double Minimum, double Maximum, int Repeats, int StepsPerRepeat)
{
    /// <summary>Summarises per-repeat mean step times.</summary>
    public static StepTiming From(IReadOnlyList<double> repeatMilliseconds, int stepsPerRepeat)
    {
        var sorted = repeatMilliseconds.Order().ToArray();
        var middle = sorted.Length / 2;
        var median = sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
        return new StepTiming(median, sorted[0], sorted[^1], sorted.Length, stepsPerRepeat);
    }
}

/// <summary>One model's figures: GanLab's trainer against the raw loop doing the same work.</summary>
/// <param name="Model">Benchmark name ("seed-mlp", "dcgan-28", "toy").</param>
/// <param name="Description">What was measured.</param>
/// <param name="BatchSize">Examples per step.</param>
/// <param name="Parameters">Trainable parameters of G and D together.</param>
/// <param name="TrainerMilliseconds">GanLab's <see cref="Training.Trainer.TrainStep"/>.</param>
/// <param name="RawLoopMilliseconds">The hand-written loop.</param>
/// <param name="Ratio">Median single-step time of the trainer / that of the raw loop, steps interleaved A B B A: GanLab's overhead (1.00 = none).</param>
/// <param name="SamplesPerSecond">Real examples consumed per second by the trainer.</param>
/// <param name="GigaflopsPerStep">Convolution and matrix-multiply work of one step (multiply-add = 2 flops).</param>
/// <param name="GigaflopsPerSecond">That work divided by the trainer's median step time.</param>
/// <param name="PeakWorkingSetMegabytes">Largest working set seen while this model was measured.</param>
/// <param name="OnePassTrainerMilliseconds">For a D without batch statistics (MLP, toy): the trainer on the small-model
/// path, scoring real and generated batches in one D pass (training.phases.NAME.onePassDiscriminator); null where D
/// has BatchNorm and two passes are the only path.</param>
public sealed record ModelBenchmark(
    string Model, string Description, int BatchSize, long Parameters,
    StepTiming TrainerMilliseconds, StepTiming RawLoopMilliseconds, double Ratio, double SamplesPerSecond,
    double GigaflopsPerStep, double GigaflopsPerSecond, double PeakWorkingSetMegabytes, StepTiming? OnePassTrainerMilliseconds = null);

/// <summary>Everything `ganlab bench` measures in one run.</summary>
/// <param name="Machine">Where it ran.</param>
/// <param name="MatrixMultiplyGigaflopsPerSecond">libtorch's own square float32 matmul speed in this process.</param>
/// <param name="MatrixMultiplySize">Side of the square matrices.</param>
/// <param name="Models">Per-model figures.</param>
/// <param name="PeakWorkingSetMegabytes">The process's peak working set at the end.</param>
public sealed record BenchmarkReport(
    MachineInfo Machine, double MatrixMultiplyGigaflopsPerSecond, int MatrixMultiplySize,
    IReadOnlyList<ModelBenchmark> Models, double PeakWorkingSetMegabytes);

/// <summary>Versions and resources of the measuring machine.</summary>
/// <param name="OperatingSystem">OS description.</param>
/// <param name="ProcessorCount">Logical processors visible to .NET.</param>
/// <param name="TorchThreads">Intra-op threads libtorch uses.</param>
/// <param name="Runtime">.NET runtime.</param>
/// <param name="TorchSharp">TorchSharp assembly version.</param>
/// <param name="GanLab">GanLab assembly version.</param>
/// <param name="Device">Device measured.</param>
/// <param name="OneDnn">Whether libtorch's oneDNN CPU kernels were on (GanLab turns them off unless GANLAB_ONEDNN=1;
/// convolution speeds differ about 2-2.6x between the two).</param>
public sealed record MachineInfo(string OperatingSystem, int ProcessorCount, int TorchThreads, string Runtime, string TorchSharp, string GanLab, string Device, bool OneDnn);
