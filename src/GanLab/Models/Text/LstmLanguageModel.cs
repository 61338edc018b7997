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
public sealed class LstmLanguageModel : Module<Tensor, Tensor>
{
    private readonly Embedding embedding;
    private readonly LSTM lstm;
    private readonly Linear output;

    /// <summary>Builds the model; <paramref name="startToken"/> is the input before the first generated token.</summary>
    public LstmLanguageModel(int vocabularySize, int embeddingSize, int hiddenSize, int startToken = 0) : base("language_model")
    {
        if (vocabularySize < 2) throw new ArgumentException($"vocabularySize must be at least 2, got {vocabularySize}.", nameof(vocabularySize));
        VocabularySize = vocabularySize;
        StartToken = startToken;
        embedding = Embedding(vocabularySize, embeddingSize);
        lstm = LSTM(embeddingSize, hiddenSize, batchFirst: true);
        output = Linear(hiddenSize, vocabularySize);
        RegisterComponents();
    }

    /// <summary>Tokens the model can emit.</summary>
    public int VocabularySize { get; }
    /// <summary>The first input of every sequence.</summary>
    public int StartToken { get; }

    /// <summary>Teacher forcing: tokens [B, T] -> logits [B, T, V] for each next token, the first predicted from the start token.</summary>
    public override Tensor forward(Tensor tokens)
    {
        using var scope = NewDisposeScope();
        var inputs = cat(new[] { full(new long[] { tokens.shape[0], 1 }, StartToken, dtype: ScalarType.Int64, device: tokens.device), tokens.narrow(1, 0, tokens.shape[1] - 1) }, 1);
        var (hidden, _, _) = lstm.call(embedding.call(inputs));
        return output.call(hidden).MoveToOuterDisposeScope();
    }

    /// <summary>Mean negative log-likelihood per token of <paramref name="sequences"/> [B, T] under this model (nats).</summary>
    public Tensor NegativeLogLikelihood(Tensor sequences)
    {
        using var scope = NewDisposeScope();
        var logits = call(sequences);
        return functional.cross_entropy(logits.reshape(-1, VocabularySize), sequences.reshape(-1)).MoveToOuterDisposeScope();
    }

    /// <summary>Samples <paramref name="count"/> sequences of <paramref name="length"/> tokens [count, length] (no gradients).</summary>
    public Tensor Sample(int count, int length, Generator random, Device? device = null)
    {
        using var scope = NewDisposeScope();
        using var noGradient = no_grad();
        var where = device ?? CPU;
        var token = full(new long[] { count, 1 }, StartToken, dtype: ScalarType.Int64, device: where);
        (Tensor, Tensor)? state = null;
        var tokens = new List<Tensor>();
        for (var step = 0; step < length; step++)
        {
            var (hidden, h, c) = lstm.call(embedding.call(token), state);
            state = (h, c);
            // Gumbel-max: argmax(logits + Gumbel noise) is an exact draw from softmax(logits), and far cheaper than
            // multinomial over thousands of tokens.
            var logits = output.call(hidden).squeeze(1);
            var uniform = rand(logits.shape, generator: random).clamp(1e-10, 1 - 1e-7).to(where);
            token = (logits - (-uniform.log()).log()).argmax(1, keepdim: true);
            tokens.Add(token);
        }
        return cat(tokens, 1).MoveToOuterDisposeScope();
    }
}
