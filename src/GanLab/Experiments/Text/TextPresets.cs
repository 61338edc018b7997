namespace GanLab.Experiments.Text;

/// <summary>The built-in text presets (listed by `ganlab presets` after the image ones).</summary>
public static class TextPresets
{
    // SeqGAN's synthetic benchmark: oracle LSTM vocab 5,000, length 20; G an LSTM with emb/hidden 32 like the oracle.
    private static readonly TextModelSettings OracleModel = new() { SequenceLength = 20, EmbeddingSize = 32, HiddenSize = 32 };
    private const int OraclePretrainSteps = 4000;
    private const int OracleAdversarialSteps = 60;

    /// <summary>MLE only on the oracle benchmark, as long as the SeqGAN run's pretraining plus the same wall time's worth of MLE steps.</summary>
    public static TextPreset OracleMle { get; } = new("text-oracle-mle",
        "SeqGAN oracle benchmark, MLE only: LSTM emb/hidden 32, Adam 0.01, batch 64, 6,000 steps (~38 epochs of the 10,000 oracle sequences)",
        "oracle", TextMethod.MaximumLikelihood, OracleModel,
        new TextTrainingConfig { PretrainSteps = 6000, EvaluateEvery = 500, EvaluationSamples = 2000 });

    /// <summary>SeqGAN on the oracle benchmark, scaled to two CPU cores (fewer rollouts and D filters than the paper).</summary>
    public static TextPreset OracleSeqGan { get; } = new("text-oracle-seqgan",
        "SeqGAN oracle benchmark: 4,000 MLE steps, then 60 policy-gradient steps (8 Monte Carlo rollouts, CNN D at half the paper's filters, 5 D batches per G step)",
        "oracle", TextMethod.SeqGan, OracleModel,
        new TextTrainingConfig
        {
            PretrainSteps = OraclePretrainSteps, AdversarialSteps = OracleAdversarialSteps, Rollouts = 8, DiscriminatorPretrainSteps = 300,
            DiscriminatorSteps = 5, GeneratorLearningRate = 1e-2, DiscriminatorLearningRate = 1e-4, EvaluateEvery = 500, EvaluationSamples = 2000,
        });

    /// <summary>The Gumbel GRU GAN on the oracle benchmark after the same MLE pretraining (with a GRU generator).</summary>
    public static TextPreset OracleGumbel { get; } = new("text-oracle-gumbel",
        "Gumbel-softmax GRU GAN on the oracle benchmark: 4,000 MLE steps, then 500 adversarial steps (temperature 1 -> 0.1, R1 on D)",
        "oracle", TextMethod.Gumbel, OracleModel,
        new TextTrainingConfig
        {
            PretrainSteps = OraclePretrainSteps, AdversarialSteps = 500, GeneratorLearningRate = 1e-4, DiscriminatorLearningRate = 1e-4,
            Beta1 = 0.5, R1Weight = 10, EvaluateEvery = 500, EvaluationSamples = 2000,
        });

    // The seed GRU GAN made to learn at a size that trains in minutes. Measured on Tang lines (README, Text GANs): MLE
    // pretraining teaches the line's form (and, on 587 lines, starts to memorise them: watch copy_rate); a small
    // adversarial learning rate with R1 on D keeps the form, while G learning rates of 1e-3 destroyed it within 100
    // adversarial steps with or without R1, and D at 1e-4 never left 0.5.
    private static readonly TextModelSettings SmallGru = new()
    {
        SequenceLength = 12, EmbeddingSize = 64, HiddenSize = 128, LatentSize = 32, InitialTemperature = 1.0, FinalTemperature = 0.3,
    };

    private static readonly TextTrainingConfig SmallGumbelTraining = new()
    {
        PretrainSteps = 800, AdversarialSteps = 300, PretrainLearningRate = 3e-3, GeneratorLearningRate = 1e-4, DiscriminatorLearningRate = 1e-3,
        Beta1 = 0.5, R1Weight = 1, EvaluateEvery = 100, EvaluationSamples = 500, FinalEvaluationSamples = 1000,
    };

    /// <summary>The default text GAN: the seed's Gumbel GRU GAN, small, on five-character Tang poem lines.</summary>
    public static TextPreset TangGumbel { get; } = new("text-tang-gumbel",
        "The seed's GRU GAN made to learn (Gumbel-softmax, 800 MLE + 300 adversarial steps, R1 on D), GRU 64/128, on 5-character Tang poem lines",
        "tang", TextMethod.Gumbel, SmallGru, SmallGumbelTraining);

    /// <summary>The same GAN on English words (character level).</summary>
    public static TextPreset EnglishGumbel { get; } = new("text-english-gumbel",
        "The seed's GRU GAN made to learn, small sizes, on English words (characters, wamerican)",
        "english", TextMethod.Gumbel, SmallGru with { SequenceLength = 12 }, SmallGumbelTraining);

    /// <summary>SeqGAN on Tang poem lines.</summary>
    public static TextPreset TangSeqGan { get; } = new("text-tang-seqgan",
        "SeqGAN on 5-character Tang poem lines: LSTM 64/128, 1,500 MLE steps, 100 policy-gradient steps (8 rollouts)",
        "tang", TextMethod.SeqGan, SmallGru with { EmbeddingSize = 64, HiddenSize = 128 },
        new TextTrainingConfig
        {
            PretrainSteps = 1500, AdversarialSteps = 100, PretrainLearningRate = 3e-3, Rollouts = 8, DiscriminatorPretrainSteps = 200,
            DiscriminatorSteps = 5, GeneratorLearningRate = 1e-3, EvaluateEvery = 250, EvaluationSamples = 500, FinalEvaluationSamples = 1000,
        });

    /// <summary>The seed article's exact sizes (latent 128, length 50, vocabulary 10,000, hidden 512, 2 layers, batch 64, lr 0.001).</summary>
    public static TextPreset SeedGru { get; } = new("text-seed-gru",
        "The seed article's GRU GAN at its exact sizes (latent 128, length 50, vocab 10,000, hidden 512, 2 layers, batch 64, Adam 0.001) on Tang lines; slow on a CPU",
        "tang", TextMethod.Gumbel,
        new TextModelSettings
        {
            SequenceLength = 50, EmbeddingSize = 512, HiddenSize = 512, Layers = 2, LatentSize = 128, MinimumVocabularySize = 10_000,
            InitialTemperature = 1.0, FinalTemperature = 0.1,
        },
        new TextTrainingConfig
        {
            PretrainSteps = 0, AdversarialSteps = 2000, PretrainLearningRate = 1e-3, GeneratorLearningRate = 1e-3, DiscriminatorLearningRate = 1e-3,
            Beta1 = 0.9, EvaluateEvery = 500, EvaluationSamples = 200, FinalEvaluationSamples = 500,
        });

    /// <summary>All text presets.</summary>
    public static IReadOnlyList<TextPreset> All { get; } = new[] { TangGumbel, EnglishGumbel, TangSeqGan, SeedGru, OracleMle, OracleSeqGan, OracleGumbel };

    /// <summary>The text preset called <paramref name="name"/>, or null.</summary>
    public static TextPreset? Find(string name) => All.FirstOrDefault(preset => preset.Name == name);
}
