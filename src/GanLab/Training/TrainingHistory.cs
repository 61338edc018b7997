using System.Globalization;
using System.Text;

namespace GanLab.Training;

/// <summary>One training step's record: the step, its phase, the named scalars its step reported, and evaluation metrics
/// when they were measured after it. Names follow pytorch/examples dcgan (d_loss, g_loss, d_real = D(x), d_fake = D(G(z))).</summary>
/// <param name="Step">1-based step over all phases.</param>
/// <param name="Phase">Name of the phase the step belongs to ("adversarial", "mle", ...).</param>
/// <param name="Values">What the step reported, by column name; NaN (empty in the CSV) where a value was not measured.</param>
/// <param name="Metrics">Evaluation metrics measured after this step, or null.</param>
public sealed record HistoryRow(int Step, string Phase, IReadOnlyDictionary<string, double> Values, IReadOnlyDictionary<string, double>? Metrics = null)
{
    /// <summary>The value of column <paramref name="name"/>, NaN when the step did not report it.</summary>
    public double this[string name] => Values.TryGetValue(name, out var value) ? value : double.NaN;
    /// <summary>d_loss: D's loss in its last update of the step.</summary>
    public double DiscriminatorLoss => this[Columns.DiscriminatorLoss];
    /// <summary>g_loss: G's loss (MLE steps: NLL per token).</summary>
    public double GeneratorLoss => this[Columns.GeneratorLoss];
    /// <summary>d_real = D(x): mean probability (cross-entropy losses) or mean raw score.</summary>
    public double DiscriminatorReal => this[Columns.DiscriminatorReal];
    /// <summary>d_fake = D(G(z)) on the batch D saw.</summary>
    public double DiscriminatorFake => this[Columns.DiscriminatorFake];
    /// <summary>L2 norm of G's gradients (NaN on steps that did not measure it).</summary>
    public double GeneratorGradientNorm => this[Columns.GeneratorGradientNorm];
    /// <summary>L2 norm of D's gradients (NaN on steps that did not measure it).</summary>
    public double DiscriminatorGradientNorm => this[Columns.DiscriminatorGradientNorm];
}

/// <summary>The column names steps report under.</summary>
public static class Columns
{
    /// <summary>D's loss.</summary>
    public const string DiscriminatorLoss = "d_loss";
    /// <summary>G's loss.</summary>
    public const string GeneratorLoss = "g_loss";
    /// <summary>D(x).</summary>
    public const string DiscriminatorReal = "d_real";
    /// <summary>D(G(z)).</summary>
    public const string DiscriminatorFake = "d_fake";
    /// <summary>G's gradient norm.</summary>
    public const string GeneratorGradientNorm = "g_grad_norm";
    /// <summary>D's gradient norm.</summary>
    public const string DiscriminatorGradientNorm = "d_grad_norm";
    /// <summary>Gumbel-softmax temperature of relaxed text generators.</summary>
    public const string Temperature = "temperature";
    /// <summary>Privacy spent so far by a DP-SGD discriminator (epsilon at the phase's delta).</summary>
    public const string Epsilon = "epsilon";

    /// <summary>The columns every history.csv has, in this order, after step and phase (scripts rely on them).</summary>
    public static IReadOnlyList<string> Standard { get; } = new[] { DiscriminatorLoss, GeneratorLoss, DiscriminatorReal, DiscriminatorFake, GeneratorGradientNorm, DiscriminatorGradientNorm };
}

/// <summary>The per-step record of a run of any family; written as history.csv.</summary>
public sealed class TrainingHistory
{
    private readonly List<HistoryRow> rows = new();

    /// <summary>All rows, oldest first.</summary>
    public IReadOnlyList<HistoryRow> Rows => rows;

    /// <summary>Appends a row.</summary>
    public void Add(HistoryRow row) => rows.Add(row);

    /// <summary>Attaches metrics to the newest row (merged with any measured there before).</summary>
    public void SetMetrics(IReadOnlyDictionary<string, double> metrics)
    {
        var merged = rows[^1].Metrics?.ToDictionary(pair => pair.Key, pair => pair.Value) ?? new Dictionary<string, double>();
        foreach (var (name, value) in metrics) merged[name] = value;
        rows[^1] = rows[^1] with { Metrics = merged };
    }

    /// <summary>Step columns beyond the standard ones (e.g. temperature), in the order they first appeared.</summary>
    public IReadOnlyList<string> ExtraColumns => rows.SelectMany(row => row.Values.Keys).Distinct().Where(name => !Columns.Standard.Contains(name)).ToList();

    /// <summary>Metric names in the order they first appeared.</summary>
    public IReadOnlyList<string> MetricNames => rows.Where(row => row.Metrics is not null).SelectMany(row => row.Metrics!.Keys).Distinct().ToList();

    /// <summary>Names of the phases in the order they appear.</summary>
    public IReadOnlyList<string> Phases => rows.Select(row => row.Phase).Distinct().ToList();

    /// <summary>(step, value) of one metric wherever it was measured.</summary>
    public IReadOnlyList<(int Step, double Value)> Series(string metric) =>
        rows.Where(row => row.Metrics?.ContainsKey(metric) == true).Select(row => (row.Step, row.Metrics![metric])).ToList();

    /// <summary>The last metrics measured at or before the end of phase <paramref name="phase"/>, or null.</summary>
    public IReadOnlyDictionary<string, double>? MetricsAtEndOf(string phase) =>
        rows.LastOrDefault(row => row.Phase == phase && row.Metrics is not null)?.Metrics;

    /// <summary>Replaces the content (used when resuming).</summary>
    public void Restore(IEnumerable<HistoryRow> saved)
    {
        rows.Clear();
        rows.AddRange(saved);
    }

    /// <summary>The CSV text: step, phase, the standard columns, other step columns, then one column per metric (empty
    /// where not measured); numbers in round-trip invariant format so equal runs give equal bytes.</summary>
    public string ToCsv()
    {
        var columns = Columns.Standard.Concat(ExtraColumns).ToList();
        var metrics = MetricNames;
        var text = new StringBuilder("step,phase");
        foreach (var name in columns.Concat(metrics)) text.Append(',').Append(name);
        text.Append('\n');
        foreach (var row in rows)
        {
            text.Append(row.Step.ToString(CultureInfo.InvariantCulture)).Append(',').Append(row.Phase);
            foreach (var name in columns) text.Append(',').Append(Format(row[name]));
            foreach (var name in metrics)
                text.Append(',').Append(row.Metrics is not null && row.Metrics.TryGetValue(name, out var value) ? Format(value) : "");
            text.Append('\n');
        }
        return text.ToString();
    }

    /// <summary>A history read back from history.csv (step, phase, then one column per value; empty = not measured;
    /// columns after the step columns are kept as values too): for sweep collections and comparisons of finished runs.</summary>
    /// <exception cref="InvalidDataException">Not a GanLab history; the message names the line.</exception>
    public static TrainingHistory FromCsv(string text, string source)
    {
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        if (lines.Length == 0 || !lines[0].StartsWith("step,phase,", StringComparison.Ordinal))
            throw new InvalidDataException($"{source}: not a GanLab history (expected a header starting step,phase,).");
        var names = lines[0].Split(',');
        var history = new TrainingHistory();
        for (var index = 1; index < lines.Length; index++)
        {
            var cells = lines[index].Split(',');
            if (cells.Length != names.Length || !int.TryParse(cells[0], NumberStyles.None, CultureInfo.InvariantCulture, out var step))
                throw new InvalidDataException($"{source}: line {index + 1} has {cells.Length} cells for {names.Length} columns or no step number.");
            var values = new Dictionary<string, double>();
            for (var column = 2; column < names.Length; column++)
                values[names[column]] = cells[column].Length == 0 ? double.NaN : double.Parse(cells[column], CultureInfo.InvariantCulture);
            history.Add(new HistoryRow(step, cells[1], values));
        }
        return history;
    }

    /// <summary>Round-trip invariant number, empty for NaN (not measured).</summary>
    public static string Format(double value) => double.IsNaN(value) ? "" : value.ToString("R", CultureInfo.InvariantCulture);
}
