using static TorchSharp.torch;

namespace GanLab.Models.Text;

/// <summary>What the text trainers and metrics need from a generator of token sequences.</summary>
public interface ITextGenerator
{
    /// <summary>Tokens per generated sequence.</summary>
    int SequenceLength { get; }
    /// <summary>Ids the generator can emit.</summary>
    int VocabularySize { get; }
    /// <summary>Divides the logits when drawing tokens (1 = the model's own distribution; lower = sharper, less diverse).</summary>
    double SamplingTemperature { get; set; }
    /// <summary>Draws <paramref name="count"/> discrete sequences [count, SequenceLength] (int64, no gradients).</summary>
    Tensor SampleTokens(int count, Generator random);
    /// <summary>Teacher-forced log-probability of each token given the ones before it, [B, T]; differentiable (MLE, policy gradients).</summary>
    Tensor TokenLogProbabilities(Tensor tokens, Generator random);
}
