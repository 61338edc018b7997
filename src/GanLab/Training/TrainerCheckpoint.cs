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

    /// <summary>Reads a run checkpoint's metadata (kind and version checked, no tensors allocated): enough to rebuild
    /// the run's model before its tensors are read against it.</summary>
    public static CheckpointContent ReadMetadata(string path) => CheckpointFile.Read(path, CheckpointKind, CheckpointFormatVersion, metadataOnly: true);

    /// <summary>Reads <paramref name="path"/> and restores it into this trainer (see <see cref="LoadCheckpoint(CheckpointContent)"/>).
    /// Every tensor is checked against this trainer's model before it is allocated.</summary>
    public void LoadCheckpoint(string path)
    {
        using var content = CheckpointFile.Read(path, CheckpointKind, CheckpointFormatVersion, ExpectedTensors());
        LoadCheckpoint(content);
    }

    /// <summary>Restores a state saved by <see cref="SaveCheckpoint"/> into this trainer; names and shapes must match,
    /// and the step, history and data position must fit the plan and the data.</summary>
    /// <exception cref="InvalidDataException">The checkpoint belongs to another model or its content does not fit; the
    /// message names the file and what differs.</exception>
    public void LoadCheckpoint(CheckpointContent content)
    {
        var state = content.Read<TrainerState>("trainer");
        CheckState(content.Path, state);
        var live = NamedState().ToDictionary(pair => pair.Name, pair => pair.Value);
        var problems = live.Keys.Concat(RandomStateNames).Where(name => !content.Tensors.ContainsKey(name)).Select(name => $"'{name}' is missing")
            .Concat(content.Tensors.Keys.Where(name => !live.ContainsKey(name) && !RandomStateNames.Contains(name)).Select(name => $"'{name}' is not part of this model"))
            .Concat(live.Where(pair => content.Tensors.TryGetValue(pair.Key, out var saved) && !saved.shape.SequenceEqual(pair.Value.shape))
                .Select(pair => $"'{pair.Key}' has shape [{string.Join(", ", content.Tensors[pair.Key].shape)}], the model expects [{string.Join(", ", pair.Value.shape)}]")).ToList();
        if (problems.Count > 0)
            throw new InvalidDataException($"{content.Path}: checkpoint does not match this model: {string.Join("; ", problems.Take(5))}" + (problems.Count > 5 ? $" (and {problems.Count - 5} more)." : "."));
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

    /// <summary>Every tensor a checkpoint of this trainer holds, with its type and shape: what a reader may allocate.</summary>
    public IReadOnlyDictionary<string, (ScalarType Type, long[] Shape)> ExpectedTensors()
    {
        var expected = NamedState().ToDictionary(pair => pair.Name, pair => (pair.Value.dtype, pair.Value.shape));
        using (var training = random.get_state()) expected["random.training"] = (training.dtype, training.shape);
        using (var global = torch.random.get_rng_state()) expected["random.global"] = (global.dtype, global.shape);
        return expected;
    }

    private static readonly string[] RandomStateNames = { "random.training", "random.global" };

    // Everything read from the metadata must fit before it is used: a valid plan, a step inside it with one history row
    // per step, and a data position inside this data set.
    private void CheckState(string path, TrainerState state)
    {
        try { state.Plan.Validate(); }
        catch (ArgumentException error) { throw new InvalidDataException($"{path}: the checkpoint's plan is invalid ({Guard.Text(error)})", error); }
        if (state.Step < 0 || state.Step > state.Plan.TotalSteps)
            throw new InvalidDataException($"{path}: the checkpoint is at step {state.Step}, outside its plan of {state.Plan.TotalSteps} steps.");
        if (state.History.Count != state.Step || state.History.Where((row, index) => row is null || row.Step != index + 1 || row.Values is null).Any())
            throw new InvalidDataException($"{path}: the checkpoint's history has {state.History.Count} rows for step {state.Step}; expected one row per step, numbered from 1.");
        var count = batches.Count;
        if (state.BatchOrder.Length != 0 && (state.BatchOrder.Length != count || state.BatchOrder.Any(index => index < 0 || index >= count)))
            throw new InvalidDataException($"{path}: the checkpoint's data order has {state.BatchOrder.Length} entries for a data set of {count} examples (expected a permutation of 0..{count - 1}).");
        if (state.BatchPosition < 0 || state.BatchPosition > count)
            throw new InvalidDataException($"{path}: the checkpoint's data position {state.BatchPosition} is outside the data set of {count} examples.");
    }

    // Everything that is a tensor of the run's state, by the name it has in checkpoints.
    private IEnumerable<(string Name, Tensor Value)> NamedState()
    {
        foreach (var pair in Model.NamedWeights()) yield return pair;
        if (FixedNoise is not null) yield return ("fixed_noise", FixedNoise);
    }
}
