using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace GanLab.Models;

/// <summary>Activation functions the MLP networks can use.</summary>
public enum Activation
{
    /// <summary>max(0, x).</summary>
    Relu,
    /// <summary>LeakyReLU with slope 0.2, the GAN-hacks default.</summary>
    LeakyRelu,
    /// <summary>Logistic sigmoid, output in [0, 1].</summary>
    Sigmoid,
    /// <summary>tanh, output in [-1, 1].</summary>
    Tanh,
    /// <summary>No activation (raw scores or coordinates).</summary>
    None,
}

/// <summary>A stack of fully connected layers: Linear then activation for each hidden size, then a last Linear.</summary>
public sealed class MultiLayerPerceptron : Module<Tensor, Tensor>, ILayerChain
{
    private readonly Sequential layers;
    private readonly long[]? outputShape;

    /// <summary>Builds the stack; <paramref name="outputShape"/> reshapes the flat output (e.g. to [1, 28, 28]);
    /// <paramref name="spectralNorm"/> wraps every linear layer in <see cref="SpectralNormalised"/>.</summary>
    public MultiLayerPerceptron(string name, int inputSize, IReadOnlyList<int> hiddenSizes, int outputSize,
        Activation hiddenActivation, Activation outputActivation, long[]? outputShape = null, bool spectralNorm = false) : base(name)
    {
        var modules = new List<(string, Module<Tensor, Tensor>)>();
        var previous = inputSize;
        for (var index = 0; index < hiddenSizes.Count; index++)
        {
            modules.Add(($"linear{index}", SpectralNormalised.Maybe(Linear(previous, hiddenSizes[index]), spectralNorm)));
            modules.Add(($"activation{index}", Create(hiddenActivation)));
            previous = hiddenSizes[index];
        }
        modules.Add(("output", SpectralNormalised.Maybe(Linear(previous, outputSize), spectralNorm)));
        if (outputActivation != Activation.None) modules.Add(("output_activation", Create(outputActivation)));
        layers = Sequential(modules);
        this.outputShape = outputShape;
        RegisterComponents();
    }

    /// <summary>[B, ..any] flattened to [B, input] -> [B, output] or [B, ..outputShape].</summary>
    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        return Finish(layers.call(Prepare(input))).MoveToOuterDisposeScope();
    }

    /// <inheritdoc />
    public IEnumerable<Module<Tensor, Tensor>> Layers => layers.children().Cast<Module<Tensor, Tensor>>();
    /// <inheritdoc />
    public Tensor Prepare(Tensor input) => input.flatten(1);
    /// <inheritdoc />
    public Tensor Finish(Tensor output) => outputShape is null ? output : output.view(new long[] { -1 }.Concat(outputShape).ToArray());

    private static Module<Tensor, Tensor> Create(Activation activation) => activation switch
    {
        Activation.Relu => ReLU(),
        Activation.LeakyRelu => new LeakyRelu(),
        Activation.Sigmoid => Sigmoid(),
        Activation.Tanh => Tanh(),
        _ => Identity(),
    };
}
