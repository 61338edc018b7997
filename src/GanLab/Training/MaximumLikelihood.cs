using GanLab.Data;
using GanLab.Models.Text;
using TorchSharp;
using static TorchSharp.torch;

namespace GanLab.Training;

/// <summary>MLE (teacher-forced) training of a language model: the pretraining step of SeqGAN and of text GANs.</summary>
public static class MaximumLikelihood
{
    /// <summary>
    /// Trains <paramref name="model"/> on token sequences [N, T] for <paramref name="steps"/> Adam steps of
    /// <paramref name="batchSize"/> sequences; returns the mean training NLL (nats per token) of each step.
    /// </summary>
    public static IReadOnlyList<double> Train(LstmLanguageModel model, Tensor sequences, int steps, int batchSize, double learningRate, Generator random)
    {
        if (sequences.dim() != 2) throw new ArgumentException($"sequences must be [N, T] token ids, got [{string.Join(", ", sequences.shape)}].", nameof(sequences));
        using var batches = new MiniBatches(sequences, batchSize, sequences.device, random);
        using var optimizer = optim.Adam(model.parameters(), learningRate);
        var losses = new List<double>(steps);
        model.train();
        for (var step = 0; step < steps; step++)
        {
            using var scope = NewDisposeScope();
            var loss = model.NegativeLogLikelihood(batches.Next());
            optimizer.zero_grad();
            loss.backward();
            // SeqGAN clips the generator's gradient norm at 5.0 during pretraining; LSTMs otherwise spike early.
            nn.utils.clip_grad_norm_(model.parameters(), 5.0);
            optimizer.step();
            losses.Add(loss.item<float>());
        }
        return losses;
    }
}
