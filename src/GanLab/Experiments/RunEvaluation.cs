using System.Text.Json.Serialization;
using GanLab.Core;

namespace GanLab.Experiments;

/// <summary>What `ganlab eval` measured on a run, in one shape for every kind of data (evaluation.json, `--json`).</summary>
/// <param name="Preset">The run's preset name.</param>
/// <param name="Kind">The kind of data: "image", "toy" or "text".</param>
/// <param name="Data">Which data set, in words.</param>
/// <param name="Step">Steps the run had done.</param>
/// <param name="Samples">Generated samples measured.</param>
/// <param name="Metrics">The metrics by name (the same names as history.csv columns).</param>
/// <param name="Reference">The same metrics of real data (image: held-out images against the reference, the
/// real-vs-real floor; text: real training lines), where the kind has one.</param>
/// <param name="ReferenceName">What <paramref name="Reference"/> is, in words.</param>
/// <param name="Details">Kind-specific results (classifier record, memorisation, mode histogram, example lines).</param>
public sealed record RunEvaluation(string Preset, string Kind, string Data, int Step, int Samples,
    IReadOnlyDictionary<string, double> Metrics, IReadOnlyDictionary<string, double> Reference, string ReferenceName,
    IReadOnlyDictionary<string, object?> Details)
{
    /// <summary>Lines for a reader beside the table (what the numbers mean, protocol references).</summary>
    public IReadOnlyList<string> Notes { get; init; } = Array.Empty<string>();

    /// <summary>Pictures to write beside evaluation.json (file name to PNG).</summary>
    [JsonIgnore] public IReadOnlyDictionary<string, byte[]> Pictures { get; init; } = new Dictionary<string, byte[]>();

    /// <summary>Detail <paramref name="name"/> as <typeparamref name="T"/> (e.g. "memorisation" as MemorisationReport).</summary>
    public T Detail<T>(string name) => Details.TryGetValue(name, out var value) && value is T typed ? typed
        : throw new KeyNotFoundException($"this {Kind} evaluation has no detail '{name}' of type {typeof(T).Name} (details: {string.Join(", ", Details.Keys)}).");

    /// <summary>Writes evaluation.json and the pictures into <paramref name="folder"/>, each name after <paramref name="prefix"/>
    /// ("raw-" for the raw G of a run with an average); returns the files written.</summary>
    public IReadOnlyList<string> Write(string folder, string prefix = "")
    {
        var written = new List<string> { Path.Combine(folder, prefix + "evaluation.json") };
        AtomicFile.WriteAllText(written[0], GanLabJson.Serialize(this));
        foreach (var (name, png) in Pictures)
        {
            written.Add(Path.Combine(folder, prefix + name));
            AtomicFile.WriteAllBytes(written[^1], png);
        }
        return written;
    }
}
