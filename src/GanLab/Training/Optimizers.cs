using GanLab.Core;
using TorchSharp;
using static TorchSharp.torch;

namespace GanLab.Training;

/// <summary>Which optimiser updates a network.</summary>
public enum OptimizerKind
{
    /// <summary>Adam (Kingma and Ba 2015).</summary>
    Adam,
    /// <summary>Stochastic gradient descent with optional momentum.</summary>
    Sgd,
}

/// <summary>Optimiser settings for one network. Defaults are DCGAN's: Adam, 2e-4, beta1 0.5.</summary>
public sealed record OptimizerSettings
{
    /// <summary>Adam or SGD.</summary>
    public OptimizerKind Kind { get; init; } = OptimizerKind.Adam;
    /// <summary>Learning rate, &gt; 0.</summary>
    public double LearningRate { get; init; } = 2e-4;
    /// <summary>Adam's beta1 (0.5 in DCGAN, 0.9 in Keras' default, 0 in R3GAN).</summary>
    public double Beta1 { get; init; } = 0.5;
    /// <summary>Adam's beta2.</summary>
    public double Beta2 { get; init; } = 0.999;
    /// <summary>SGD momentum.</summary>
    public double Momentum { get; init; }
    /// <summary>Clip the network's gradient norm to this before each update (0 = no clipping; SeqGAN clips at 5).</summary>
    public double GradientClip { get; init; }
    /// <summary>Learning rate over the phase (null = constant).</summary>
    public Schedule? LearningRateSchedule { get; init; }
    /// <summary>Adam's beta2 over the phase (null = constant; R3GAN raises it from 0.9 to 0.99).</summary>
    public Schedule? Beta2Schedule { get; init; }

    /// <summary>Throws naming the field (prefixed with <paramref name="owner"/>) that is out of range.</summary>
    public void Validate(string owner)
    {
        Guard.Defined(Kind, $"{owner}.kind");
        Guard.Positive(LearningRate, $"{owner}.learningRate");
        Guard.InRange(Beta1, 0, 0.999999, $"{owner}.beta1");
        Guard.InRange(Beta2, 0, 0.999999, $"{owner}.beta2");
        Guard.InRange(Momentum, 0, 0.999999, $"{owner}.momentum");
        Guard.InRange(GradientClip, 0, 1e9, $"{owner}.gradientClip");
        LearningRateSchedule?.Validate($"{owner}.learningRateSchedule");
        Beta2Schedule?.Validate($"{owner}.beta2Schedule");
        if (Beta2Schedule is { } beta2 && !(Beta2 * beta2.Final < 1))
            throw new ArgumentException($"{owner}.beta2Schedule.final must keep beta2 below 1 (beta2 {Beta2} x final {beta2.Final}).", $"{owner}.beta2Schedule");
    }
}

/// <summary>One network's optimiser with its settings: the one way every step updates a network.</summary>
public sealed class NetworkOptimizer : IDisposable
{
    private readonly nn.Module network;
    private readonly optim.Optimizer optimizer;

    /// <summary>Creates the optimiser of <paramref name="network"/>'s parameters.</summary>
    public NetworkOptimizer(nn.Module network, OptimizerSettings settings)
    {
        this.network = network;
        Settings = settings;
        optimizer = settings.Kind switch
        {
            OptimizerKind.Adam => new HeldScalarAdam(network.parameters(), settings.LearningRate, settings.Beta1, settings.Beta2),
            _ => optim.SGD(network.parameters(), settings.LearningRate, settings.Momentum),
        };
    }

    /// <summary>The settings it was made with.</summary>
    public OptimizerSettings Settings { get; }

    /// <summary>Sets learning rate (and Adam's beta2) for <paramref name="step"/> of a phase of <paramref name="steps"/>.</summary>
    public void Schedule(int step, int steps)
    {
        // Without schedules nothing is touched, so runs without them do exactly what they always did.
        if (Settings.LearningRateSchedule is { } rate)
            foreach (var group in optimizer.ParamGroups) group.LearningRate = Settings.LearningRate * rate.Factor(step, steps);
        if (Settings.Beta2Schedule is { } beta2 && optimizer is TorchSharp.Modules.Adam adam)
            adam.Betas = (Settings.Beta1, Settings.Beta2 * beta2.Factor(step, steps));
    }

    /// <summary>Backpropagates <paramref name="loss"/> and updates the network: the loss is checked first (a NaN or
    /// infinite loss throws before anything changes), the gradient is clipped when the settings say so, and its norm is
    /// measured before clipping when <paramref name="measureNorm"/> is set (NaN otherwise).</summary>
    /// <returns>The loss value and the gradient norm.</returns>
    public (double Loss, double GradientNorm) Update(Tensor loss, int step, string name, bool measureNorm) =>
        Update(loss, loss.item<float>(), step, name, measureNorm);

    /// <summary>As <see cref="Update(Tensor, int, string, bool)"/>, with the loss value already read (with other
    /// values, in one read from the device).</summary>
    /// <remarks>afterBackward changes the gradients before they are measured and applied (DP-SGD adds the noisy mean of
    /// clipped per-example gradients there; its loss, with nothing left to backpropagate, may then be null).</remarks>
    public (double Loss, double GradientNorm) Update(Tensor? loss, float value, int step, string name, bool measureNorm, Action? afterBackward = null)
    {
        if (!float.IsFinite(value)) throw new TrainingDivergedException(step, name, value);
        optimizer.zero_grad();
        loss?.backward();
        afterBackward?.Invoke();
        var norm = measureNorm ? GradientNorm(network) : double.NaN;
        if (Settings.GradientClip > 0) nn.utils.clip_grad_norm_(network.parameters(), Settings.GradientClip);
        optimizer.step();
        return (value, norm);
    }

    /// <summary>The optimiser's state (moments, step counts) as bytes for checkpoints.</summary>
    public byte[] SaveState()
    {
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer, System.Text.Encoding.UTF8, leaveOpen: true))
            ((TorchSharp.Modules.OptimizerHelper)optimizer).save_state_dict(writer);
        return buffer.ToArray();
    }

    /// <summary>Restores a state saved by <see cref="SaveState"/>; <paramref name="source"/> names it in errors.</summary>
    public void LoadState(byte[] state, string source)
    {
        try
        {
            using var reader = new BinaryReader(new MemoryStream(state));
            ((TorchSharp.Modules.OptimizerHelper)optimizer).load_state_dict(reader);
        }
        catch (Exception error) when (error is not OutOfMemoryException)
        {
            throw new InvalidDataException($"{source} does not fit this optimiser ({error.Message}).", error);
        }
    }

    /// <summary>L2 norm of all of <paramref name="module"/>'s gradients (vanishing gradients show here).</summary>
    public static double GradientNorm(nn.Module module)
    {
        using var scope = NewDisposeScope();
        // Per-tensor norms read each gradient once without a full-size temporary (square() would allocate one).
        var norms = module.parameters().Where(parameter => parameter.grad is not null).Select(parameter => parameter.grad!.norm()).ToList();
        return norms.Count == 0 ? 0 : stack(norms).norm().item<float>();
    }

    /// <inheritdoc />
    public void Dispose() => optimizer.Dispose();
}

/// <summary>A loss became NaN or infinite; the model was not updated with it.</summary>
public sealed class TrainingDivergedException : Exception
{
    /// <summary>Creates the exception for the named quantity at a step.</summary>
    public TrainingDivergedException(int step, string quantity, double value)
        : base($"training diverged at step {step}: {quantity} is {value}; the update was not applied. " +
               "Try a lower learning rate, another loss, or fewer discriminator steps.")
    {
        Step = step;
    }

    /// <summary>The step whose loss was not finite.</summary>
    public int Step { get; }
}
