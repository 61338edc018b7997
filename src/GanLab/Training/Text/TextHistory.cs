using System.Globalization;
using System.Text;

namespace GanLab.Training.Text;

/// <summary>One generator step of a text run.</summary>
/// <param name="Step">1-based step over both phases.</param>
/// <param name="Phase">"mle" or "adversarial".</param>
/// <param name="GeneratorLoss">MLE: NLL per token; SeqGAN: policy-gradient loss; Gumbel: G's GAN loss.</param>
/// <param name="DiscriminatorLoss">D's loss of its last update in the step (NaN in MLE steps).</param>
/// <param name="DiscriminatorReal">Mean D(x) of that update.</param>
/// <param name="DiscriminatorFake">Mean D(G(z)) of that update.</param>
/// <param name="Temperature">Gumbel-softmax temperature (NaN for other methods).</param>
/// <param name="Metrics">Text metrics measured after this step, or null.</param>
public sealed record TextHistoryRow(int Step, string Phase, double GeneratorLoss, double DiscriminatorLoss, double DiscriminatorReal,
    double DiscriminatorFake, double Temperature, IReadOnlyDictionary<string, double>? Metrics = null);

/// <summary>The per-step record of a text run; history.csv has a column per metric, empty where not measured.</summary>
public sealed class TextHistory
{
    private const string FixedColumns = "step,phase,g_loss,d_loss,d_real,d_fake,temperature";
    private readonly List<TextHistoryRow> rows = new();

    /// <summary>All rows, oldest first.</summary>
    public IReadOnlyList<TextHistoryRow> Rows => rows;

    /// <summary>Appends a row.</summary>
    public void Add(TextHistoryRow row) => rows.Add(row);

    /// <summary>Attaches metrics to the newest row.</summary>
    public void SetMetrics(IReadOnlyDictionary<string, double> metrics) => rows[^1] = rows[^1] with { Metrics = metrics };

    /// <summary>Metric names in the order they first appeared.</summary>
    public IReadOnlyList<string> MetricNames => MetricColumns.Names(rows.Select(row => row.Metrics));

    /// <summary>(step, value) of one metric wherever it was measured.</summary>
    public IReadOnlyList<(int Step, double Value)> Series(string metric) => MetricColumns.Series(rows.Select(row => (row.Step, row.Metrics)), metric);

    /// <summary>The CSV text (invariant culture, round-trip numbers).</summary>
    public string ToCsv()
    {
        var metrics = MetricNames;
        var text = new StringBuilder(FixedColumns);
        MetricColumns.AppendNames(text, metrics);
        text.Append('\n');
        foreach (var row in rows)
        {
            text.Append(row.Step.ToString(CultureInfo.InvariantCulture)).Append(',').Append(row.Phase);
            foreach (var value in new[] { row.GeneratorLoss, row.DiscriminatorLoss, row.DiscriminatorReal, row.DiscriminatorFake, row.Temperature })
                text.Append(',').Append(MetricColumns.Format(value));
            MetricColumns.AppendValues(text, row.Metrics, metrics);
            text.Append('\n');
        }
        return text.ToString();
    }
}
