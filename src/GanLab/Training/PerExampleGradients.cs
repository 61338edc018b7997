using GanLab.Models;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using Sequential = TorchSharp.Modules.Sequential;
using Module = TorchSharp.torch.nn.Module;

namespace GanLab.Training;

/// <summary>
/// Per-example gradients of a chain of layers from one batched forward and backward pass, without vmap: each
/// parametrised layer's input is kept, the gradient of the summed loss with respect to its output is taken (with no
/// batch statistics, example i's output gradient depends on example i alone), and the per-example parameter gradient
/// follows from the layer's formula (Goodfellow 2015; Opacus computes per-sample gradients the same way, per layer
/// type): a convolution's is the output gradient times the unfolded input, a linear layer's an outer product,
/// GroupNorm's the output gradient times the normalised input summed over positions.
/// </summary>
public static class PerExampleGradients
{
    /// <summary>The layers of <paramref name="network"/> if every parametrised one has a formula here, else null.</summary>
    public static LayerChain? ChainOf(Module network)
    {
        var chain = network switch
        {
            ILayerChain layered => new LayerChain(layered.Layers.ToList(), layered.Prepare, layered.Finish),
            Sequential sequential => new LayerChain(sequential.children().Cast<nn.Module<Tensor, Tensor>>().ToList(), input => input, output => output),
            _ => null,
        };
        return chain is not null && chain.Layers.All(Supported) ? chain : null;
    }

    private static bool Supported(nn.Module<Tensor, Tensor> layer) => layer switch
    {
        Conv2d convolution => convolution.groups == 1 && convolution.padding is not null,
        Linear or GroupNorm => true,
        _ => !layer.parameters().Any(parameter => parameter.requires_grad),
    };

    /// <summary>
    /// The trainable parameters in chain order, the sum over examples of each example's gradient of
    /// <paramref name="termsOf"/> (one loss term per example, from the chain's output) clipped to
    /// <paramref name="clipNorm"/>, and each example's norm before clipping: what <see cref="PrivateGradients.ClippedSum"/>
    /// computes with one pass per example.
    /// </summary>
    public static (IReadOnlyList<Tensor> Parameters, Tensor[] Sum, double[] Norms) ClippedSum(LayerChain chain, Tensor input, Func<Tensor, Tensor> termsOf, double clipNorm, bool normalise = false, bool perLayer = false)
    {
        var (parameters, perExample) = Gradients(chain, input, termsOf);
        using var noGradient = no_grad();
        var count = input.shape[0];
        var squares = perExample.Select(gradient => gradient.reshape(count, -1).square().sum(1)).ToArray();
        var norms = stack(squares).sum(dim: 0).sqrt();
        // Per-layer clipping gives each tensor C / sqrt(tensors).
        var flatFactors = PrivateGradients.ClipFactors(norms, clipNorm, normalise);
        var sum = perExample.Select((gradient, index) =>
        {
            var factors = perLayer ? PrivateGradients.ClipFactors(squares[index].sqrt(), clipNorm / Math.Sqrt(perExample.Count), normalise) : flatFactors;
            return (gradient * factors.view(new[] { count }.Concat(Enumerable.Repeat(1L, (int)gradient.dim() - 1)).ToArray())).sum(dim: 0);
        }).ToArray();
        return (parameters, sum, norms.cpu().data<float>().Select(norm => (double)norm).ToArray());
    }

    /// <summary>The trainable parameters in chain order and, for each, every example's gradient of
    /// <paramref name="termsOf"/> (one loss term per example): [B, ..parameter shape].</summary>
    public static (IReadOnlyList<Tensor> Parameters, IReadOnlyList<Tensor> PerExample) Gradients(LayerChain chain, Tensor input, Func<Tensor, Tensor> termsOf)
    {
        var trainable = chain.Layers.Select(layer => layer.parameters().Any(parameter => parameter.requires_grad)).ToArray();
        var inputs = new List<Tensor>();
        var outputs = new List<Tensor>();
        var activation = chain.Prepare(input);
        for (var index = 0; index < chain.Layers.Count; index++)
        {
            if (trainable[index]) inputs.Add(activation);
            activation = chain.Layers[index].call(activation);
            if (trainable[index]) outputs.Add(activation);
        }
        var outputGradients = autograd.grad(new[] { termsOf(chain.Finish(activation)).sum() }, outputs.ToArray());
        using var noGradient = no_grad();
        var parameters = new List<Tensor>();
        var perExample = new List<Tensor>();
        var layers = chain.Layers.Where((_, index) => trainable[index]).ToList();
        for (var index = 0; index < layers.Count; index++)
            foreach (var (parameter, gradient) in LayerGradients(layers[index], inputs[index].detach(), outputGradients[index]))
            {
                parameters.Add(parameter);
                perExample.Add(gradient);
            }
        return (parameters, perExample);
    }

    // (parameter, [B, ..parameter shape]) for each trainable parameter of one layer.
    private static IEnumerable<(Tensor, Tensor)> LayerGradients(nn.Module<Tensor, Tensor> layer, Tensor input, Tensor outputGradient)
    {
        var count = input.shape[0];
        switch (layer)
        {
            case Conv2d convolution:
            {
                var weight = convolution.weight!;
                var unfolded = nn.functional.unfold(input, (weight.shape[2], weight.shape[3]), Pair(convolution.dilation), Pair(convolution.padding), Pair(convolution.stride));
                var gradient = outputGradient.reshape(count, weight.shape[0], -1);
                if (weight.requires_grad) yield return (weight, bmm(gradient, unfolded.transpose(1, 2)).view(new[] { count }.Concat(weight.shape).ToArray()));
                if (convolution.bias is { requires_grad: true } bias) yield return (bias, gradient.sum(2));
                break;
            }
            case Linear linear:
            {
                var flatInput = input.reshape(count, -1, input.shape[^1]);
                var gradient = outputGradient.reshape(count, -1, outputGradient.shape[^1]);
                if (linear.weight is { requires_grad: true } weight) yield return (weight, bmm(gradient.transpose(1, 2), flatInput));
                if (linear.bias is { requires_grad: true } bias) yield return (bias, gradient.sum(1));
                break;
            }
            case GroupNorm normalisation:
            {
                var normalised = nn.functional.group_norm(input, normalisation.num_groups, eps: normalisation.eps);
                var positions = Enumerable.Range(2, (int)input.dim() - 2).Select(dimension => (long)dimension).ToArray();
                if (normalisation.weight is { requires_grad: true } weight) yield return (weight, (outputGradient * normalised).sum(positions));
                if (normalisation.bias is { requires_grad: true } bias) yield return (bias, outputGradient.sum(positions));
                break;
            }
        }
    }

    private static (long, long) Pair(long[]? values) => values is { Length: >= 2 } ? (values[0], values[1]) : values is { Length: 1 } ? (values[0], values[0]) : (1, 1);
}

/// <summary>A network read as layers in order: forward(x) = Finish(layers applied in turn to Prepare(x)).</summary>
public sealed record LayerChain(IReadOnlyList<nn.Module<Tensor, Tensor>> Layers, Func<Tensor, Tensor> Prepare, Func<Tensor, Tensor> Finish);
