using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace GanLab.Models.Text;

/// <summary>
/// SeqGAN's discriminator (Yu et al. 2017, after Kim 2014): token embedding, convolutions of several widths over the
/// sequence, max over time, a highway layer, dropout and a linear head giving one raw score per sequence.
/// </summary>
public sealed class CnnTextDiscriminator : Module<Tensor, Tensor>
{
    /// <summary>The paper's window widths for length-20 sequences.</summary>
    public static IReadOnlyList<int> PaperWidths { get; } = new[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 15, 20 };
    /// <summary>The paper's filter counts per width.</summary>
    public static IReadOnlyList<int> PaperFilters { get; } = new[] { 100, 200, 200, 200, 200, 100, 100, 100, 100, 100, 160, 160 };

    private readonly Embedding embedding;
    private readonly ModuleList<Conv1d> convolutions = new();
    private readonly Linear highwayTransform;
    private readonly Linear highwayGate;
    private readonly Dropout dropout;
    private readonly Linear score;

    /// <summary>Builds the discriminator; windows wider than <paramref name="sequenceLength"/> are left out.</summary>
    /// <param name="vocabularySize">Token ids it reads.</param>
    /// <param name="sequenceLength">Tokens per sequence.</param>
    /// <param name="embeddingSize">Token embedding size (the paper: 64).</param>
    /// <param name="filterScale">Multiplies the paper's filter counts (1 = the paper; smaller is faster on a CPU).</param>
    /// <param name="dropoutRate">Dropout before the head (the paper keeps 75%: 0.25).</param>
    public CnnTextDiscriminator(int vocabularySize, int sequenceLength, int embeddingSize = 64, double filterScale = 1.0, double dropoutRate = 0.25)
        : base("cnn_discriminator")
    {
        if (filterScale is <= 0 or > 4) throw new ArgumentException($"filterScale must be in (0, 4], got {filterScale}.", nameof(filterScale));
        embedding = Embedding(vocabularySize, embeddingSize);
        var features = 0;
        for (var index = 0; index < PaperWidths.Count; index++)
        {
            if (PaperWidths[index] > sequenceLength) continue;
            var filters = Math.Max(1, (int)Math.Round(PaperFilters[index] * filterScale));
            convolutions.Add(Conv1d(embeddingSize, filters, PaperWidths[index]));
            features += filters;
        }
        FeatureSize = features;
        highwayTransform = Linear(features, features);
        highwayGate = Linear(features, features);
        dropout = Dropout(dropoutRate);
        score = Linear(features, 1);
        RegisterComponents();
    }

    /// <summary>Concatenated max-pooled filter outputs per sequence.</summary>
    public int FeatureSize { get; }

    /// <summary>Token ids [B, T] -> raw scores [B, 1] (sigmoid = probability of being real).</summary>
    public override Tensor forward(Tensor tokens)
    {
        using var scope = NewDisposeScope();
        var embedded = embedding.call(tokens);
        var pooled = cat(convolutions.Select(convolution => functional.relu(Convolve(embedded, convolution)).amax(new long[] { 1 })).ToList(), 1);
        // Highway: a learned gate mixes a transformed copy with the input itself.
        var gate = sigmoid(highwayGate.call(pooled));
        var mixed = gate * functional.relu(highwayTransform.call(pooled)) + (1 - gate) * pooled;
        return score.call(dropout.call(mixed)).MoveToOuterDisposeScope();
    }

    /// <summary>What <paramref name="convolution"/> computes on [B, T, E], as [B, T - w + 1, F].</summary>
    // libtorch 2.10's Conv1d backward (CPU) intermittently returned non-finite input gradients for this bank of twelve
    // widths over one shared input: 7-18 of 100 backward passes on an AVX-512 EPYC, and SeqGAN runs stopped on a NaN
    // d_loss. The same sums as windows times the flattened kernel ran 100 of 100 clean, so D computes them that way;
    // the Conv1d modules only hold the weights, which keeps the checkpoint keys and the initialisation.
    public static Tensor Convolve(Tensor sequence, Conv1d convolution)
    {
        using var scope = NewDisposeScope();
        var weight = convolution.weight!;
        // [B, T, E] -> windows [B, T - w + 1, E, w] -> [B, T - w + 1, E * w], laid out as the kernel's [F, E, w].
        var windows = sequence.unfold(1, weight.shape[2], 1);
        windows = windows.reshape(windows.shape[0], windows.shape[1], -1);
        return functional.linear(windows, weight.view(weight.shape[0], -1), convolution.bias).MoveToOuterDisposeScope();
    }
}
