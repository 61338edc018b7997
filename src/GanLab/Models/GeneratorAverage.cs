using TorchSharp;
using static TorchSharp.torch;

namespace GanLab.Models;

public sealed partial class GanModel
{
    /// <summary>The exponential moving average of G's weights (null when the model keeps none); trained by nobody, it
    /// follows G through <see cref="UpdateAverage"/> after every step.</summary>
    public nn.Module<Tensor, Tensor>? AveragedGenerator { get; private set; }
    /// <summary>The decay the average was configured with (0 without one).</summary>
    public double AverageDecay { get; private set; }
    /// <summary>When the model keeps an average: true (the default) samples from it, false from the raw G (`eval --raw`).</summary>
    public bool SampleFromAverage { get; set; } = true;
    /// <summary>The network <see cref="Sample"/> uses.</summary>
    public nn.Module<Tensor, Tensor> SamplingGenerator => AveragedGenerator is not null && SampleFromAverage ? AveragedGenerator : Generator;

    /// <summary>Keeps <paramref name="average"/> (a network of G's shape) as G's average, starting from G's weights.</summary>
    internal void AttachAverage(nn.Module<Tensor, Tensor> average, double decay)
    {
        AveragedGenerator = average;
        AverageDecay = decay;
        PairAverage();
        using (no_grad())
            foreach (var (target, source, _) in averagePairs) target.copy_(source);
        foreach (var parameter in average.parameters()) parameter.requires_grad_(false);
    }

    private List<(Tensor Target, Tensor Source, bool Averaged)> averagePairs = new();

    // Which tensor of the average follows which of G, found once rather than every step; made again after a move to
    // another device, which gives both networks new tensors.
    private void PairAverage()
    {
        if (AveragedGenerator is null) return;
        var parameters = Generator.named_parameters().Select(pair => pair.name).ToHashSet();
        averagePairs = AveragedGenerator.state_dict().Zip(Generator.state_dict(),
            (target, source) => (target.Value, source.Value, parameters.Contains(source.Key) && source.Value.is_floating_point())).ToList();
    }

    /// <summary>Moves the average towards G after G's <paramref name="updates"/>-th update: w_avg = d w_avg + (1 - d) w with
    /// d = min(decay, (1 + updates) / (10 + updates)), so the first steps are not averaged with the random initialisation
    /// (the ramp TensorFlow's ExponentialMovingAverage uses with num_updates). Buffers (BatchNorm statistics) are copied.</summary>
    public void UpdateAverage(int updates)
    {
        if (AveragedGenerator is null) return;
        var decay = Math.Min(AverageDecay, (1.0 + updates) / (10.0 + updates));
        // In-place operations still return tensor handles: the scope disposes them.
        using var scope = NewDisposeScope();
        using var noGradient = no_grad();
        foreach (var (target, source, averaged) in averagePairs)
        {
            if (averaged) target.lerp_(source, 1 - decay);
            else target.copy_(source);
        }
    }
}
