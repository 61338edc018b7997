using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace GanLab.Models.Text;

/// <summary>
/// A token-by-token LSTM language model: embedding, one LSTM layer, a linear layer to vocabulary logits. It is the
/// SeqGAN generator (emb/hidden 32 on the synthetic benchmark) and, with N(0, 1) weights, the synthetic oracle.
/// Every sequence starts from <see cref="StartToken"/> fed as the first input.
/// </summary>
public sealed class LstmLanguageModel : Module<Tensor, Tensor>, ITextGenerator
{
    private readonly Embedding embedding;
    private readonly LSTM lstm;
    private readonly Linear output;

    /// <summary>Builds the model; <paramref name="startToken"/> is the input before the first generated token.</summary>
    public LstmLanguageModel(int vocabularySize, int embeddingSize, int hiddenSize, int startToken = 0, int sequenceLength = 20) : base("language_model")
    {
        if (vocabularySize < 2) throw new ArgumentException($"vocabularySize must be at least 2, got {vocabularySize}.", nameof(vocabularySize));
        if (sequenceLength < 1) throw new ArgumentException($"sequenceLength must be positive, got {sequenceLength}.", nameof(sequenceLength));
        VocabularySize = vocabularySize;
        StartToken = startToken;
        SequenceLength = sequenceLength;
        embedding = Embedding(vocabularySize, embeddingSize);
        lstm = LSTM(embeddingSize, hiddenSize, batchFirst: true);
        output = Linear(hiddenSize, vocabularySize);
        RegisterComponents();
    }

    /// <inheritdoc />
    public int VocabularySize { get; }
    /// <summary>The first input of every sequence.</summary>
    public int StartToken { get; }
    /// <inheritdoc />
    public int SequenceLength { get; }
    /// <inheritdoc />
    public double SamplingTemperature { get; set; } = 1.0;

    /// <summary>Teacher forcing: tokens [B, T] -> logits [B, T, V] for each next token, the first predicted from the start token.</summary>
    public override Tensor forward(Tensor tokens)
    {
        using var scope = NewDisposeScope();
        var (hidden, _, _) = lstm.call(embedding.call(TeacherForcing.Inputs(tokens, StartToken)));
        return output.call(hidden).MoveToOuterDisposeScope();
    }

    /// <summary>Mean negative log-likelihood per token of <paramref name="sequences"/> [B, T] under this model (nats).</summary>
    public Tensor NegativeLogLikelihood(Tensor sequences)
    {
        using var scope = NewDisposeScope();
        var logits = call(sequences);
        return functional.cross_entropy(logits.reshape(-1, VocabularySize), sequences.reshape(-1)).MoveToOuterDisposeScope();
    }

    /// <inheritdoc />
    public Tensor TokenLogProbabilities(Tensor tokens, Generator random)
    {
        using var scope = NewDisposeScope();
        return TeacherForcing.LogProbabilitiesOf(call(tokens), tokens).MoveToOuterDisposeScope();
    }

    /// <inheritdoc />
    public Tensor SampleTokens(int count, Generator random) => Sample(count, SequenceLength, random);

    /// <summary>Samples <paramref name="count"/> sequences of <paramref name="length"/> tokens [count, length] (no gradients).</summary>
    public Tensor Sample(int count, int length, Generator random)
    {
        using var scope = NewDisposeScope();
        using var noGradient = no_grad();
        var token = full(new long[] { count, 1 }, StartToken, dtype: ScalarType.Int64, device: Device);
        (Tensor, Tensor)? state = null;
        var tokens = new List<Tensor>();
        for (var step = 0; step < length; step++)
        {
            // Each step's [count, vocabulary] logits are freed at once: kept to the end, 10,000 oracle sequences held 4 GB.
            using var stepScope = NewDisposeScope();
            var (hidden, h, c) = lstm.call(embedding.call(token), state);
            state = (h.MoveToOuterDisposeScope(), c.MoveToOuterDisposeScope());
            token = Draw(output.call(hidden).squeeze(1), random).MoveToOuterDisposeScope();
            tokens.Add(token);
        }
        return cat(tokens, 1).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// SeqGAN's Monte Carlo search: for every prefix length t = 1 .. T-1 of <paramref name="sequences"/> [B, T],
    /// <paramref name="rollouts"/> completions sampled from this model; element t-1 of the result is [rollouts * B, T]
    /// (rollout-major). The prefix's LSTM state is computed once and shared by all completions from it.
    /// </summary>
    public IReadOnlyList<Tensor> Rollouts(Tensor sequences, int rollouts, Generator random)
    {
        using var scope = NewDisposeScope();
        using var noGradient = no_grad();
        var batch = sequences.shape[0];
        var length = (int)sequences.shape[1];
        var repeated = sequences.repeat(rollouts, 1);
        var input = full(new long[] { batch * rollouts, 1 }, StartToken, dtype: ScalarType.Int64, device: sequences.device);
        (Tensor, Tensor)? prefixState = null;
        var completions = new List<Tensor>(length - 1);
        for (var prefix = 1; prefix < length; prefix++)
        {
            // Advance the shared prefix state by the real token at position prefix - 1.
            var (_, h, c) = lstm.call(embedding.call(input), prefixState);
            prefixState = (h, c);
            input = repeated.narrow(1, prefix - 1, 1);
            var (hidden, rolloutH, rolloutC) = lstm.call(embedding.call(input), prefixState);
            var state = ((Tensor, Tensor)?)(rolloutH, rolloutC);
            var tokens = new List<Tensor> { repeated.narrow(1, 0, prefix) };
            for (var position = prefix; position < length; position++)
            {
                // As in Sample: one position's logits live only for its draw.
                using var positionScope = NewDisposeScope();
                var token = Draw(output.call(hidden).squeeze(1), random).MoveToOuterDisposeScope();
                tokens.Add(token);
                if (position + 1 < length)
                {
                    var (nextHidden, nextH, nextC) = lstm.call(embedding.call(token), state);
                    hidden = nextHidden.MoveToOuterDisposeScope();
                    state = (nextH.MoveToOuterDisposeScope(), nextC.MoveToOuterDisposeScope());
                }
            }
            completions.Add(cat(tokens, 1));
        }
        foreach (var completion in completions) completion.MoveToOuterDisposeScope();
        return completions;
    }

    private Device Device => output.weight!.device;

    private Tensor Draw(Tensor logits, Generator random) => TokenSampling.Draw(logits, random, SamplingTemperature);
}
