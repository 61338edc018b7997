using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace GanLab.Models.Text;

/// <summary>How the Gumbel-softmax temperature moves over the adversarial phase.</summary>
public enum TemperatureSchedule
{
    /// <summary>Geometric from <see cref="GumbelTextGanConfig.InitialTemperature"/> down to <see cref="GumbelTextGanConfig.FinalTemperature"/> (the seed GRU GAN's).</summary>
    Geometric,
    /// <summary>RelGAN's exponential control: inverse temperature beta = beta_max^(n/N), temperature 1/beta.</summary>
    Exponential,
    /// <summary>RelGAN's polynomial control: beta = 1 + (beta_max - 1) (n/N)^power (power 2: quadratic).</summary>
    Polynomial,
}

/// <summary>The temperature a schedule gives at a point of the adversarial phase.</summary>
public static class TemperatureSchedules
{
    /// <summary>Temperature at <paramref name="progress"/> in [0, 1] of the phase.</summary>
    public static double At(GumbelTextGanConfig config, double progress)
    {
        progress = Math.Clamp(progress, 0, 1);
        return config.Schedule switch
        {
            TemperatureSchedule.Geometric => config.InitialTemperature * Math.Pow(config.FinalTemperature / config.InitialTemperature, progress),
            // RelGAN states the schedule as an inverse temperature that starts at 1 (plain Gumbel-softmax, exploration)
            // and grows to beta_max (nearly one-hot samples, exploitation).
            TemperatureSchedule.Exponential => 1 / Math.Pow(config.MaximumInverseTemperature, progress),
            TemperatureSchedule.Polynomial => 1 / (1 + (config.MaximumInverseTemperature - 1) * Math.Pow(progress, config.SchedulePower)),
            _ => throw new ArgumentOutOfRangeException(nameof(config), config.Schedule, "unknown temperature schedule"),
        };
    }
}

/// <summary>
/// RelGAN's multi-representation discriminator, with the seed's GRU as the network on each representation: the one-hot
/// or relaxed tokens [B, T, V] are multiplied by S learned embedding matrices (V x E each), one shared GRU reads every
/// embedded copy, and a linear head scores each. D returns [B, S]: the losses are elementwise, so every representation
/// is paired real-to-generated on its own and the loss is their mean, as RelGAN averages its S losses.
/// </summary>
public sealed class MultiRepresentationDiscriminator : Module<Tensor, Tensor>
{
    private readonly Linear embeddings;
    private readonly GRU gru;
    private readonly Linear score;
    private readonly int representations;
    private readonly int embeddingSize;

    /// <summary>Builds the discriminator.</summary>
    public MultiRepresentationDiscriminator(int vocabularySize, int representations, int embeddingSize, int hiddenSize, int layers) : base("discriminator")
    {
        this.representations = representations;
        this.embeddingSize = embeddingSize;
        embeddings = Linear(vocabularySize, representations * embeddingSize, hasBias: false);
        gru = GRU(embeddingSize, hiddenSize, layers, batchFirst: true);
        score = Linear(hiddenSize, 1);
        RegisterComponents();
    }

    /// <summary>[B, T, V] -> [B, S].</summary>
    public override Tensor forward(Tensor sequences)
    {
        using var scope = NewDisposeScope();
        var (batch, length) = (sequences.shape[0], sequences.shape[1]);
        // [B, T, S*E] -> [B, S, T, E] -> [B*S, T, E]: one GRU pass over every representation of every sequence.
        var embedded = embeddings.call(sequences).view(batch, length, representations, embeddingSize).permute(0, 2, 1, 3).reshape(batch * representations, length, embeddingSize);
        var (_, last) = gru.call(embedded);
        return score.call(last[-1]).view(batch, representations).MoveToOuterDisposeScope();
    }
}
