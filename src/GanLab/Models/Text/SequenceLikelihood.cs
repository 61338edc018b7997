using TorchSharp;
using static TorchSharp.torch;

namespace GanLab.Models.Text;

/// <summary>Mean per-token negative log-likelihood of many sequences, in batches small enough for a large vocabulary.</summary>
public static class SequenceLikelihood
{
    // Logits are [rows, length, vocabulary] floats, and log-softmax makes a second copy. At the oracle's 5,000 tokens a
    // batch of 1,000 sequences meant 800 MB per evaluation, most of the time going to page faults; 8 million logits
    // (32 MB) per batch keep it in cache-friendly pieces. Small vocabularies keep batches of 1,000, as before.
    private const long LogitsPerBatch = 8_000_000;
    private const long MostRows = 1000;

    /// <summary>Sequences [N, T] scored by <paramref name="model"/> (no gradients): the mean of -log p over all N * T tokens, in nats.</summary>
    public static double Mean(ITextGenerator model, Tensor sequences, Generator random)
    {
        using var scope = NewDisposeScope();
        using var noGradient = no_grad();
        var device = ((nn.Module)model).parameters().First().device;
        var rows = Math.Clamp(LogitsPerBatch / Math.Max(1, sequences.shape[1] * model.VocabularySize), 1, MostRows);
        double total = 0;
        long tokens = 0;
        for (long start = 0; start < sequences.shape[0]; start += rows)
        {
            using var batchScope = NewDisposeScope();
            var batch = sequences.narrow(0, start, Math.Min(rows, sequences.shape[0] - start)).to(device);
            total -= model.TokenLogProbabilities(batch, random).sum().item<float>();
            tokens += batch.numel();
        }
        return total / tokens;
    }
}
