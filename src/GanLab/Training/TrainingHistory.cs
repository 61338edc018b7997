using System.Globalization;
using System.Text;

namespace GanLab.Training;

/// <summary>One generator step's record. Names follow pytorch/examples dcgan.</summary>
/// <param name="Step">1-based generator step.</param>
/// <param name="DiscriminatorLoss">d_loss of the last discriminator update in the step.</param>
/// <param name="GeneratorLoss">g_loss.</param>
/// <param name="DiscriminatorReal">d_real = D(x): mean probability (cross-entropy losses) or mean raw score.</param>
/// <param name="DiscriminatorFake">d_fake = D(G(z)) on the batch the discriminator saw.</param>
/// <param name="GeneratorGradientNorm">L2 norm of all generator gradients (vanishing gradients show here); NaN (empty in
/// the CSV) on steps where <see cref="TrainingConfig.GradientNormEvery"/> skipped the measurement.</param>
/// <param name="DiscriminatorGradientNorm">L2 norm of all discriminator gradients; NaN where not measured.</param>
/// <param name="Metrics">Evaluation metrics measured after this step (`ganlab train --metrics`), or null.</param>
public sealed record HistoryRow(int Step, double DiscriminatorLoss, double GeneratorLoss, double DiscriminatorReal,
    double DiscriminatorFake, double GeneratorGradientNorm, double DiscriminatorGradientNorm,
    IReadOnlyDictionary<string, double>? Metrics = null);

/// <summary>The per-step record of a run; written as history.csv.</summary>
public sealed class TrainingHistory
{
    /// <summary>The CSV header's fixed columns, stable for scripts; measured metrics follow as extra columns.</summary>
    public const string CsvHeader = "step,d_loss,g_loss,d_real,d_fake,g_grad_norm,d_grad_norm";

    private readonly List<HistoryRow> rows = new();

    /// <summary>All rows, oldest first.</summary>
    public IReadOnlyList<HistoryRow> Rows => rows;

    /// <summary>Appends a row.</summary>
    public void Add(HistoryRow row) => rows.Add(row);

    /// <summary>Attaches metrics to the newest row.</summary>
    public void SetMetrics(IReadOnlyDictionary<string, double> metrics) => rows[^1] = rows[^1] with { Metrics = metrics };

    /// <summary>Metric names in the order they first appeared.</summary>
    public IReadOnlyList<string> MetricNames => MetricColumns.Names(rows.Select(row => row.Metrics));

    /// <summary>(step, value) of one metric wherever it was measured.</summary>
    public IReadOnlyList<(int Step, double Value)> Series(string metric) => MetricColumns.Series(rows.Select(row => (row.Step, row.Metrics)), metric);

    /// <summary>Replaces the content (used when resuming).</summary>
    public void Restore(IEnumerable<HistoryRow> saved)
    {
        rows.Clear();
        rows.AddRange(saved);
    }

    /// <summary>The CSV text, numbers in round-trip invariant format so equal runs give equal bytes.</summary>
    public string ToCsv()
    {
        var metrics = MetricNames;
        var text = new StringBuilder(CsvHeader);
        MetricColumns.AppendNames(text, metrics);
        text.Append('\n');
        foreach (var row in rows)
        {
            text.Append(row.Step.ToString(CultureInfo.InvariantCulture));
            foreach (var value in new[] { row.DiscriminatorLoss, row.GeneratorLoss, row.DiscriminatorReal, row.DiscriminatorFake, row.GeneratorGradientNorm, row.DiscriminatorGradientNorm })
                text.Append(',').Append(MetricColumns.Format(value));
            MetricColumns.AppendValues(text, row.Metrics, metrics);
            text.Append('\n');
        }
        return text.ToString();
    }
}
