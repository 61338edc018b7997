using System.Runtime.CompilerServices;

namespace GanLab.Tests;

internal static class TorchSetup
{
    // Tests touch torch directly (torch.tensor in expectations); TorchSharp caches a failed first load for the
    // whole process, so GanLab's loader must run before any test does.
    [ModuleInitializer]
    internal static void LoadTorch() => GanLab.Core.TorchRuntime.EnsureLoaded();
}
