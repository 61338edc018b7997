using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace GanLab.Models;

/// <summary>Implemented by networks that are a chain of layers between two reshapes, so that per-example gradients
/// (DP-SGD) can be computed layer by layer in one batched pass.</summary>
public interface ILayerChain
{
    /// <summary>The layers, in the order forward applies them.</summary>
    IEnumerable<Module<Tensor, Tensor>> Layers { get; }
    /// <summary>What forward does to its input before the first layer (a reshape).</summary>
    Tensor Prepare(Tensor input);
    /// <summary>What forward does after the last layer (a reshape).</summary>
    Tensor Finish(Tensor output);
}
