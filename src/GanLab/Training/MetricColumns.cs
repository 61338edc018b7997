using System.Globalization;
using System.Text;

namespace GanLab.Training;

/// <summary>Metrics attached to some history rows, as extra history.csv columns: shared by image and text histories.</summary>
internal static class MetricColumns
{
    /// <summary>Metric names in the order they first appeared.</summary>
    public static IReadOnlyList<string> Names(IEnumerable<IReadOnlyDictionary<string, double>?> rows) =>
        rows.Where(metrics => metrics is not null).SelectMany(metrics => metrics!.Keys).Distinct().ToList();

    /// <summary>(step, value) of one metric wherever it was measured.</summary>
    public static IReadOnlyList<(int Step, double Value)> Series(IEnumerable<(int Step, IReadOnlyDictionary<string, double>? Metrics)> rows, string metric) =>
        rows.Where(row => row.Metrics?.ContainsKey(metric) == true).Select(row => (row.Step, row.Metrics![metric])).ToList();

    /// <summary>Appends ",name" per metric (the header).</summary>
    public static void AppendNames(StringBuilder text, IReadOnlyList<string> names)
    {
        foreach (var name in names) text.Append(',').Append(name);
    }

    /// <summary>Appends ",value" per metric, empty where the row has no measurement.</summary>
    public static void AppendValues(StringBuilder text, IReadOnlyDictionary<string, double>? metrics, IReadOnlyList<string> names)
    {
        foreach (var name in names)
            text.Append(',').Append(metrics is not null && metrics.TryGetValue(name, out var value) ? Format(value) : "");
    }

    /// <summary>Round-trip invariant number, empty for NaN (not measured).</summary>
    public static string Format(double value) => double.IsNaN(value) ? "" : value.ToString("R", CultureInfo.InvariantCulture);
}
