using GanLab.Core;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace GanLab.Models.Text;

/// <summary>
/// The seed article's GRU text GAN made to learn: G unrolls a GRU over the whole sequence, conditioned on z through its
/// initial state, and emits a Gumbel-softmax relaxed one-hot per step (Kusner and Hernandez-Lobato 2016), so D's
/// gradient reaches G through the "discrete" tokens; D is a GRU over vocabulary-sized vectors with a linear head,
/// as in the seed. Samples are [B, T, V] rows that sum to 1.
/// </summary>
public sealed record GumbelTextGanConfig : ModelConfig, ITextModelConfig
{
    /// <summary>Small defaults that train in minutes on two CPU cores; <see cref="Seed"/> holds the article's sizes.</summary>
    public GumbelTextGanConfig() { LatentSize = 32; }

    /// <summary>The seed article's sizes: latent 128, length 50, vocabulary 10,000, embedding and hidden 512, 2 layers.</summary>
    public static GumbelTextGanConfig Seed { get; } = new()
    {
        LatentSize = 128, SequenceLength = 50, VocabularySize = 10_000, EmbeddingSize = 512, HiddenSize = 512, Layers = 2,
    };

    /// <summary>Tokens per sequence (the seed: 50).</summary>
    public int SequenceLength { get; init; } = 12;
    /// <summary>Vocabulary size including special tokens (0 in presets: taken from the data when the run starts).</summary>
    public int VocabularySize { get; init; }
    /// <summary>The networks get at least this many token ids (the seed fixes 10,000; ids beyond the data's are never seen).</summary>
    public int MinimumVocabularySize { get; init; }
    /// <summary>Token embedding size of G's inputs.</summary>
    public int EmbeddingSize { get; init; } = 64;
    /// <summary>GRU hidden size of G and D.</summary>
    public int HiddenSize { get; init; } = 128;
    /// <summary>GRU layers of G and D (the seed: 2).</summary>
    public int Layers { get; init; } = 1;
    /// <summary>Gumbel-softmax temperature at step 0.</summary>
    public double InitialTemperature { get; init; } = 1.0;
    /// <summary>Temperature reached at the end of training (annealed geometrically).</summary>
    public double FinalTemperature { get; init; } = 0.1;
    /// <summary>How the temperature moves over the adversarial phase (Geometric uses the two temperatures above;
    /// RelGAN's Exponential and Polynomial go from 1 to 1 / <see cref="MaximumInverseTemperature"/>).</summary>
    public TemperatureSchedule Schedule { get; init; } = TemperatureSchedule.Geometric;
    /// <summary>RelGAN's beta_max: the inverse temperature reached at the end (the paper: 100 or 1,000).</summary>
    public double MaximumInverseTemperature { get; init; } = 100;
    /// <summary>The power of the polynomial schedule.</summary>
    public double SchedulePower { get; init; } = 2;
    /// <summary>0 = the seed's D (a GRU straight over the vocabulary-sized rows); S > 0 = RelGAN's multi-representation
    /// D with S learned embeddings of <see cref="DiscriminatorEmbeddingSize"/>.</summary>
    public int DiscriminatorRepresentations { get; init; }
    /// <summary>Size of each of D's learned embeddings (multi-representation D only).</summary>
    public int DiscriminatorEmbeddingSize { get; init; } = 64;
    /// <summary>false = each step feeds back the relaxed row it emitted (the seed GRU GAN); true = it feeds back the
    /// drawn token argmax(logits + g) as RelGAN's generator does, so G runs on the inputs MLE trained it on and D's
    /// gradient reaches each step's logits without passing back through the recurrence.</summary>
    public bool FeedBackDrawnToken { get; init; }
    /// <summary>true = D is shown the drawn token's one-hot row while G's gradient flows through the relaxed row (the
    /// straight-through Gumbel estimator of Jang et al. 2017), so D cannot tell G's rows from real ones by their
    /// softness and has to judge the tokens themselves.</summary>
    public bool StraightThrough { get; init; }

    /// <inheritdoc />
    public override void Validate()
    {
        base.Validate();
        Guard.InRange(SequenceLength, 1, 10_000, nameof(SequenceLength));
        if (VocabularySize != 0) Guard.InRange(VocabularySize, 5, 1_000_000, nameof(VocabularySize));
        Guard.InRange(MinimumVocabularySize, 0, 1_000_000, nameof(MinimumVocabularySize));
        Guard.Positive(EmbeddingSize, nameof(EmbeddingSize));
        Guard.Positive(HiddenSize, nameof(HiddenSize));
        Guard.InRange(Layers, 1, 8, nameof(Layers));
        Guard.InRange(InitialTemperature, 1e-3, 100, nameof(InitialTemperature));
        Guard.InRange(FinalTemperature, 1e-3, InitialTemperature, nameof(FinalTemperature));
        Guard.InRange(MaximumInverseTemperature, 1, 10_000, nameof(MaximumInverseTemperature));
        Guard.InRange(SchedulePower, 0.1, 10, nameof(SchedulePower));
        Guard.InRange(DiscriminatorRepresentations, 0, 1024, nameof(DiscriminatorRepresentations));
        Guard.Positive(DiscriminatorEmbeddingSize, nameof(DiscriminatorEmbeddingSize));
    }

    /// <inheritdoc />
    public ModelConfig ForVocabulary(int vocabularySize, int startToken) => this with { VocabularySize = Math.Max(vocabularySize, MinimumVocabularySize) };

    /// <inheritdoc />
    /// <remarks>The data are token ids [T]; D compares their one-hot rows with G's relaxed ones [T, V].</remarks>
    protected override GanModel BuildNetworks()
    {
        if (VocabularySize == 0) throw new ArgumentException("vocabularySize is 0: a text model takes its vocabulary from the data (ForVocabulary) before it is built.", "vocabularySize");
        var generator = new GumbelGruGenerator(this);
        Module<Tensor, Tensor> discriminator = DiscriminatorRepresentations == 0
            ? new GruDiscriminator(VocabularySize, HiddenSize, Layers)
            : new MultiRepresentationDiscriminator(VocabularySize, DiscriminatorRepresentations, DiscriminatorEmbeddingSize, HiddenSize, Layers);
        var vocabulary = VocabularySize;
        return new GanModel(generator, discriminator, new long[] { SequenceLength, VocabularySize }, SampleRange.Unbounded, LatentSize)
        {
            DataShape = new long[] { SequenceLength },
            RealTransform = tokens => functional.one_hot(tokens, vocabulary).to_type(ScalarType.Float32),
        };
    }
}

/// <summary>What text data must know of a text model: the sequence length to cut lines to, and how to take the
/// data's vocabulary before building.</summary>
public interface ITextModelConfig
{
    /// <summary>Tokens per sequence.</summary>
    int SequenceLength { get; }
    /// <summary>The networks get at least this many token ids.</summary>
    int MinimumVocabularySize { get; }
    /// <summary>The config with the data's vocabulary size and start token.</summary>
    ModelConfig ForVocabulary(int vocabularySize, int startToken);
}

/// <summary>A generator whose samples are relaxed (Gumbel-softmax) with a temperature annealed over the adversarial phase.</summary>
public interface IRelaxedGenerator
{
    /// <summary>The temperature in use.</summary>
    double Temperature { get; }
    /// <summary>Stream of the relaxation noise (the trainer sets the run's seeded stream).</summary>
    Generator? NoiseSource { set; }
    /// <summary>Sets the temperature for 1-based <paramref name="step"/> of a phase of <paramref name="steps"/>.</summary>
    void Anneal(int step, int steps);
}

/// <summary>z [B, latent] -> relaxed one-hot tokens [B, T, V].</summary>
public sealed class GumbelGruGenerator : Module<Tensor, Tensor>, ITextGenerator, IRelaxedGenerator
{
    private readonly Linear initialState;
    private readonly Embedding embedding;
    private readonly GRU gru;
    private readonly Linear output;
    private readonly GumbelTextGanConfig config;

    /// <summary>Builds the generator.</summary>
    public GumbelGruGenerator(GumbelTextGanConfig config) : base("generator")
    {
        this.config = config;
        initialState = Linear(config.LatentSize, config.Layers * config.HiddenSize);
        embedding = Embedding(config.VocabularySize, config.EmbeddingSize);
        gru = GRU(config.EmbeddingSize, config.HiddenSize, config.Layers, batchFirst: true);
        output = Linear(config.HiddenSize, config.VocabularySize);
        RegisterComponents();
    }

    /// <summary>Current Gumbel-softmax temperature (set per step by <see cref="Anneal"/>).</summary>
    public double Temperature { get; set; } = 1.0;

    /// <summary>Sets the temperature for <paramref name="step"/> of <paramref name="steps"/> by the config's schedule.</summary>
    public void Anneal(int step, int steps) => Temperature = TemperatureSchedules.At(config, step / (double)Math.Max(1, steps));

    /// <inheritdoc />
    public int SequenceLength => config.SequenceLength;
    /// <inheritdoc />
    public int VocabularySize => config.VocabularySize;
    /// <inheritdoc />
    public double SamplingTemperature { get; set; } = 1.0;
    /// <summary>Stream of the Gumbel noise in <see cref="forward"/> (the trainer sets its seeded stream; null = torch's global one).</summary>
    public Generator? NoiseSource { get; set; }
    /// <summary>Size of the noise vector z.</summary>
    public int LatentSize => config.LatentSize;

    /// <inheritdoc />
    /// <remarks>Feeds back the drawn token itself (exact autoregressive sampling); training feeds back the relaxed one
    /// unless <see cref="GumbelTextGanConfig.FeedBackDrawnToken"/> is set.</remarks>
    public Tensor SampleTokens(int count, Generator random)
    {
        using var scope = NewDisposeScope();
        using var noGradient = no_grad();
        var device = output.weight!.device;
        var state = InitialState(randn(new long[] { count, config.LatentSize }, generator: random).to(device));
        var token = full(new long[] { count, 1 }, StartToken, dtype: ScalarType.Int64, device: device);
        var tokens = new List<Tensor>(config.SequenceLength);
        for (var position = 0; position < config.SequenceLength; position++)
        {
            var (hidden, next) = gru.call(embedding.call(token), state);
            state = next;
            token = TokenSampling.Draw(output.call(hidden.squeeze(1)), random, SamplingTemperature);
            tokens.Add(token);
        }
        return cat(tokens, 1).MoveToOuterDisposeScope();
    }

    /// <inheritdoc />
    /// <remarks>Conditioned on a fresh z per sequence: E_z[log p(x | z)], a lower bound of log p(x) (Jensen), is what
    /// MLE pretraining raises and what NLL-test reports for this latent-variable generator.</remarks>
    public Tensor TokenLogProbabilities(Tensor tokens, Generator random)
    {
        using var scope = NewDisposeScope();
        var batch = tokens.shape[0];
        var state = InitialState(randn(new long[] { batch, config.LatentSize }, generator: random).to(tokens.device));
        var (hidden, _) = gru.call(embedding.call(TeacherForcing.Inputs(tokens, StartToken)), state);
        return TeacherForcing.LogProbabilitiesOf(output.call(hidden), tokens).MoveToOuterDisposeScope();
    }

    // Token id 1 is the vocabulary's start token.
    private const int StartToken = 1;

    private Tensor InitialState(Tensor noise) =>
        tanh(initialState.call(noise)).view(noise.shape[0], config.Layers, config.HiddenSize).transpose(0, 1).contiguous();

    /// <summary>[B, latent] -> [B, T, V]; each step feeds back the soft token it emitted (through the embedding matrix)
    /// or, with <see cref="GumbelTextGanConfig.FeedBackDrawnToken"/>, the token drawn (argmax of the soft row is the
    /// argmax of logits + g, a draw from softmax(logits) at any temperature).</summary>
    public override Tensor forward(Tensor noise)
    {
        using var scope = NewDisposeScope();
        var batch = noise.shape[0];
        var state = InitialState(noise);
        var input = embedding.call(full(new long[] { batch, 1 }, StartToken, dtype: ScalarType.Int64, device: noise.device));
        var steps = new List<Tensor>(config.SequenceLength);
        for (var position = 0; position < config.SequenceLength; position++)
        {
            var (hidden, next) = gru.call(input, state);
            state = next;
            var logits = output.call(hidden.squeeze(1));
            // Gumbel-softmax: softmax((logits + g) / temperature), g = -log(-log u); as the temperature falls the rows
            // approach one-hot draws from softmax(logits) while staying differentiable.
            var uniform = rand(logits.shape, generator: NoiseSource).to(logits.device).clamp(1e-10, 1 - 1e-7);
            var soft = functional.softmax((logits - (-uniform.log()).log()) / Temperature, 1);
            // The drawn token only when something reads it: an argmax over the vocabulary per step is not free.
            var drawn = config.FeedBackDrawnToken || config.StraightThrough ? soft.argmax(1, keepdim: true) : null;
            steps.Add(config.StraightThrough ? StraightThrough(soft, drawn!) : soft);
            input = config.FeedBackDrawnToken ? embedding.call(drawn!) : soft.matmul(embedding.weight!).unsqueeze(1);
        }
        return stack(steps, 1).MoveToOuterDisposeScope();
    }

    // The one-hot row of the drawn token in the forward pass, the relaxed row's gradient in the backward pass.
    private static Tensor StraightThrough(Tensor soft, Tensor drawn) =>
        soft + (functional.one_hot(drawn.squeeze(1), soft.shape[1]).to_type(soft.dtype) - soft).detach();
}

/// <summary>[B, T, V] (one-hot or relaxed) -> one raw score per sequence, from a GRU's last hidden state.</summary>
public sealed class GruDiscriminator : Module<Tensor, Tensor>
{
    private readonly GRU gru;
    private readonly Linear score;

    /// <summary>Builds the discriminator.</summary>
    public GruDiscriminator(int vocabularySize, int hiddenSize, int layers) : base("discriminator")
    {
        gru = GRU(vocabularySize, hiddenSize, layers, batchFirst: true);
        score = Linear(hiddenSize, 1);
        RegisterComponents();
    }

    /// <summary>[B, T, V] -> [B, 1].</summary>
    public override Tensor forward(Tensor sequences)
    {
        using var scope = NewDisposeScope();
        var (_, last) = gru.call(sequences);
        return score.call(last[-1]).MoveToOuterDisposeScope();
    }
}
