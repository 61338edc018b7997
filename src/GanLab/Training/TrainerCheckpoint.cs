using System.Text.Json;
using GanLab.Core;
using TorchSharp;
using static TorchSharp.torch;

namespace GanLab.Training;

/// <summary>What a checkpoint's metadata block holds besides tensors.</summary>
/// <param name="FormatVersion">Checkpoint format version.</param>
/// <param name="Step">Generator steps done.</param>
/// <param name="Training">The training settings in force.</param>
/// <param name="History">Every history row so far.</param>
/// <param name="BatchOrder">The data permutation of the current pass.</param>
/// <param name="BatchPosition">Position inside that pass.</param>
public sealed record TrainerState(int FormatVersion, int Step, TrainingConfig Training, IReadOnlyList<HistoryRow> History,
    long[] BatchOrder, long BatchPosition);

public sealed partial class Trainer
{
    private const int CheckpointFormatVersion = 1;

    /// <summary>JSON options shared by checkpoints and config.json (enums as names, indented).</summary>
    public static JsonSerializerOptions JsonOptions { get; } = new()
    {
        WriteIndented = true,
        // Explicit, so hosts that disable reflection-based JSON by default (file-based apps, trimmed apps) still work.
        TypeInfoResolver = new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver(),
        // Gradient norms are NaN on steps where they were not measured.
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
    };

    /// <summary>Saves the full state (weights, optimisers, random state, step, history, config) atomically.</summary>
    /// <param name="path">Checkpoint file.</param>
    /// <param name="extraMetadata">Caller data stored beside the state (e.g. the preset and model config), as JSON.</param>
    public void SaveCheckpoint(string path, string extraMetadata = "null")
    {
        var (order, position) = batches.State;
        var state = new TrainerState(CheckpointFormatVersion, Step, Config, History.Rows.ToArray(), order, position);
        var metadata = $"{{\"trainer\":{JsonSerializer.Serialize(state, JsonOptions)},\"extra\":{extraMetadata}}}";
        var content = new CheckpointContent { Metadata = metadata };
        foreach (var (name, value) in NamedState()) content.Tensors[name] = value;
        content.Tensors["random.training"] = random.get_state();
        content.Blobs["optimizer.generator"] = SaveOptimizer(generatorOptimizer);
        content.Blobs["optimizer.discriminator"] = SaveOptimizer(discriminatorOptimizer);
        try { CheckpointFile.Write(path, content); }
        finally { content.Tensors["random.training"].Dispose(); }
    }

    /// <summary>Reads only the caller's extra metadata of a checkpoint (e.g. to rebuild the model before loading).</summary>
    public static JsonElement ReadExtraMetadata(string path)
    {
        var content = CheckpointFile.Read(path);
        foreach (var tensor in content.Tensors.Values) tensor.Dispose();
        using var document = JsonDocument.Parse(content.Metadata);
        return document.RootElement.GetProperty("extra").Clone();
    }

    /// <summary>Restores a state saved by <see cref="SaveCheckpoint"/> into this trainer; names and shapes must match.</summary>
    /// <exception cref="InvalidDataException">The checkpoint belongs to another model; the message lists what differs.</exception>
    public void LoadCheckpoint(string path)
    {
        var content = CheckpointFile.Read(path);
        try
        {
            TrainerState state;
            try
            {
                using var document = JsonDocument.Parse(content.Metadata);
                state = document.RootElement.GetProperty("trainer").Deserialize<TrainerState>(JsonOptions)
                        ?? throw new InvalidDataException("empty trainer state");
            }
            catch (Exception error) when (error is JsonException or KeyNotFoundException or InvalidOperationException)
            {
                throw new InvalidDataException($"{path}: checkpoint metadata is unreadable ({error.Message}).", error);
            }
            if (state.FormatVersion != CheckpointFormatVersion)
                throw new InvalidDataException($"{path}: checkpoint format {state.FormatVersion}; this GanLab reads format {CheckpointFormatVersion}.");
            var live = NamedState().ToDictionary(pair => pair.Name, pair => pair.Value);
            CheckCompatible(path, live, content.Tensors);
            using (no_grad())
                foreach (var (name, target) in live) target.copy_(content.Tensors[name]);
            random.set_state(content.Tensors["random.training"]);
            LoadOptimizer(path, generatorOptimizer, content.Blobs, "optimizer.generator");
            LoadOptimizer(path, discriminatorOptimizer, content.Blobs, "optimizer.discriminator");
            batches.Restore(state.BatchOrder, state.BatchPosition);
            History.Restore(state.History);
            Step = state.Step;
            Config = state.Training;
        }
        finally
        {
            foreach (var tensor in content.Tensors.Values) tensor.Dispose();
        }
    }

    // Everything that is a tensor of the run's state, by the name it has in checkpoints.
    private IEnumerable<(string Name, Tensor Value)> NamedState()
    {
        foreach (var (name, value) in Model.Generator.state_dict()) yield return ("generator." + name, value);
        foreach (var (name, value) in Model.Discriminator.state_dict()) yield return ("discriminator." + name, value);
        yield return ("fixed_noise", FixedNoise);
    }

    internal static void CheckCompatible(string path, Dictionary<string, Tensor> live, Dictionary<string, Tensor> saved, bool requiresRandomState = true)
    {
        var problems = new List<string>();
        foreach (var (name, target) in live)
        {
            if (!saved.TryGetValue(name, out var source)) { problems.Add($"'{name}' is missing"); continue; }
            if (!source.shape.SequenceEqual(target.shape))
                problems.Add($"'{name}' has shape [{string.Join(", ", source.shape)}], the model expects [{string.Join(", ", target.shape)}]");
            else if (source.dtype != target.dtype)
                problems.Add($"'{name}' is {source.dtype}, the model expects {target.dtype}");
        }
        problems.AddRange(saved.Keys.Where(name => !live.ContainsKey(name) && !name.StartsWith("random.", StringComparison.Ordinal))
            .Select(name => $"'{name}' is not part of this model"));
        if (requiresRandomState && !saved.ContainsKey("random.training")) problems.Add("'random.training' is missing");
        if (problems.Count > 0)
            throw new InvalidDataException($"{path}: checkpoint does not match this model: {string.Join("; ", problems.Take(5))}" +
                                           (problems.Count > 5 ? $" (and {problems.Count - 5} more)." : "."));
    }

    private static byte[] SaveOptimizer(optim.Optimizer optimizer)
    {
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer, System.Text.Encoding.UTF8, leaveOpen: true))
            ((TorchSharp.Modules.OptimizerHelper)optimizer).save_state_dict(writer);
        return buffer.ToArray();
    }

    private static void LoadOptimizer(string path, optim.Optimizer optimizer, Dictionary<string, byte[]> blobs, string name)
    {
        if (!blobs.TryGetValue(name, out var blob)) throw new InvalidDataException($"{path}: checkpoint has no '{name}'.");
        try
        {
            using var reader = new BinaryReader(new MemoryStream(blob));
            ((TorchSharp.Modules.OptimizerHelper)optimizer).load_state_dict(reader);
        }
        catch (Exception error) when (error is not OutOfMemoryException)
        {
            throw new InvalidDataException($"{path}: '{name}' does not fit this optimiser ({error.Message}).", error);
        }
    }
}
