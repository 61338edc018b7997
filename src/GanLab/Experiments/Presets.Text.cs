using GanLab.Experiments.DataKinds;
using GanLab.Models.Text;
using GanLab.Training;

namespace GanLab.Experiments;

public static partial class Presets
{
    // SeqGAN's synthetic benchmark: oracle LSTM vocab 5,000, length 20; G an LSTM with emb/hidden 32 like the oracle.
    private static readonly LstmTextGanConfig OracleLstm = new() { SequenceLength = 20, EmbeddingSize = 32, HiddenSize = 32 };
    private static readonly LikelihoodPhase OracleMle = new() { Steps = 4000 };

    // Text runs take no fixed-noise grid (samples.txt instead) and checkpoint every 1,000 steps so they can resume.
    private static TrainingPlan TextPlan(params Phase[] phases) => new() { BatchSize = 64, FixedSampleCount = 0, SampleEvery = 0, CheckpointEvery = 1000, Phases = phases };

    /// <summary>MLE only on the oracle benchmark, as long as the SeqGAN run's pretraining plus the same wall time's worth of MLE steps.</summary>
    public static Preset OracleMaximumLikelihood { get; } = new("text-oracle-mle",
        "SeqGAN oracle benchmark, MLE only: LSTM emb/hidden 32, Adam 0.01, batch 64, 6,000 steps (~38 epochs of the 10,000 oracle sequences)",
        new TextData("oracle"), OracleLstm with { Discriminator = TextDiscriminatorKind.None }, TextPlan(OracleMle with { Steps = 6000 }),
        new EvaluationSettings { Every = 500, Samples = 2000 });

    /// <summary>SeqGAN on the oracle benchmark, scaled to two CPU cores (fewer rollouts and D filters than the paper).</summary>
    public static Preset OracleSeqGan { get; } = new("text-oracle-seqgan",
        "SeqGAN oracle benchmark: 4,000 MLE steps, then 60 policy-gradient steps (8 Monte Carlo rollouts, CNN D at half the paper's filters, 5 D batches per G step)",
        new TextData("oracle"), OracleLstm,
        TextPlan(OracleMle, new PolicyGradientPhase { Steps = 60, Rollouts = 8, DiscriminatorWarmupSteps = 300, DiscriminatorSteps = 5 }),
        new EvaluationSettings { Every = 500, Samples = 2000 });

    /// <summary>The Gumbel GRU GAN on the oracle benchmark after the same MLE pretraining (with a GRU generator).</summary>
    public static Preset OracleGumbel { get; } = new("text-oracle-gumbel",
        "Gumbel-softmax GRU GAN on the oracle benchmark: 4,000 MLE steps, then 500 adversarial steps (temperature 1 -> 0.1, R1 on D)",
        new TextData("oracle"), new GumbelTextGanConfig { SequenceLength = 20, EmbeddingSize = 32, HiddenSize = 32, InitialTemperature = 1.0, FinalTemperature = 0.1 },
        TextPlan(OracleMle, GumbelPhase(500, 1e-4, 1e-4, 10)),
        new EvaluationSettings { Every = 500, Samples = 2000 });

    /// <summary>RelGAN's recipe on the seed's GRU GAN at the oracle's sizes, after the same MLE pretraining.</summary>
    // RelGAN (Nie et al. 2019): relativistic standard loss, a multi-representation D, Adam for both networks. D here is
    // the seed's GRU on each of 8 learned 32-wide embeddings (RelGAN: a CNN on 64 embeddings of 64), G's gradient clipped
    // at 5 as the seed GRU's. Two departures, both measured on this oracle (README, Text GANs): the temperature stays at
    // 1 (annealed to 1/100 the early gain drifted back, 8.923), and D learns at 1e-3 (at 1e-4 NLL-oracle wandered
    // around 8.6-8.8): D then reads how soft G's relaxed rows are and G answers by sharpening its softmax, which lowers
    // NLL-oracle and raises NLL-test. G's average (0.995) draws the samples that are measured.
    public static Preset OracleRelGan { get; } = new("text-oracle-relgan",
        "RelGAN's recipe on the seed's GRU GAN, oracle benchmark: 4,000 MLE steps, then 1,000 steps of relativistic loss, temperature 1, drawn tokens fed back, D = GRU over 8 learned embeddings at 1e-3, G's average",
        new TextData("oracle"),
        new GumbelTextGanConfig
        {
            SequenceLength = 20, EmbeddingSize = 32, HiddenSize = 32, Schedule = TemperatureSchedule.Exponential, MaximumInverseTemperature = 1,
            // Feeding back the drawn token (RelGAN's G) measured 8.923 NLL-oracle against 9.025 feeding back the relaxed row.
            DiscriminatorRepresentations = 8, DiscriminatorEmbeddingSize = 32, FeedBackDrawnToken = true, GeneratorAverage = 0.995,
        },
        TextPlan(OracleMle, RelGanPhase(1000, discriminatorRate: 1e-3)),
        new EvaluationSettings { Every = 250, Samples = 2000 });

    // RelGAN's adversarial phase: relativistic standard loss, Adam 1e-4 with beta1 0.9 (D's rate can be raised), G clipped at 5.
    private static AdversarialPhase RelGanPhase(int steps, double discriminatorRate = 1e-4) => new AdversarialPhase
    {
        Steps = steps,
        Loss = LossKind.Relativistic,
        GeneratorOptimizer = new OptimizerSettings { LearningRate = 1e-4, Beta1 = 0.9, GradientClip = 5 },
        DiscriminatorOptimizer = new OptimizerSettings { LearningRate = discriminatorRate, Beta1 = 0.9 },
    };

    // The adversarial phase of the Gumbel GRU GAN: non-saturating loss, R1 on D's one-hot inputs, G's gradient clipped at 5.
    private static AdversarialPhase GumbelPhase(int steps, double generatorRate, double discriminatorRate, double r1, double beta1 = 0.5) => new AdversarialPhase
    {
        Steps = steps,
        GeneratorOptimizer = new OptimizerSettings { LearningRate = generatorRate, Beta1 = beta1, GradientClip = 5 },
        DiscriminatorOptimizer = new OptimizerSettings { LearningRate = discriminatorRate, Beta1 = beta1 },
    }.WithRegulariser(RegulariserKind.R1, r1);

    // The seed GRU GAN made to learn at a size that trains in minutes. Measured on Tang lines (README, Text GANs): MLE
    // pretraining teaches the line's form (and, on 587 lines, starts to memorise them: watch copy_rate); a small
    // adversarial learning rate with R1 on D keeps the form, while G learning rates of 1e-3 destroyed it within 100
    // adversarial steps with or without R1, and D at 1e-4 never left 0.5.
    private static readonly GumbelTextGanConfig SmallGru = new()
    {
        SequenceLength = 12, EmbeddingSize = 64, HiddenSize = 128, LatentSize = 32, InitialTemperature = 1.0, FinalTemperature = 0.3,
    };

    private static readonly TrainingPlan SmallGumbelTraining = TextPlan(
        new LikelihoodPhase { Steps = 800, Optimizer = new OptimizerSettings { LearningRate = 3e-3, Beta1 = 0.9, GradientClip = 5 } },
        GumbelPhase(300, 1e-4, 1e-3, 1));

    private static readonly EvaluationSettings SmallTextEvaluation = new() { Every = 100, Samples = 500, FinalSamples = 1000 };

    /// <summary>The default text GAN: the seed's Gumbel GRU GAN, small, on five-character Tang poem lines.</summary>
    public static Preset TangGumbel { get; } = new("text-tang-gumbel",
        "The seed's GRU GAN made to learn (Gumbel-softmax, 800 MLE + 300 adversarial steps, R1 on D), GRU 64/128, on 5-character Tang poem lines",
        new TextData("tang"), SmallGru, SmallGumbelTraining, SmallTextEvaluation);

    /// <summary>The same GAN on English words (character level).</summary>
    public static Preset EnglishGumbel { get; } = new("text-english-gumbel",
        "The seed's GRU GAN made to learn, small sizes, on English words (characters, wamerican)",
        new TextData("english"), SmallGru, SmallGumbelTraining, SmallTextEvaluation);

    /// <summary>SeqGAN on Tang poem lines.</summary>
    public static Preset TangSeqGan { get; } = new("text-tang-seqgan",
        "SeqGAN on 5-character Tang poem lines: LSTM 64/128, 1,500 MLE steps, 100 policy-gradient steps (8 rollouts)",
        new TextData("tang"), new LstmTextGanConfig { SequenceLength = 12, EmbeddingSize = 64, HiddenSize = 128 },
        TextPlan(new LikelihoodPhase { Steps = 1500, Optimizer = new OptimizerSettings { LearningRate = 3e-3, Beta1 = 0.9, GradientClip = 5 } },
            new PolicyGradientPhase
            {
                Steps = 100, Rollouts = 8, DiscriminatorWarmupSteps = 200, DiscriminatorSteps = 5,
                GeneratorOptimizer = new OptimizerSettings { LearningRate = 1e-3, Beta1 = 0.9, GradientClip = 5 },
            }),
        new EvaluationSettings { Every = 250, Samples = 500, FinalSamples = 1000 });

    /// <summary>The seed article's exact sizes (latent 128, length 50, vocabulary 10,000, hidden 512, 2 layers, batch 64, lr 0.001).</summary>
    public static Preset SeedGru { get; } = new("text-seed-gru",
        "The seed article's GRU GAN at its exact sizes (latent 128, length 50, vocab 10,000, hidden 512, 2 layers, batch 64, Adam 0.001) on Tang lines; slow on a CPU",
        new TextData("tang"),
        new GumbelTextGanConfig
        {
            SequenceLength = 50, EmbeddingSize = 512, HiddenSize = 512, Layers = 2, LatentSize = 128, MinimumVocabularySize = 10_000,
            InitialTemperature = 1.0, FinalTemperature = 0.1,
        },
        TextPlan(GumbelPhase(2000, 1e-3, 1e-3, 0, beta1: 0.9)),
        new EvaluationSettings { Every = 500, Samples = 200, FinalSamples = 500 });

    // The Tang couplets (128,412 training lines): one epoch is about 2,000 steps of 64, so MLE gets 3,000 steps, and the
    // three methods share one generator size and one pretraining so their rows differ only in what follows it.
    private static readonly LikelihoodPhase CoupletMle = new() { Steps = 3000, Optimizer = new OptimizerSettings { LearningRate = 3e-3, Beta1 = 0.9, GradientClip = 5 } };
    private static readonly EvaluationSettings CoupletEvaluation = new() { Every = 500, Samples = 500, FinalSamples = 1000 };

    /// <summary>MLE only on the Tang couplets.</summary>
    public static Preset CoupletMaximumLikelihood { get; } = new("text-couplets-mle",
        "MLE only on the Tang couplets (npm chinese-poetry, 128,412 training couplets): LSTM 64/128, 3,000 steps",
        new TextData(Data.TangCouplets.DataSetName), new LstmTextGanConfig { SequenceLength = 12, EmbeddingSize = 64, HiddenSize = 128, Discriminator = TextDiscriminatorKind.None },
        TextPlan(CoupletMle), CoupletEvaluation);

    /// <summary>SeqGAN on the Tang couplets after the same MLE.</summary>
    public static Preset CoupletSeqGan { get; } = TangSeqGan with
    {
        Name = "text-couplets-seqgan",
        Description = "SeqGAN on the Tang couplets: LSTM 64/128, text-couplets-mle's 3,000 MLE steps, then 100 policy-gradient steps (8 rollouts)",
        Data = new TextData(Data.TangCouplets.DataSetName),
        Training = TangSeqGan.Training with { Phases = new[] { CoupletMle, TangSeqGan.Training.Phases[1] } },
        Evaluation = CoupletEvaluation,
    };

    /// <summary>The seed's Gumbel GRU GAN on the Tang couplets.</summary>
    public static Preset CoupletGumbel { get; } = TangGumbel with
    {
        Name = "text-couplets-gumbel",
        Description = "The seed's GRU GAN (Gumbel-softmax, R1 on D), GRU 64/128, on the Tang couplets: 3,000 MLE + 300 adversarial steps",
        Data = new TextData(Data.TangCouplets.DataSetName),
        Training = SmallGumbelTraining with { Phases = new[] { CoupletMle, SmallGumbelTraining.Phases[1] } },
        Evaluation = CoupletEvaluation,
    };

    /// <summary>RelGAN's recipe on the seed's GRU GAN, on the Tang couplets after the shared MLE.</summary>
    public static Preset CoupletRelGan { get; } = new("text-tang-relgan",
        "RelGAN's recipe on the seed's GRU GAN, GRU 64/128, on the Tang couplets: 3,000 MLE + 300 relativistic steps, temperature 1 -> 1/100 (exponential), drawn tokens fed back, D = GRU over 8 learned embeddings",
        new TextData(Data.TangCouplets.DataSetName),
        SmallGru with
        {
            Schedule = TemperatureSchedule.Exponential, MaximumInverseTemperature = 100, FeedBackDrawnToken = true,
            DiscriminatorRepresentations = 8, DiscriminatorEmbeddingSize = 64,
        },
        TextPlan(CoupletMle, RelGanPhase(300)),
        CoupletEvaluation);

    private static IEnumerable<Preset> TextPresets => new[]
    {
        TangGumbel, EnglishGumbel, TangSeqGan, SeedGru, OracleMaximumLikelihood, OracleSeqGan, OracleGumbel, OracleRelGan, CoupletMaximumLikelihood, CoupletSeqGan, CoupletGumbel, CoupletRelGan,
    };
}
