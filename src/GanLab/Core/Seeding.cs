using TorchSharp;

namespace GanLab.Core;

/// <summary>One call seeds everything GanLab draws from, so the same seed on CPU gives identical results.</summary>
public static class Seeding
{
    /// <summary>Seeds torch's global generator (weight initialisation) and returns a dedicated generator for
    /// training draws (data order, noise, penalty mixing) whose state goes into checkpoints.</summary>
    public static torch.Generator SeedEverything(long seed)
    {
        TorchRuntime.EnsureLoaded();
        torch.manual_seed(seed);
        // A separate stream for training draws: resuming restores it without replaying initialisation.
        return new torch.Generator(unchecked((ulong)(seed * 6364136223846793005L + 1442695040888963407L)));
    }
}
