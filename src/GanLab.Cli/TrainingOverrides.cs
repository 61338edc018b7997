using GanLab.Core;
using GanLab.Experiments;
using GanLab.Experiments.DataKinds;
using GanLab.Training;

namespace GanLab.Cli;

/// <summary>The common `ganlab train` flags, shortcuts for `--set` paths (null = keep the preset's value). Each one
/// changes the last phase (the one `--steps` sets) unless it names another.</summary>
internal sealed record TrainingOverrides(int? Steps, int? BatchSize, long? Seed, double? LearningRate, string? Loss, int? DiscriminatorSteps,
    double? R1Weight, int? CheckpointEvery, int? PretrainSteps, IReadOnlyList<string>? Metrics, int? MetricsEvery, IReadOnlyList<string> Settings, string? Data = null)
{
    /// <summary>True when no flag but --steps was given (what --resume allows).</summary>
    public bool OnlySteps => this with { Steps = null, Settings = Array.Empty<string>() } == Empty && Settings.Count == 0;

    private static TrainingOverrides Empty { get; } = new(null, null, null, null, null, null, null, null, null, null, null, Array.Empty<string>());

    /// <summary>Each flag's value checked under the name the user typed (the preset's own check names its field).</summary>
    public void Validate()
    {
        const int most = 100_000_000;
        if (Steps is { } steps) Guard.InRange(steps, 1, most, "--steps");
        if (PretrainSteps is { } pretrain) Guard.InRange(pretrain, 1, most, "--pretrain-steps");
        if (BatchSize is { } batch) Guard.InRange(batch, 1, 1_000_000, "--batch-size");
        if (LearningRate is { } rate) Guard.Positive(rate, "--learning-rate");
        if (DiscriminatorSteps is { } discriminatorSteps) Guard.InRange(discriminatorSteps, 1, 100, "--d-steps");
        if (R1Weight is { } r1) Guard.InRange(r1, 0, 1e6, "--r1");
        if (CheckpointEvery is { } every) Guard.InRange(every, 0, int.MaxValue, "--checkpoint-every");
        if (MetricsEvery is { } metricsEvery) Guard.InRange(metricsEvery, 1, most, "--metrics-every");
    }

    public Preset ApplyTo(Preset preset)
    {
        Validate();
        if (Data is { } data) preset = preset with { Data = DataSpec.Parse(data) };
        var training = preset.Training;
        if (PretrainSteps is { } pretrain)
        {
            if (training.Find<LikelihoodPhase>("mle") is null) throw new ArgumentException($"--pretrain-steps: preset {preset.Name} has no MLE pretraining phase (phases: {PhaseNames(training)}).", "pretrain-steps");
            training = training.WithPhaseSteps("mle", pretrain);
        }
        if (Steps is { } steps) training = training.WithPhaseSteps(training.Phases[^1].Name, steps);
        if (BatchSize is { } batchSize) training = training with { BatchSize = batchSize };
        if (Seed is { } seed) training = training with { Seed = seed };
        if (CheckpointEvery is { } checkpointEvery) training = training with { CheckpointEvery = checkpointEvery };
        training = training.With(Last(training.Phases[^1], preset.Name));
        var result = preset with { Training = training };
        if (Metrics is not null || MetricsEvery is not null)
        {
            if (Metrics is null) throw new ArgumentException("--metrics-every needs --metrics.", "metrics-every");
            var evaluation = result.Evaluation with { Metrics = Metrics };
            result = result with { Evaluation = MetricsEvery is { } every ? evaluation with { Every = every } : evaluation };
        }
        return PresetFiles.Apply(result, Settings);
    }

    // The flags that belong to a phase's step: learning rate, loss, D steps, R1.
    private Phase Last(Phase phase, string preset)
    {
        switch (phase)
        {
            case AdversarialPhase adversarial:
                if (LearningRate is { } rate)
                    adversarial = adversarial with { GeneratorOptimizer = adversarial.GeneratorOptimizer with { LearningRate = rate }, DiscriminatorOptimizer = adversarial.DiscriminatorOptimizer with { LearningRate = rate } };
                if (Loss is { } loss) adversarial = WithLoss(adversarial, loss);
                if (DiscriminatorSteps is { } discriminatorSteps) adversarial = adversarial with { DiscriminatorSteps = discriminatorSteps };
                if (R1Weight is { } r1) adversarial = adversarial.WithRegulariser(RegulariserKind.R1, r1);
                return adversarial;
            case PolicyGradientPhase policy:
                Refuse(preset, phase, ("--loss", Loss), ("--r1", R1Weight));
                if (LearningRate is { } policyRate)
                    policy = policy with { GeneratorOptimizer = policy.GeneratorOptimizer with { LearningRate = policyRate }, DiscriminatorOptimizer = policy.DiscriminatorOptimizer with { LearningRate = policyRate } };
                return DiscriminatorSteps is { } policySteps ? policy with { DiscriminatorSteps = policySteps } : policy;
            case LikelihoodPhase likelihood:
                Refuse(preset, phase, ("--loss", Loss), ("--r1", R1Weight), ("--d-steps", DiscriminatorSteps));
                return LearningRate is { } likelihoodRate ? likelihood with { Optimizer = likelihood.Optimizer with { LearningRate = likelihoodRate } } : likelihood;
            default:
                return phase;
        }
    }

    /// <summary>A loss by name; WassersteinGradientPenalty (or wgan-gp) is the Wasserstein loss with a gradient penalty of 10.</summary>
    public static AdversarialPhase WithLoss(AdversarialPhase phase, string name)
    {
        if (name.Equals("WassersteinGradientPenalty", StringComparison.OrdinalIgnoreCase) || name.Equals("wgan-gp", StringComparison.OrdinalIgnoreCase))
            return (phase with { Loss = LossKind.Wasserstein }).WithRegulariser(RegulariserKind.GradientPenalty, 10);
        if (!Enum.TryParse<LossKind>(name.Replace("-", ""), ignoreCase: true, out var kind) || !Enum.IsDefined(kind))
            throw new ArgumentException($"--loss must be one of {string.Join(", ", Enum.GetNames<LossKind>())} or WassersteinGradientPenalty (Wasserstein + gradient penalty 10), got '{name}'.", "loss");
        return phase with { Loss = kind };
    }

    private static void Refuse(string preset, Phase phase, params (string Flag, object? Value)[] flags)
    {
        foreach (var (flag, value) in flags)
            if (value is not null)
                throw new ArgumentException($"{flag} does not apply to preset {preset}: its last phase '{phase.Name}' is {phase.GetType().Name.Replace("Phase", "").ToLowerInvariant()} (use --set for its fields).", flag.TrimStart('-'));
    }

    private static string PhaseNames(TrainingPlan plan) => string.Join(", ", plan.Phases.Select(phase => phase.Name));
}
