using TorchSharp;

namespace GanLab.Training;

/// <summary>Stops a network's parameters from tracking gradients until disposed (then restores each as it was): a
/// backward pass through the network then computes gradients at its input only, not of its weights.</summary>
public sealed class FrozenParameters : IDisposable
{
    private readonly List<torch.Tensor> frozen;

    /// <summary>Freezes every parameter of <paramref name="network"/> that tracks gradients.</summary>
    public FrozenParameters(torch.nn.Module network)
    {
        frozen = network.parameters().Where(parameter => parameter.requires_grad).Cast<torch.Tensor>().ToList();
        foreach (var parameter in frozen) parameter.requires_grad_(false);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var parameter in frozen) parameter.requires_grad_(true);
    }
}
