using TorchSharp;

namespace GanLab.Core;

/// <summary>libtorch's intra-op thread count, set per run: a plan may ask for a number; otherwise libtorch's own
/// default (as it was when the process started, e.g. from OMP_NUM_THREADS) is restored.</summary>
public static class Threads
{
    private static int? initial;

    /// <summary>Uses <paramref name="threads"/> threads (0 = the process's initial default).</summary>
    public static void Use(int threads)
    {
        TorchRuntime.EnsureLoaded();
        initial ??= torch.get_num_threads();
        var wanted = threads > 0 ? threads : initial.Value;
        if (torch.get_num_threads() != wanted) torch.set_num_threads(wanted);
    }
}
