using GanLab.Core;
using GanLab.Training;

namespace GanLab.Experiments.Text;

/// <summary>How a text generator learns after (optional) MLE pretraining.</summary>
public enum TextMethod
{
    /// <summary>Maximum likelihood (teacher forcing) only: the baseline every text GAN is compared with.</summary>
    MaximumLikelihood,
    /// <summary>SeqGAN (Yu et al. 2017): LSTM G, CNN D, policy gradient with Monte Carlo rollout rewards.</summary>
    SeqGan,
    /// <summary>The seed's GRU GAN: Gumbel-softmax relaxed tokens so D's gradient reaches G directly.</summary>
    Gumbel,
}

/// <summary>Network sizes of a text run (the vocabulary size comes from the data).</summary>
public sealed record TextModelSettings
{
    /// <summary>Tokens per sequence (SeqGAN's oracle: 20; the seed: 50).</summary>
    public int SequenceLength { get; init; } = 20;
    /// <summary>Generator token embedding size.</summary>
    public int EmbeddingSize { get; init; } = 32;
    /// <summary>Generator hidden size (LSTM or GRU); also the GRU discriminator's.</summary>
    public int HiddenSize { get; init; } = 32;
    /// <summary>GRU layers of the Gumbel generator and discriminator.</summary>
    public int Layers { get; init; } = 1;
    /// <summary>Noise size of the Gumbel generator.</summary>
    public int LatentSize { get; init; } = 32;
    /// <summary>The networks get at least this many token ids (the seed fixes 10,000; unused ids are never seen in data).</summary>
    public int MinimumVocabularySize { get; init; }
    /// <summary>Gumbel-softmax temperature at the start of the adversarial phase.</summary>
    public double InitialTemperature { get; init; } = 1.0;
    /// <summary>Temperature at its end (geometric annealing).</summary>
    public double FinalTemperature { get; init; } = 0.1;
    /// <summary>SeqGAN CNN discriminator: multiplier of the paper's filter counts.</summary>
    public double DiscriminatorFilterScale { get; init; } = 0.5;
    /// <summary>SeqGAN CNN discriminator: token embedding size (the paper: 64).</summary>
    public int DiscriminatorEmbeddingSize { get; init; } = 64;

    /// <summary>Throws naming the first invalid field.</summary>
    public void Validate()
    {
        Guard.InRange(SequenceLength, 2, 1000, nameof(SequenceLength));
        Guard.Positive(EmbeddingSize, nameof(EmbeddingSize));
        Guard.Positive(HiddenSize, nameof(HiddenSize));
        Guard.InRange(Layers, 1, 8, nameof(Layers));
        Guard.Positive(LatentSize, nameof(LatentSize));
        Guard.InRange(MinimumVocabularySize, 0, 1_000_000, nameof(MinimumVocabularySize));
        Guard.InRange(InitialTemperature, 1e-3, 100, nameof(InitialTemperature));
        Guard.InRange(FinalTemperature, 1e-3, InitialTemperature, nameof(FinalTemperature));
        Guard.InRange(DiscriminatorFilterScale, 0.01, 4, nameof(DiscriminatorFilterScale));
        Guard.Positive(DiscriminatorEmbeddingSize, nameof(DiscriminatorEmbeddingSize));
    }
}

/// <summary>Schedule and optimiser settings of a text run. Steps count minibatch updates of G.</summary>
public sealed record TextTrainingConfig
{
    /// <summary>MLE steps before the adversarial phase (for <see cref="TextMethod.MaximumLikelihood"/> the whole run).</summary>
    public int PretrainSteps { get; init; } = 2000;
    /// <summary>Generator updates of the adversarial phase (0 for MLE runs).</summary>
    public int AdversarialSteps { get; init; }
    /// <summary>Sequences per minibatch (SeqGAN: 64).</summary>
    public int BatchSize { get; init; } = 64;
    /// <summary>Adam learning rate of MLE steps (SeqGAN's code: 0.01).</summary>
    public double PretrainLearningRate { get; init; } = 1e-2;
    /// <summary>Adam learning rate of adversarial G updates.</summary>
    public double GeneratorLearningRate { get; init; } = 1e-2;
    /// <summary>Adam learning rate of D.</summary>
    public double DiscriminatorLearningRate { get; init; } = 1e-4;
    /// <summary>Adam beta1 of the adversarial phase (both networks).</summary>
    public double Beta1 { get; init; } = 0.9;
    /// <summary>D minibatches (real + fresh fake) before the adversarial phase.</summary>
    public int DiscriminatorPretrainSteps { get; init; }
    /// <summary>D minibatches after each adversarial G update.</summary>
    public int DiscriminatorSteps { get; init; } = 1;
    /// <summary>SeqGAN Monte Carlo rollouts per prefix (the paper: 16).</summary>
    public int Rollouts { get; init; } = 16;
    /// <summary>R1 penalty weight on D's real inputs (Gumbel runs: D sees relaxed one-hots, so the penalty applies).</summary>
    public double R1Weight { get; init; }
    /// <summary>Measure the text metrics every N steps (0 = only at the end of each phase).</summary>
    public int EvaluateEvery { get; init; } = 500;
    /// <summary>Generated sequences per evaluation during training.</summary>
    public int EvaluationSamples { get; init; } = 1000;
    /// <summary>Generated sequences for the final evaluation (SeqGAN's oracle protocol: 10,000).</summary>
    public int FinalEvaluationSamples { get; init; } = 10_000;
    /// <summary>Seed of everything random.</summary>
    public long Seed { get; init; } = 1;

    /// <summary>Total generator steps.</summary>
    public int TotalSteps => PretrainSteps + AdversarialSteps;

    /// <summary>Throws naming the first invalid field.</summary>
    public void Validate()
    {
        Guard.InRange(PretrainSteps, 0, 10_000_000, nameof(PretrainSteps));
        Guard.InRange(AdversarialSteps, 0, 10_000_000, nameof(AdversarialSteps));
        if (TotalSteps == 0) throw new ArgumentException("PretrainSteps + AdversarialSteps must be at least 1.", nameof(PretrainSteps));
        Guard.InRange(BatchSize, 2, 100_000, nameof(BatchSize));
        Guard.Positive(PretrainLearningRate, nameof(PretrainLearningRate));
        Guard.Positive(GeneratorLearningRate, nameof(GeneratorLearningRate));
        Guard.Positive(DiscriminatorLearningRate, nameof(DiscriminatorLearningRate));
        Guard.InRange(Beta1, 0, 0.999999, nameof(Beta1));
        Guard.InRange(DiscriminatorPretrainSteps, 0, 10_000_000, nameof(DiscriminatorPretrainSteps));
        Guard.InRange(DiscriminatorSteps, 1, 1000, nameof(DiscriminatorSteps));
        Guard.InRange(Rollouts, 1, 1024, nameof(Rollouts));
        Guard.InRange(R1Weight, 0, 1e6, nameof(R1Weight));
        Guard.InRange(EvaluateEvery, 0, 10_000_000, nameof(EvaluateEvery));
        Guard.InRange(EvaluationSamples, 2, 1_000_000, nameof(EvaluationSamples));
        Guard.InRange(FinalEvaluationSamples, 2, 1_000_000, nameof(FinalEvaluationSamples));
    }
}

/// <summary>A named text experiment shared by the CLI, notebooks and tests.</summary>
/// <param name="Name">Kebab-case name used on the command line.</param>
/// <param name="Description">One line for `ganlab presets`.</param>
/// <param name="DataSet">"oracle", "tang", "english", or "lines:PATH" (characters) / "words:PATH" (words) for a UTF-8 file.</param>
/// <param name="Method">MLE, SeqGAN or Gumbel.</param>
/// <param name="Model">Network sizes.</param>
/// <param name="Training">Schedule.</param>
public sealed record TextPreset(string Name, string Description, string DataSet, TextMethod Method, TextModelSettings Model, TextTrainingConfig Training)
{
    /// <summary>Validates everything together.</summary>
    public void Validate()
    {
        Guard.Defined(Method, nameof(Method));
        Model.Validate();
        Training.Validate();
        if (Method == TextMethod.MaximumLikelihood && Training.AdversarialSteps > 0)
            throw new ArgumentException($"AdversarialSteps must be 0 for an MLE run (got {Training.AdversarialSteps}); use PretrainSteps.", nameof(Training.AdversarialSteps));
        TextTask.CheckDataSetName(DataSet);
    }
}
