using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace GanLab.Models.Text;

/// <summary>Exact draws of one token per row from softmax(logits), seeded by the caller's CPU stream.</summary>
public static class TokenSampling
{
    /// <summary>logits [B, V] -> token ids [B, 1], drawn from softmax(logits / <paramref name="temperature"/>).</summary>
    /// <remarks>Inverse CDF: one uniform number per row located in the cumulative softmax. With a 5,000-token vocabulary
    /// this measured 21 ms per 1,000 rows here, against 69 ms for Gumbel-max (a uniform per vocabulary entry) and
    /// 150 ms for torch.multinomial; sampling dominates SeqGAN's rollouts and the oracle benchmark.</remarks>
    public static Tensor Draw(Tensor logits, Generator random, double temperature = 1.0)
    {
        if (!(temperature > 0)) throw new ArgumentException($"temperature must be positive, got {temperature}.", nameof(temperature));
        using var scope = NewDisposeScope();
        var cumulative = functional.softmax(temperature == 1.0 ? logits : logits / temperature, 1).cumsum(1);
        // Scaled by the row's total so float rounding in the sum can never leave u above the last entry.
        var uniform = rand(new long[] { logits.shape[0], 1 }, generator: random).to(logits.device) * cumulative.narrow(1, logits.shape[1] - 1, 1);
        return searchsorted(cumulative, uniform, right: true).clamp_max(logits.shape[1] - 1).MoveToOuterDisposeScope();
    }
}
