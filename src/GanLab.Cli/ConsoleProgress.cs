using System.Diagnostics;
using GanLab.Training;

namespace GanLab.Cli;

/// <summary>
/// A progress bar with rate, ETA and current losses on stderr. In a terminal it redraws one line; when stderr is
/// redirected (CI logs) it prints a line every 10% or 15 seconds instead of flooding the log.
/// </summary>
internal sealed class ConsoleProgress(int firstStep, int targetStep) : ITrainingHook
{
    private readonly Stopwatch clock = Stopwatch.StartNew();
    private readonly bool interactive = !Console.IsErrorRedirected;
    private TimeSpan lastDrawn = TimeSpan.MinValue;
    private int lastDecile = -1;

    public void OnStep(Trainer trainer, HistoryRow row)
    {
        Report(row.Step, Describe(row));
        // A metrics recorder ahead of this hook may have attached measurements to the step's row.
        if (trainer.History.Rows[^1].Metrics is { } metrics)
        {
            if (interactive) Console.Error.WriteLine();
            Console.Error.WriteLine($"step {row.Step} metrics: {string.Join(" ", metrics.Select(pair => $"{pair.Key} {pair.Value:G4}"))}");
        }
    }

    /// <summary>The step's values in a few words: an MLE step's NLL, an adversarial step's losses and D's outputs.</summary>
    public static string Describe(HistoryRow row)
    {
        if (double.IsNaN(row.DiscriminatorLoss)) return $"{row.Phase} g_loss {row.GeneratorLoss:F3}";
        var text = $"{row.Phase} d_loss {row.DiscriminatorLoss:F3} g_loss {row.GeneratorLoss:F3} D(x) {row.DiscriminatorReal:F2} D(G(z)) {row.DiscriminatorFake:F2}";
        if (!double.IsNaN(row[Columns.Temperature])) text += $" tau {row[Columns.Temperature]:F2}";
        return double.IsNaN(row[Columns.Epsilon]) ? text : text + $" epsilon {row[Columns.Epsilon]:F2}";
    }

    /// <summary>Draws the bar for <paramref name="step"/> with <paramref name="details"/> after the ETA.</summary>
    public void Report(int step, string details)
    {
        var done = step - firstStep;
        var total = Math.Max(1, targetStep - firstStep);
        var fraction = Math.Clamp(done / (double)total, 0, 1);
        var elapsed = clock.Elapsed;
        var finished = step >= targetStep;
        var decile = (int)(fraction * 10);
        var due = interactive
            ? elapsed - lastDrawn > TimeSpan.FromMilliseconds(100)
            : decile != lastDecile || elapsed - lastDrawn > TimeSpan.FromSeconds(15);
        if (!due && !finished) return;
        lastDrawn = elapsed;
        lastDecile = decile;
        var rate = done / Math.Max(elapsed.TotalSeconds, 1e-9);
        var remaining = rate > 0 ? TimeSpan.FromSeconds((targetStep - step) / rate) : TimeSpan.Zero;
        const int width = 24;
        var filled = (int)Math.Round(fraction * width);
        var line = $"[{new string('#', filled)}{new string('-', width - filled)}] {fraction,4:P0} step {step}/{targetStep} " +
                   $"{rate:F1} step/s ETA {Format(remaining)} | {details}";
        if (interactive) Console.Error.Write("\r" + line.PadRight(Math.Min(Console.WindowWidth > 0 ? Console.WindowWidth - 1 : 160, 160)));
        else Console.Error.WriteLine(line);
        if (finished && interactive) Console.Error.WriteLine();
    }

    private static string Format(TimeSpan span) => span.TotalHours >= 1 ? span.ToString(@"h\:mm\:ss") : span.ToString(@"m\:ss");

    /// <summary>A token cancelled by the first Ctrl+C (training stops after the current step and still writes
    /// everything); a second Ctrl+C kills the process.</summary>
    public static CancellationTokenSource CancelOnFirstCtrlC()
    {
        var cancellation = new CancellationTokenSource();
        Console.CancelKeyPress += (_, arguments) =>
        {
            arguments.Cancel = !cancellation.IsCancellationRequested;
            cancellation.Cancel();
        };
        return cancellation;
    }
}
