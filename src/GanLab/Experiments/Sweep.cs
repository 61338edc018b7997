using GanLab.Training;

namespace GanLab.Experiments;

/// <summary>One cell of a sweep: the two settings' values, what was measured, and the run's history.</summary>
/// <param name="First">Value of the first setting, as text.</param>
/// <param name="Second">Value of the second setting, as text.</param>
/// <param name="Measures">Named results of the measure function.</param>
/// <param name="History">The run's per-step history.</param>
/// <param name="Seconds">Wall time of the run.</param>
public sealed record SweepResult(string First, string Second, IReadOnlyDictionary<string, double> Measures, TrainingHistory History, double Seconds)
{
    /// <summary>"first / second", for legends.</summary>
    public string Label => $"{First} / {Second}";
}

/// <summary>A grid over two settings of a preset: every combination trained with the same seed and measured.</summary>
/// <param name="FirstName">Name of the first setting (e.g. "learning rate").</param>
/// <param name="SecondName">Name of the second setting.</param>
/// <param name="Results">Results, first setting varying slowest.</param>
public sealed record SweepResults(string FirstName, string SecondName, IReadOnlyList<SweepResult> Results)
{
    /// <summary>A heatmap of one measure over the grid (first setting down, second across), values written in the cells.</summary>
    public Viz.PlotlyFigure Heatmap(string measure, bool higherIsBetter = true) =>
        Viz.SweepCharts.Heatmap(FirstName, SecondName, Results.Select(result => (result.First, result.Second, result.Measures.TryGetValue(measure, out var value) ? value : (double?)null)).ToList(), measure, higherIsBetter);
}

/// <summary>Runs hyperparameter grids from notebooks or code.</summary>
public static class Sweep
{
    /// <summary>Trains <paramref name="preset"/> for <paramref name="steps"/> steps for every pair of values and measures each run.</summary>
    public static SweepResults Grid<TFirst, TSecond>(
        Preset preset, int steps,
        string firstName, IReadOnlyList<TFirst> firstValues, Func<Preset, TFirst, Preset> applyFirst,
        string secondName, IReadOnlyList<TSecond> secondValues, Func<Preset, TSecond, Preset> applySecond,
        Func<TrainingRun, IReadOnlyDictionary<string, double>> measure, string device = "cpu", Action<string>? progress = null)
    {
        if (firstValues.Count == 0 || secondValues.Count == 0) throw new ArgumentException("each setting needs at least one value.", nameof(firstValues));
        var results = new List<SweepResult>();
        foreach (var first in firstValues)
        foreach (var second in secondValues)
        {
            var variant = applySecond(applyFirst(preset, first), second);
            variant = variant.WithSteps(steps);
            variant = variant with { Training = variant.Training with { SampleEvery = 0 } };
            progress?.Invoke($"{firstName} = {first}, {secondName} = {second} ({results.Count + 1}/{firstValues.Count * secondValues.Count})");
            var clock = System.Diagnostics.Stopwatch.StartNew();
            using var run = TrainingRun.Start(variant, device);
            run.Trainer.Train();
            results.Add(new SweepResult(Format(first), Format(second), measure(run), run.Trainer.History, clock.Elapsed.TotalSeconds));
        }
        return new SweepResults(firstName, secondName, results);
    }

    private static string Format<T>(T value) => value is IFormattable formattable
        ? formattable.ToString(null, System.Globalization.CultureInfo.InvariantCulture)
        : value?.ToString() ?? "";
}
