using GanLab.Core;
using GanLab.Experiments.DataKinds;
using GanLab.Models;
using GanLab.Models.Text;
using GanLab.Training;

namespace GanLab.Experiments;

/// <summary>When and how much a run measures its samples during training (history.csv gets a column per metric).</summary>
public sealed record EvaluationSettings
{
    /// <summary>Metric names to record (null = what the kind of data measures by default: every text metric; none for
    /// images and toy data, whose metrics cost seconds each). `ganlab train --metrics` sets them.</summary>
    public IReadOnlyList<string>? Metrics { get; init; }
    /// <summary>Measure every this many steps (0 = only at the end of each phase); always at the end of each phase.</summary>
    public int Every { get; init; } = 500;
    /// <summary>Samples per measurement during training.</summary>
    public int Samples { get; init; } = 1000;
    /// <summary>Samples of the measurement after the last step and at the ends of earlier phases (text: SeqGAN's oracle
    /// protocol draws 10,000); image metrics keep <see cref="Samples"/> throughout, their floor is computed for that count.</summary>
    public int FinalSamples { get; init; } = 10_000;

    /// <summary>Throws naming the first invalid field.</summary>
    public void Validate(string owner = "evaluation")
    {
        Guard.InRange(Every, 0, 100_000_000, $"{owner}.every");
        Guard.InRange(Samples, 2, 1_000_000, $"{owner}.samples");
        Guard.InRange(FinalSamples, 2, 1_000_000, $"{owner}.finalSamples");
    }
}

/// <summary>A named experiment as data: which data, which networks, how to train (phases), what to measure. Shared by
/// the CLI, notebooks and tests; serialises to JSON and back (`ganlab presets show NAME`, `ganlab train FILE.json`).</summary>
/// <param name="Name">Kebab-case name used on the command line.</param>
/// <param name="Description">One line for `ganlab presets`.</param>
/// <param name="Data">The kind of data and which data set.</param>
/// <param name="Model">Network family and sizes.</param>
/// <param name="Training">Seed, batch size and phases.</param>
/// <param name="Evaluation">Metrics measured during training (null = the defaults of <see cref="EvaluationSettings"/>).</param>
public sealed record Preset(string Name, string Description, DataSpec Data, ModelConfig Model, TrainingPlan Training, EvaluationSettings? Evaluation = null)
{
    /// <summary>When and how much the run measures during training.</summary>
    public EvaluationSettings Evaluation { get; init; } = Evaluation ?? new EvaluationSettings();

    /// <summary>Validates every part and that they fit together; messages name the field by its path in the JSON form.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Name)) throw new ArgumentException("name must not be empty.", "name");
        Data.Validate("data");
        Prefixed("model", Model.Validate);
        Training.Validate();
        Evaluation.Validate();
        Data.CheckFits(Model);
        foreach (var phase in Training.Phases) CheckPhaseFits(phase);
        if (Model.BatchMultiple is var (multiple, field) && Training.BatchSize % multiple != 0)
            throw new ArgumentException($"training.batchSize ({Training.BatchSize}) must be a multiple of {field} ({multiple}).", "training.batchSize");
    }

    /// <summary>The preset with phase <paramref name="phase"/> set to <paramref name="steps"/> steps.</summary>
    public Preset WithSteps(string phase, int steps) => this with { Training = Training.WithPhaseSteps(phase, steps) };

    /// <summary>The preset with its last phase set to <paramref name="steps"/> steps (the one `--steps` sets).</summary>
    public Preset WithSteps(int steps) => WithSteps(Training.Phases[^1].Name, steps);

    /// <summary>The preset with <paramref name="change"/> applied to its (last) adversarial phase.</summary>
    public Preset WithAdversarial(Func<AdversarialPhase, AdversarialPhase> change) =>
        this with { Training = Training.With(change(Training.Main<AdversarialPhase>())) };

    private void CheckPhaseFits(Phase phase)
    {
        var owner = $"training.phases.{phase.Name}";
        switch (phase)
        {
            case LikelihoodPhase when Model is not ITextModelConfig:
                throw new ArgumentException($"{owner}: maximum likelihood trains text generators; model family '{Family}' is not one.", owner);
            case PolicyGradientPhase when Model is not LstmTextGanConfig { Discriminator: TextDiscriminatorKind.Cnn }:
                throw new ArgumentException($"{owner}: SeqGAN's policy gradient needs model family text-lstm with discriminator Cnn.", owner);
            case AdversarialPhase when Model is LstmTextGanConfig:
                throw new ArgumentException($"{owner}: an LSTM generator emits discrete tokens, so D's gradient cannot reach it; use a policy-gradient phase (SeqGAN) or model family text-gru.", owner);
        }
    }

    private string Family => Model.GetType().Name.Replace("Config", "", StringComparison.Ordinal);

    // Model fields are named as the JSON path gives them ("model.latentSize").
    private static void Prefixed(string owner, Action validate)
    {
        try { validate(); }
        catch (ArgumentException error) when (error.ParamName is { } name && !name.StartsWith(owner + ".", StringComparison.Ordinal))
        {
            throw new ArgumentException($"{owner}.{Guard.Text(error)}", $"{owner}.{name}", error);
        }
    }
}
