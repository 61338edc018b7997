using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GanLab.Models;

/// <summary>
/// Spectral normalisation (Miyato et al. 2018): a convolution or linear layer whose weight is divided by its largest
/// singular value, estimated by one power iteration per training forward pass (the vectors persist between passes, so
/// the estimate converges over steps). Every layer of D then has a Lipschitz constant of about 1, which bounds how
/// steep D can become around the data.
/// </summary>
/// <remarks>The weight stays the wrapped layer's own parameter (initialisations and optimisers see it as before); the
/// wrapper only changes how it is applied. In evaluation mode the stored vectors are used without iterating.</remarks>
public sealed class SpectralNormalised : nn.Module<Tensor, Tensor>
{
    private readonly nn.Module<Tensor, Tensor> layer;
    private readonly Tensor left;
    private readonly Tensor right;

    /// <summary>Wraps <paramref name="layer"/> (a <see cref="Conv2d"/> or <see cref="Linear"/>).</summary>
    public SpectralNormalised(nn.Module<Tensor, Tensor> layer) : base("spectral_norm")
    {
        if (layer is not (Conv2d or Linear)) throw new ArgumentException($"spectral normalisation wraps Conv2d or Linear layers, not {layer.GetType().Name}.", nameof(layer));
        this.layer = layer;
        var shape = Weight.shape;
        var columns = shape.Skip(1).Aggregate(1L, (product, size) => product * size);
        // Random unit vectors from the global stream (seeded with the model), as torch.nn.utils.spectral_norm starts.
        left = nn.functional.normalize(randn(shape[0]), dim: 0, eps: 1e-12);
        right = nn.functional.normalize(randn(columns), dim: 0, eps: 1e-12);
        register_buffer("left", left);
        register_buffer("right", right);
        RegisterComponents();
    }

    /// <summary>The wrapped layer.</summary>
    public nn.Module<Tensor, Tensor> Layer => layer;

    private Tensor Weight => layer switch
    {
        Conv2d convolution => convolution.weight!,
        Linear linear => linear.weight!,
        _ => throw new InvalidOperationException("unreachable"),
    };

    /// <summary>The current estimate of the weight's largest singular value (differentiable in the weight).</summary>
    public Tensor SingularValue()
    {
        using var scope = NewDisposeScope();
        var matrix = Weight.view(Weight.shape[0], -1);
        return left.dot(matrix.mv(right)).MoveToOuterDisposeScope();
    }

    /// <summary>Applies the layer with its weight divided by the largest singular value.</summary>
    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var weight = Weight;
        if (training)
            using (no_grad())
            {
                // One power iteration: right = W^T left / |.|, left = W right / |.|, kept for the next pass.
                var matrix = weight.view(weight.shape[0], -1);
                right.copy_(nn.functional.normalize(matrix.t().mv(left), dim: 0, eps: 1e-12));
                left.copy_(nn.functional.normalize(matrix.mv(right), dim: 0, eps: 1e-12));
            }
        var normalised = weight / SingularValue();
        var output = layer switch
        {
            Conv2d convolution => nn.functional.conv2d(input, normalised, convolution.bias, convolution.stride, convolution.padding, convolution.dilation, convolution.groups),
            Linear linear => nn.functional.linear(input, normalised, linear.bias),
            _ => throw new InvalidOperationException("unreachable"),
        };
        return output.MoveToOuterDisposeScope();
    }

    /// <summary><paramref name="layer"/> wrapped when <paramref name="enabled"/>, else itself: how families build D's layers.</summary>
    public static nn.Module<Tensor, Tensor> Maybe(nn.Module<Tensor, Tensor> layer, bool enabled) => enabled ? new SpectralNormalised(layer) : layer;
}
