using System.Diagnostics;
using System.Runtime.InteropServices;
using GanLab.Core;
using GanLab.Data;
using GanLab.Models;
using GanLab.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace GanLab.Benchmarks;

/// <summary>How long `ganlab bench` measures.</summary>
public sealed record BenchmarkSettings
{
    /// <summary>Timed repeats per loop (trainer and raw loop interleaved, so drift hits both alike).</summary>
    public int Repeats { get; init; } = 20;
    /// <summary>Target duration of one repeat of one loop; the step count per repeat is derived from the warm-up.</summary>
    public double SecondsPerRepeat { get; init; } = 0.75;
    /// <summary>Untimed steps per loop before timing (so .NET's tiered JIT has optimised both loops and the allocator
    /// is warm), cut short after <see cref="SecondsPerRepeat"/> x 4 for slow models.</summary>
    public int WarmupSteps { get; init; } = 40;
    /// <summary>libtorch intra-op threads while measuring (0 = libtorch's default, one per core). Small models are
    /// bound by per-operation overhead, and one thread each lets two runs share two cores without contention.</summary>
    public int Threads { get; init; }
    /// <summary>Which models (names of <see cref="TrainingBenchmark.Models"/>); empty = all.</summary>
    public IReadOnlyList<string> Only { get; init; } = Array.Empty<string>();

    /// <summary>Throws naming the first invalid field.</summary>
    public void Validate()
    {
        Guard.InRange(Repeats, 1, 1000, nameof(Repeats));
        Guard.InRange(SecondsPerRepeat, 0.01, 600, nameof(SecondsPerRepeat));
        Guard.InRange(WarmupSteps, 0, 10_000, nameof(WarmupSteps));
        Guard.InRange(Threads, 0, 1024, nameof(Threads));
        foreach (var name in Only)
            if (TrainingBenchmark.Models.All(model => model.Name != name))
                throw new ArgumentException($"Only: unknown benchmark model '{name}'; known: {string.Join(", ", TrainingBenchmark.Models.Select(model => model.Name))}.", nameof(Only));
    }
}

/// <summary>A model measured by the benchmark: its settings and its data.</summary>
/// <param name="Name">Short name.</param>
/// <param name="Description">What it is.</param>
/// <param name="Config">Network settings.</param>
/// <param name="BatchSize">Examples per step.</param>
/// <param name="DataSet">"mnist" or "toy:NAME".</param>
public sealed record BenchmarkModel(string Name, string Description, ModelConfig Config, int BatchSize, string DataSet);

/// <summary>Measures GanLab's trainer against a raw TorchSharp loop doing the same work, in the same process.</summary>
public static class TrainingBenchmark
{
    /// <summary>The models `ganlab bench` measures: the seed MLP, DCGAN-28 and the toy MLP.</summary>
    public static IReadOnlyList<BenchmarkModel> Models { get; } = new[]
    {
        new BenchmarkModel("seed-mlp", "the seed's Keras MLP GAN (784-256-512-1024 G, 1024-512-256 D), batch 64", new MlpGanConfig(), 64, "mnist"),
        new BenchmarkModel("dcgan-28", "DCGAN-28 (ngf = ndf = 64), batch 64", new DcganConfig(), 64, "mnist"),
        new BenchmarkModel("toy", "toy 2-D MLP GAN (3x128 G and D), batch 256, ring data", new ToyGanConfig(), 256, "toy:ring"),
    };

    /// <summary>Runs every selected model, then the matrix-multiply reference; reports progress lines.</summary>
    public static BenchmarkReport Run(BenchmarkSettings settings, Device device, Action<string>? progress = null)
    {
        settings.Validate();
        TorchRuntime.EnsureLoaded();
        if (settings.Threads > 0) set_num_threads(settings.Threads);
        var selected = Models.Where(model => settings.Only.Count == 0 || settings.Only.Contains(model.Name)).ToList();
        var results = selected.Select(model => Measure(model, settings, device, progress)).ToList();
        progress?.Invoke("matrix multiply reference");
        const int size = 1024;
        var matmul = MatrixMultiplyGigaflops(size, settings.Repeats, device);
        using var process = Process.GetCurrentProcess();
        return new BenchmarkReport(Machine(device), matmul, size, results, Megabytes(process.PeakWorkingSet64));
    }

    /// <summary>Median GFLOP/s of a square float32 matrix multiply (2 n^3 flops) on the device.</summary>
    public static double MatrixMultiplyGigaflops(int size, int repeats, Device device)
    {
        using var scope = NewDisposeScope();
        var left = randn(size, size).to(device);
        var right = randn(size, size).to(device);
        var times = new List<double>();
        for (var repeat = -2; repeat < Math.Max(3, repeats); repeat++)
        {
            var clock = Stopwatch.StartNew();
            using (var product = left.matmul(right)) product.sum().item<float>();
            if (repeat >= 0) times.Add(clock.Elapsed.TotalSeconds);
        }
        return 2.0 * size * size * size / StepTiming.From(times, 1).Median / 1e9;
    }

    private static ModelBenchmark Measure(BenchmarkModel benchmark, BenchmarkSettings settings, Device device, Action<string>? progress)
    {
        progress?.Invoke($"{benchmark.Name}: loading data and building two copies of the model");
        var config = new TrainingPlan { BatchSize = benchmark.BatchSize, SampleEvery = 0, CheckpointEvery = 0, Phases = new Phase[] { new AdversarialPhase { Steps = 1_000_000 } } };
        using var rawRandom = Seeding.SeedEverything(1);
        using var rawModel = benchmark.Config.Build().To(device);
        using var data = LoadData(benchmark, rawModel);
        using var rawData = data.to(device, copy: true);
        using var raw = new RawTrainingLoop(rawModel, rawData, benchmark.BatchSize, rawRandom);
        using var trainerRandom = Seeding.SeedEverything(1);
        using var trainerModel = benchmark.Config.Build();
        using var trainer = new Trainer(trainerModel, data, config, device, trainerRandom);
        // The same trainer on the small-model path (D judges real and generated batches in one pass), where D allows it.
        using var onePassRandom = Seeding.SeedEverything(1);
        using var onePassModel = benchmark.Config.Build();
        var compareOnePass = !onePassModel.DiscriminatorUsesBatchStatistics;
        using var onePass = new Trainer(onePassModel, data, config.With(config.Main<AdversarialPhase>() with { OnePassDiscriminator = compareOnePass }), device, onePassRandom);
        rawModel.Generator.train();
        rawModel.RequiredDiscriminator.train();

        Action trainerStep = () => trainer.TrainStep();
        Action rawStep = raw.Step;
        Action onePassStep = () => onePass.TrainStep();
        var estimate = Math.Max(WarmUp(trainerStep, settings), WarmUp(rawStep, settings));
        if (compareOnePass) WarmUp(onePassStep, settings);
        var stepsPerRepeat = Math.Max(3, (int)Math.Round(settings.SecondsPerRepeat * 1000 / estimate));
        var trainerTimes = new List<double>();
        var rawTimes = new List<double>();
        var trainerSteps = new List<double>();
        var rawSteps = new List<double>();
        var onePassTimes = new List<double>();
        double peak = 0;
        using var process = Process.GetCurrentProcess();
        for (var repeat = 0; repeat < settings.Repeats; repeat++)
        {
            progress?.Invoke($"{benchmark.Name}: repeat {repeat + 1}/{settings.Repeats}, {stepsPerRepeat} steps each loop");
            var trainerRepeat = new List<double>();
            var rawRepeat = new List<double>();
            // Steps alternate A B B A, so both loops meet the same machine state (a noisy neighbour, a frequency change)
            // and neither always runs right after the other.
            for (var index = 0; index < stepsPerRepeat; index++)
            {
                if (index % 2 == 0) { trainerRepeat.Add(TimeSteps(trainerStep, 1)); rawRepeat.Add(TimeSteps(rawStep, 1)); }
                else { rawRepeat.Add(TimeSteps(rawStep, 1)); trainerRepeat.Add(TimeSteps(trainerStep, 1)); }
            }
            if (compareOnePass) onePassTimes.Add(TimeSteps(onePassStep, stepsPerRepeat));
            trainerTimes.Add(trainerRepeat.Average());
            rawTimes.Add(rawRepeat.Average());
            trainerSteps.AddRange(trainerRepeat);
            rawSteps.AddRange(rawRepeat);
            process.Refresh();
            peak = Math.Max(peak, process.WorkingSet64);
        }
        var trainerTiming = StepTiming.From(trainerTimes, stepsPerRepeat);
        var rawTiming = StepTiming.From(rawTimes, stepsPerRepeat);
        // The ratio of the medians over every single step: robust to the few steps a pause or a neighbour disturbed.
        var ratio = StepTiming.From(trainerSteps, 1).Median / StepTiming.From(rawSteps, 1).Median;
        var flops = StepWork.FlopsPerStep(benchmark.Config, trainerModel, benchmark.BatchSize);
        var parameters = trainerModel.Generator.parameters().Concat(trainerModel.RequiredDiscriminator.parameters()).Sum(parameter => parameter.numel());
        return new ModelBenchmark(benchmark.Name, benchmark.Description, benchmark.BatchSize, parameters, trainerTiming, rawTiming,
            ratio, benchmark.BatchSize / (trainerTiming.Median / 1000),
            flops / 1e9, flops / 1e9 / (trainerTiming.Median / 1000), Megabytes((long)peak),
            compareOnePass ? StepTiming.From(onePassTimes, stepsPerRepeat) : null);
    }

    // Runs untimed steps; returns the mean milliseconds of the last few as the estimate for sizing repeats.
    private static double WarmUp(Action step, BenchmarkSettings settings)
    {
        var budget = Stopwatch.StartNew();
        var steps = 0;
        while (steps < settings.WarmupSteps && (steps < 2 || budget.Elapsed.TotalSeconds < settings.SecondsPerRepeat * 4))
        {
            step();
            steps++;
        }
        return TimeSteps(step, 2);
    }

    // Mean milliseconds per step over a run of steps.
    private static double TimeSteps(Action step, int count)
    {
        var clock = Stopwatch.StartNew();
        for (var index = 0; index < count; index++) step();
        return clock.Elapsed.TotalMilliseconds / count;
    }

    // The data in the range of `model` (any model built from the benchmark's config; only its range is used).
    internal static Tensor LoadData(BenchmarkModel benchmark, GanModel model)
    {
        using var scope = NewDisposeScope();
        if (benchmark.DataSet.StartsWith("toy:", StringComparison.Ordinal))
            return ToyDistribution.Find(benchmark.DataSet[4..]).Sample(65_536, new Generator(7)).MoveToOuterDisposeScope();
        using var images = ImageDataCatalog.Load(ImageDataCatalog.Find(benchmark.DataSet));
        return model.FromUnitRange(images.Images).MoveToOuterDisposeScope();
    }

    private static MachineInfo Machine(Device device) => new(
        RuntimeInformation.OSDescription, Environment.ProcessorCount, get_num_threads(), RuntimeInformation.FrameworkDescription,
        typeof(torch).Assembly.GetName().Version?.ToString() ?? "?", typeof(TrainingBenchmark).Assembly.GetName().Version?.ToString() ?? "?",
        device.type.ToString().ToLowerInvariant(), TorchRuntime.OneDnnEnabled);

    private static double Megabytes(long bytes) => Math.Round(bytes / 1024.0 / 1024.0, 1);
}
