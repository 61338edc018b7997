using GanLab.Core;
using static TorchSharp.torch;

namespace GanLab.Models.Text;

/// <summary>
/// SeqGAN's synthetic benchmark (Yu et al., AAAI 2017): a randomly initialised LSTM with N(0, 1) weights plays the
/// real data distribution; generated text is scored by the oracle's NLL of it (NLL-oracle, lower = closer to the
/// oracle). Defaults are the paper's: vocabulary 5,000, sequences of 20 tokens, embedding and hidden size 32.
/// </summary>
public sealed class SyntheticOracle : IDisposable
{
    /// <summary>Builds the oracle from <paramref name="seed"/> (the same seed gives the same oracle).</summary>
    public SyntheticOracle(long seed = 88, int vocabularySize = 5000, int length = 20, int embeddingSize = 32, int hiddenSize = 32)
    {
        Guard.Positive(length, nameof(length));
        TorchRuntime.EnsureLoaded();
        Length = length;
        Model = new LstmLanguageModel(vocabularySize, embeddingSize, hiddenSize, sequenceLength: length);
        using (no_grad())
        {
            var random = new Generator(unchecked((ulong)seed));
            foreach (var parameter in Model.parameters()) parameter.copy_(randn(parameter.shape, generator: random));
        }
        Model.eval();
    }

    /// <summary>The oracle network (do not train it).</summary>
    public LstmLanguageModel Model { get; }
    /// <summary>Tokens per sequence.</summary>
    public int Length { get; }

    /// <summary>Draws sequences from the oracle [count, Length] (the benchmark's training set has 10,000).</summary>
    public Tensor Sample(int count, Generator random) => Model.SampleTokens(count, random);

    /// <summary>NLL-oracle: the oracle's mean per-token negative log-likelihood of <paramref name="sequences"/>.</summary>
    public double NegativeLogLikelihood(Tensor sequences)
    {
        // The oracle draws nothing while scoring; the generator argument only satisfies the interface.
        using var unused = new Generator(0);
        return SequenceLikelihood.Mean(Model, sequences, unused);
    }

    /// <inheritdoc />
    public void Dispose() => Model.Dispose();
}
