using TorchSharp;

namespace GanLab.Core;

/// <summary>Turns the user's device choice into a TorchSharp device. The library never sets a global default device.</summary>
public static class Devices
{
    /// <summary>Parses "cpu", "cuda" or "cuda:N"; asking for CUDA where this build or machine has none fails in one clear line.</summary>
    public static torch.Device Parse(string name)
    {
        TorchRuntime.EnsureLoaded();
        var normalised = name.Trim().ToLowerInvariant();
        if (normalised == "cpu") return torch.CPU;
        if (normalised == "cuda" || normalised.StartsWith("cuda:", StringComparison.Ordinal))
        {
            if (!torch.cuda.is_available())
                throw new ArgumentException(
                    "device 'cuda' was asked for, but this build uses the CPU-only libtorch or no NVIDIA GPU is visible; " +
                    "build with -p:TorchBackend=cuda-linux (or cuda-windows) on a machine with a GPU, see environment.md.", "device");
            return torch.device(normalised);
        }
        throw new ArgumentException($"device must be 'cpu', 'cuda' or 'cuda:N', got '{name}'.", "device");
    }
}
