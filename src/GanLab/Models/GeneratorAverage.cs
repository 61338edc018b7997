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
        using (no_grad())
            foreach (var ((_, target), (_, source)) in AverageStates().Zip(Generator.state_dict()))
                target.copy_(source);
        foreach (var parameter in average.parameters()) parameter.requires_grad_(false);
    }

    /// <summary>Moves the average towards G after G's <paramref name="updates"/>-th update: w_avg = d w_avg + (1 - d) w with
    /// d = min(decay, (1 + updates) / (10 + updates)), so the first steps are not averaged with the random initialisation
    /// (the ramp TensorFlow's ExponentialMovingAverage uses with num_updates). Buffers (BatchNorm statistics) are copied.</summary>
    public void UpdateAverage(int updates)
    {
        if (AveragedGenerator is null) return;
        var decay = Math.Min(AverageDecay, (1.0 + updates) / (10.0 + updates));
        using var scope = NewDisposeScope();
        using var noGradient = no_grad();
        var parameters = Generator.named_parameters().Select(pair => pair.name).ToHashSet();
        foreach (var ((name, target), (_, source)) in AverageStates().Zip(Generator.state_dict()))
        {
            if (parameters.Contains(name) && target.is_floating_point()) target.lerp_(source, 1 - decay);
            else target.copy_(source);
        }
    }

    private IEnumerable<(string Name, Tensor Value)> AverageStates() =>
        AveragedGenerator!.state_dict().Select(pair => (pair.Key, pair.Value));
}
