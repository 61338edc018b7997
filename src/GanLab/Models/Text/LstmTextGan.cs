using GanLab.Core;

namespace GanLab.Models.Text;

/// <summary>Which discriminator an LSTM text model gets.</summary>
public enum TextDiscriminatorKind
{
    /// <summary>None: the generator is trained by maximum likelihood only.</summary>
    None,
    /// <summary>SeqGAN's CNN over token ids (window widths 1-10, 15, 20, highway, dropout).</summary>
    Cnn,
}

/// <summary>
/// SeqGAN's networks: an LSTM language model as G (emb/hidden 32 on the synthetic oracle benchmark) and, for the
/// adversarial phase, SeqGAN's CNN discriminator; without a discriminator it is the MLE baseline. G takes no noise:
/// it samples token by token from the start token.
/// </summary>
public sealed record LstmTextGanConfig : ModelConfig, ITextModelConfig
{
    /// <summary>Creates the default: the oracle benchmark's sizes, no noise input.</summary>
    public LstmTextGanConfig() { LatentSize = 0; }

    /// <summary>Tokens per sequence (SeqGAN's oracle: 20).</summary>
    public int SequenceLength { get; init; } = 20;
    /// <summary>Vocabulary size (0 in presets: taken from the data when the run starts).</summary>
    public int VocabularySize { get; init; }
    /// <summary>The networks get at least this many token ids.</summary>
    public int MinimumVocabularySize { get; init; }
    /// <summary>The input before the first token (the vocabulary's start token; the oracle's is 0).</summary>
    public int StartToken { get; init; }
    /// <summary>Generator token embedding size.</summary>
    public int EmbeddingSize { get; init; } = 32;
    /// <summary>Generator LSTM hidden size.</summary>
    public int HiddenSize { get; init; } = 32;
    /// <summary>The discriminator: none (MLE only) or SeqGAN's CNN.</summary>
    public TextDiscriminatorKind Discriminator { get; init; } = TextDiscriminatorKind.Cnn;
    /// <summary>CNN discriminator: token embedding size (the paper: 64).</summary>
    public int DiscriminatorEmbeddingSize { get; init; } = 64;
    /// <summary>CNN discriminator: multiplier of the paper's filter counts.</summary>
    public double DiscriminatorFilterScale { get; init; } = 0.5;

    /// <inheritdoc />
    public override void Validate()
    {
        Guard.InRange(LatentSize, 0, 0, nameof(LatentSize));
        Guard.InRange(SequenceLength, 2, 1000, nameof(SequenceLength));
        if (VocabularySize != 0) Guard.InRange(VocabularySize, 2, 1_000_000, nameof(VocabularySize));
        Guard.InRange(MinimumVocabularySize, 0, 1_000_000, nameof(MinimumVocabularySize));
        Guard.InRange(StartToken, 0, 1_000_000, nameof(StartToken));
        Guard.Positive(EmbeddingSize, nameof(EmbeddingSize));
        Guard.Positive(HiddenSize, nameof(HiddenSize));
        Guard.Defined(Discriminator, nameof(Discriminator));
        Guard.Positive(DiscriminatorEmbeddingSize, nameof(DiscriminatorEmbeddingSize));
        Guard.InRange(DiscriminatorFilterScale, 0.01, 4, nameof(DiscriminatorFilterScale));
    }

    /// <inheritdoc />
    public ModelConfig ForVocabulary(int vocabularySize, int startToken) =>
        this with { VocabularySize = Math.Max(vocabularySize, MinimumVocabularySize), StartToken = startToken };

    /// <inheritdoc />
    protected override GanModel BuildNetworks()
    {
        if (VocabularySize == 0) throw new ArgumentException("vocabularySize is 0: a text model takes its vocabulary from the data (ForVocabulary) before it is built.", "vocabularySize");
        var generator = new LstmLanguageModel(VocabularySize, EmbeddingSize, HiddenSize, StartToken, SequenceLength);
        var discriminator = Discriminator == TextDiscriminatorKind.Cnn
            ? new CnnTextDiscriminator(VocabularySize, SequenceLength, DiscriminatorEmbeddingSize, DiscriminatorFilterScale)
            : null;
        return new GanModel(generator, discriminator, new long[] { SequenceLength }, SampleRange.Unbounded, 0);
    }
}
