using GanLab.Data;
using GanLab.Models.Text;
using TorchSharp;
using static TorchSharp.torch;

namespace GanLab.Training;

/// <summary>MLE (teacher-forced) training of a text generator: the pretraining step of SeqGAN and of text GANs.</summary>
public static class MaximumLikelihood
{
    // SeqGAN clips the generator's gradient norm at 5 in both phases; LSTMs otherwise spike early.
    internal const double GradientClip = 5.0;

    /// <summary>
    /// Trains <paramref name="model"/> on token sequences [N, T] for <paramref name="steps"/> Adam steps of
    /// <paramref name="batchSize"/> sequences; returns the mean training NLL (nats per token) of each step.
    /// </summary>
    public static IReadOnlyList<double> Train(ITextGenerator model, Tensor sequences, int steps, int batchSize, double learningRate, Generator random)
    {
        if (sequences.dim() != 2) throw new ArgumentException($"sequences must be [N, T] token ids, got [{string.Join(", ", sequences.shape)}].", nameof(sequences));
        var module = (nn.Module)model;
        using var batches = new MiniBatches(sequences, batchSize, sequences.device, random);
        using var optimizer = optim.Adam(module.parameters(), learningRate);
        var losses = new List<double>(steps);
        module.train();
        for (var step = 1; step <= steps; step++)
        {
            using var scope = NewDisposeScope();
            losses.Add(Step(model, batches.Next(), optimizer, random, step));
        }
        return losses;
    }

    /// <summary>One MLE update on <paramref name="batch"/> [B, T]; returns its NLL per token.</summary>
    /// <exception cref="TrainingDivergedException">The loss is not finite (the update is not applied).</exception>
    /// <remarks>Call it inside a dispose scope that also holds <paramref name="batch"/>.</remarks>
    public static double Step(ITextGenerator model, Tensor batch, optim.Optimizer optimizer, Generator random, int step)
    {
        using var scope = NewDisposeScope();
        return Update((nn.Module)model, optimizer, -model.TokenLogProbabilities(batch, random).mean(), step, "mle_loss");
    }

    /// <summary>Backpropagates <paramref name="loss"/>, clips the gradient norm of <paramref name="module"/> at 5 and steps.</summary>
    internal static double Update(nn.Module module, optim.Optimizer optimizer, Tensor loss, int step, string name)
    {
        var value = loss.item<float>();
        if (!float.IsFinite(value)) throw new TrainingDivergedException(step, name, value);
        optimizer.zero_grad();
        loss.backward();
        nn.utils.clip_grad_norm_(module.parameters(), GradientClip);
        optimizer.step();
        return value;
    }
}
