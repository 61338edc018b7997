using System.Text.Json;
using System.Text.Json.Nodes;
using GanLab.Core;
using TorchSharp;
using static TorchSharp.torch;

namespace GanLab.Training;

/// <summary>What a checkpoint holds of the trainer besides tensors.</summary>
/// <param name="Step">Steps done.</param>
/// <param name="Plan">The plan in force (phases with their step counts, after any extension).</param>
/// <param name="History">Every history row so far.</param>
/// <param name="BatchOrder">The data permutation of the current pass.</param>
/// <param name="BatchPosition">Position inside that pass.</param>
public sealed record TrainerState(int Step, TrainingPlan Plan, IReadOnlyList<HistoryRow> History, long[] BatchOrder, long BatchPosition);

public sealed partial class Trainer
{
    /// <summary>The checkpoint kind of runs.</summary>
    public const string CheckpointKind = "run";
    /// <summary>Layout version of run checkpoints (2: phases, one history for every family).</summary>
    public const int CheckpointFormatVersion = 2;

    /// <summary>Saves the full state (weights, the current step's optimisers and state, both random streams, step,
    /// history, plan) atomically, with <paramref name="extra"/> (the caller's settings) beside it.</summary>
    public void SaveCheckpoint(string path, JsonObject? extra = null)
    {
        var (order, position) = batches.State;
        using var content = new CheckpointContent { Kind = CheckpointKind, FormatVersion = CheckpointFormatVersion };
        content.Metadata["trainer"] = JsonSerializer.SerializeToNode(new TrainerState(Step, Plan, History.Rows.ToArray(), order, position), GanLabJson.Options);
        content.Metadata["run"] = extra?.DeepClone();
        foreach (var (name, value) in NamedState()) content.Tensors[name] = value.alias();
        content.Tensors["random.training"] = random.get_state();
        content.Tensors["random.global"] = torch.random.get_rng_state();
        // The step of the phase in progress (the next step's phase when one just ended and the next has not begun).
        if (currentStep is not null) currentStep.Save(content, $"phase.{Plan.Phases[currentPhaseIndex].Name}.");
        CheckpointFile.Write(path, content);
    }

    /// <summary>Reads a run checkpoint (kind and version checked); dispose it after use.</summary>
    public static CheckpointContent ReadCheckpoint(string path) => CheckpointFile.Read(path, CheckpointKind, CheckpointFormatVersion);

    /// <summary>Reads <paramref name="path"/> and restores it into this trainer (see <see cref="LoadCheckpoint(CheckpointContent)"/>).</summary>
    public void LoadCheckpoint(string path)
    {
        using var content = ReadCheckpoint(path);
        LoadCheckpoint(content);
    }

    /// <summary>Restores a state saved by <see cref="SaveCheckpoint"/> into this trainer; names and shapes must match.</summary>
    /// <exception cref="InvalidDataException">The checkpoint belongs to another model; the message lists what differs.</exception>
    public void LoadCheckpoint(CheckpointContent content)
    {
        var state = content.Read<TrainerState>("trainer");
        var live = NamedState().ToDictionary(pair => pair.Name, pair => pair.Value);
        CheckCompatible(content.Path, live, content.Tensors, new[] { "random.training", "random.global" });
        using (no_grad())
            foreach (var (name, target) in live) target.copy_(content.Tensors[name]);
        random.set_state(content.Tensors["random.training"]);
        torch.random.set_rng_state(content.Tensors["random.global"]);
        batches.Restore(state.BatchOrder, state.BatchPosition);
        History.Restore(state.History);
        Step = state.Step;
        Plan = state.Plan;
        context.Plan = Plan;
        ReplaceStep(null, -1, keepState: false);
        // A step of the phase in progress saved its state: make that phase's step now and give it back.
        var phaseIndex = Plan.Phases.ToList().FindIndex(phase => content.Blobs.Keys.Any(key => key.StartsWith($"phase.{phase.Name}.", StringComparison.Ordinal)));
        if (phaseIndex < 0) return;
        ReplaceStep(Plan.Phases[phaseIndex], phaseIndex, keepState: false);
        currentStep!.Load(content, $"phase.{Plan.Phases[phaseIndex].Name}.");
    }

    /// <summary>Checks that <paramref name="saved"/> has every tensor of <paramref name="live"/> with the same shape and type,
    /// nothing else but the <paramref name="required"/> extras, and those extras; throws listing what differs.</summary>
    public static void CheckCompatible(string path, IReadOnlyDictionary<string, Tensor> live, IReadOnlyDictionary<string, Tensor> saved, IReadOnlyList<string> required)
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
        problems.AddRange(saved.Keys.Where(name => !live.ContainsKey(name) && !required.Contains(name)).Select(name => $"'{name}' is not part of this model"));
        problems.AddRange(required.Where(name => !saved.ContainsKey(name)).Select(name => $"'{name}' is missing"));
        if (problems.Count > 0)
            throw new InvalidDataException($"{path}: checkpoint does not match this model: {string.Join("; ", problems.Take(5))}" +
                                           (problems.Count > 5 ? $" (and {problems.Count - 5} more)." : "."));
    }

    // Everything that is a tensor of the run's state, by the name it has in checkpoints.
    private IEnumerable<(string Name, Tensor Value)> NamedState()
    {
        foreach (var pair in Model.NamedWeights()) yield return pair;
        if (FixedNoise is not null) yield return ("fixed_noise", FixedNoise);
    }
}
