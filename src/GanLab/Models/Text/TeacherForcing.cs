using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace GanLab.Models.Text;

/// <summary>What every autoregressive text generator does under teacher forcing.</summary>
public static class TeacherForcing
{
    /// <summary>Inputs for predicting tokens [B, T]: the start token, then the tokens shifted right by one.</summary>
    public static Tensor Inputs(Tensor tokens, int startToken) =>
        cat(new[] { full(new long[] { tokens.shape[0], 1 }, startToken, dtype: ScalarType.Int64, device: tokens.device), tokens.narrow(1, 0, tokens.shape[1] - 1) }, 1);

    /// <summary>log p(token) of each token [B, T] under logits [B, T, V].</summary>
    public static Tensor LogProbabilitiesOf(Tensor logits, Tensor tokens) =>
        functional.log_softmax(logits, 2).gather(2, tokens.unsqueeze(2)).squeeze(2);
}
