using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using GanLab.Core;

namespace GanLab.Experiments.Sweeps;

/// <summary>How one sweep axis draws its value in a random search.</summary>
/// <param name="Kind">"uniform", "log-uniform" (between <paramref name="Minimum"/> and <paramref name="Maximum"/>) or
/// "integer" (a whole number between them, both included).</param>
/// <param name="Minimum">Smallest value.</param>
/// <param name="Maximum">Largest value.</param>
public sealed record SweepDistribution(string Kind, double Minimum, double Maximum);

/// <summary>One setting a sweep varies: one or more `--set` paths that get the same value, with a list of values
/// (grid) or a distribution (random search).</summary>
/// <param name="Paths">Preset field paths, as `--set` takes them (e.g. both optimisers' learning rates).</param>
/// <param name="Name">Short name for tables and charts (default: the first path's last part).</param>
/// <param name="Values">Grid values.</param>
/// <param name="Distribution">Random-search distribution.</param>
public sealed record SweepAxis(IReadOnlyList<string> Paths, string? Name = null, IReadOnlyList<JsonNode>? Values = null, SweepDistribution? Distribution = null)
{
    /// <summary>The axis's name in tables.</summary>
    public string Label => Name ?? Paths[0].Split('.')[^1];
}

/// <summary>One trial: its index, its seed and the settings it applies to the base preset.</summary>
/// <param name="Index">0-based position in the sweep (Slurm's SLURM_ARRAY_TASK_ID, Kubernetes' JOB_COMPLETION_INDEX).</param>
/// <param name="Seed">The run's seed.</param>
/// <param name="Values">The axis values by axis name, as text.</param>
/// <param name="Settings">The `--set` assignments, seed included.</param>
public sealed record Trial(int Index, long Seed, IReadOnlyDictionary<string, string> Values, IReadOnlyList<string> Settings);

/// <summary>
/// A sweep as a JSON file: a base preset (name or file), fixed overrides, axes (value lists for a grid, or
/// distributions and a count for a random search), seeds, and the metrics to collect. Every trial is a pure function
/// of the file and its index, so any executor (local processes, a Slurm job array, a Kubernetes Indexed Job) runs the
/// same trial for the same index.
/// </summary>
/// <param name="Name">The sweep's name.</param>
/// <param name="Preset">A preset name or a preset file (relative to the sweep file).</param>
/// <param name="Axes">The settings varied.</param>
/// <param name="Seeds">Run seeds; every combination runs once per seed.</param>
/// <param name="Set">Overrides applied to every trial first.</param>
/// <param name="Count">Random search: combinations drawn (grid sweeps leave it 0).</param>
/// <param name="Metrics">Metric names collected from each finished trial's evaluation (empty: every one it reports).</param>
/// <param name="SamplingSeed">Seed of the random search's draws.</param>
public sealed record SweepFile(string Name, string Preset, IReadOnlyList<SweepAxis> Axes, IReadOnlyList<long> Seeds, IReadOnlyList<string>? Set = null,
    int Count = 0, IReadOnlyList<string>? Metrics = null, long SamplingSeed = 1)
{
    /// <summary>Where the file was read from (relative preset files resolve against it).</summary>
    [System.Text.Json.Serialization.JsonIgnore] public string Folder { get; init; } = ".";

    /// <summary>Reads and checks a sweep file; a wrong field is one line naming it.</summary>
    public static SweepFile Load(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: no such sweep file.", path);
        SweepFile sweep;
        try { sweep = JsonSerializer.Deserialize<SweepFile>(File.ReadAllText(path), GanLabJson.Options) ?? throw new JsonException("the file holds null"); }
        catch (JsonException error) { throw new ArgumentException($"{path}: {(error.Path is { Length: > 1 } at ? at.TrimStart('$', '.') + ": " : "")}{error.Message.Split(" Path:")[0]}", "sweep", error); }
        sweep = sweep with { Folder = Path.GetDirectoryName(Path.GetFullPath(path))! };
        try { sweep.Validate(); }
        catch (ArgumentException error) { throw new ArgumentException($"{path}: {Guard.Text(error)}", error.ParamName, error); }
        return sweep;
    }

    /// <summary>Throws naming the first field that is wrong (including a path the preset does not have).</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Name)) throw new ArgumentException("name must not be empty.", "name");
        if (Axes.Count == 0) throw new ArgumentException("axes must list at least one setting to vary.", "axes");
        if (Seeds.Count == 0) throw new ArgumentException("seeds must list at least one seed.", "seeds");
        var random = Axes.Any(axis => axis.Distribution is not null);
        for (var index = 0; index < Axes.Count; index++)
        {
            var axis = Axes[index];
            var owner = $"axes.{index}";
            if (axis.Paths.Count == 0) throw new ArgumentException($"{owner}.paths must name at least one preset field.", $"{owner}.paths");
            if ((axis.Values is null) == (axis.Distribution is null))
                throw new ArgumentException($"{owner} needs either values (a grid) or a distribution (a random search), not {(axis.Values is null ? "neither" : "both")}.", owner);
            if (axis.Values is { Count: 0 }) throw new ArgumentException($"{owner}.values is empty; give at least one value.", $"{owner}.values");
            if (axis.Distribution is { } distribution)
            {
                if (distribution.Kind is not ("uniform" or "log-uniform" or "integer"))
                    throw new ArgumentException($"{owner}.distribution.kind must be uniform, log-uniform or integer, got '{distribution.Kind}'.", $"{owner}.distribution.kind");
                if (!(distribution.Minimum <= distribution.Maximum) || (distribution.Kind == "log-uniform" && distribution.Minimum <= 0))
                    throw new ArgumentException($"{owner}.distribution needs minimum <= maximum (and minimum > 0 for log-uniform), got {distribution.Minimum} and {distribution.Maximum}.", $"{owner}.distribution");
            }
        }
        if (random && Count <= 0) throw new ArgumentException("count must be at least 1 for a random search (an axis has a distribution).", "count");
        if (!random && Count != 0) throw new ArgumentException("count is for random searches; a grid runs every combination of its values.", "count");
        // Every trial's preset must be valid: a wrong path or value is found before anything runs.
        foreach (var trial in Trials()) PresetFor(trial);
    }

    /// <summary>Every trial, in index order: combinations (first axis slowest), each once per seed.</summary>
    public IReadOnlyList<Trial> Trials()
    {
        var combinations = Axes.Any(axis => axis.Distribution is not null) ? Drawn() : Grid();
        var trials = new List<Trial>();
        foreach (var combination in combinations)
        foreach (var seed in Seeds)
        {
            var settings = (Set ?? Array.Empty<string>()).Concat(combination.SelectMany(pair => pair.Axis.Paths.Select(path => $"{path}={pair.Value}")))
                .Append($"training.seed={seed.ToString(CultureInfo.InvariantCulture)}").ToList();
            trials.Add(new Trial(trials.Count, seed, combination.ToDictionary(pair => pair.Axis.Label, pair => pair.Value), settings));
        }
        return trials;
    }

    /// <summary>The preset trial <paramref name="trial"/> trains: the base preset with the trial's settings.</summary>
    public Preset PresetFor(Trial trial)
    {
        var file = Path.Combine(Folder, Preset);
        var preset = PresetFiles.IsFile(file) && Preset.EndsWith(".json", StringComparison.OrdinalIgnoreCase) ? PresetFiles.Load(file) : Presets.Find(Preset);
        return PresetFiles.Apply(preset, trial.Settings) with { Name = $"{Name}-trial-{trial.Index}" };
    }

    private IEnumerable<IReadOnlyList<(SweepAxis Axis, string Value)>> Grid()
    {
        IEnumerable<IReadOnlyList<(SweepAxis, string)>> combinations = new[] { Array.Empty<(SweepAxis, string)>() };
        foreach (var axis in Axes)
            combinations = combinations.SelectMany(prefix => axis.Values!.Select(value => (IReadOnlyList<(SweepAxis, string)>)prefix.Append((axis, Text(value))).ToList())).ToList();
        return combinations;
    }

    // Seeded per combination: combination c's values depend only on the file and c.
    private IEnumerable<IReadOnlyList<(SweepAxis Axis, string Value)>> Drawn() => Enumerable.Range(0, Count).Select(combination =>
    {
        var random = new Random(unchecked((int)(SamplingSeed * 1_000_003 + combination)));
        return (IReadOnlyList<(SweepAxis, string)>)Axes.Select(axis => (axis, axis.Values is { } values ? Text(values[random.Next(values.Count)]) : Draw(axis.Distribution!, random))).ToList();
    });

    private static string Draw(SweepDistribution distribution, Random random)
    {
        var unit = random.NextDouble();
        var value = distribution.Kind switch
        {
            "log-uniform" => Math.Exp(Math.Log(distribution.Minimum) + unit * (Math.Log(distribution.Maximum) - Math.Log(distribution.Minimum))),
            "integer" => Math.Floor(distribution.Minimum + unit * (distribution.Maximum - distribution.Minimum + 1)),
            _ => distribution.Minimum + unit * (distribution.Maximum - distribution.Minimum),
        };
        return value.ToString("G6", CultureInfo.InvariantCulture);
    }

    private static string Text(JsonNode value) => value is JsonValue scalar && scalar.GetValueKind() == JsonValueKind.String ? scalar.GetValue<string>() : value.ToJsonString();
}
