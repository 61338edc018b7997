using GanLab.Experiments.DataKinds;
using GanLab.Models;
using GanLab.Training;

namespace GanLab.Experiments;

public static partial class Presets
{
    // DP-SGD needs a D that normalises each image alone: DCGAN with GroupNorm (8 groups) in D. Half width (32 feature
    // maps), as notebook 07's quick DCGAN: a private step (real and generated examples, per-example gradients) costs
    // about twice a non-private one.
    private static readonly DcganConfig GroupNormDcgan = new() { GeneratorFeatures = 32, DiscriminatorFeatures = 32, DiscriminatorNormalisation = Normalisation.GroupNorm };

    // The noise multipliers come from the accountant (`ganlab privacy --sampling-rate 0.0064 --target-epsilon E
    // --steps 3000`): 0.5806 spends epsilon 10 and 1.6116 epsilon 1 at delta 1e-5 over 3,000 D updates of expected
    // batch 64 from the 10,000 embedded digits (q = 0.0064).
    private static Preset Private(string name, string description, double noiseMultiplier) => DcganMnistGroupNorm.WithAdversarial(phase => phase with
    {
        // Per-layer clipping: with the whole gradient clipped to C, D drifted to calling everything fake (D(x) 0.01).
        Privacy = new PrivacySettings { ClipNorm = 1, NoiseMultiplier = noiseMultiplier, Delta = 1e-5, PerLayer = true },
    }) with { Name = name, Description = description };

    /// <summary>The non-private twin of the DP presets: the same networks and schedule without DP-SGD.</summary>
    // Made on first use, like All: this file's static fields may be initialised before DcganMnist's.
    public static Preset DcganMnistGroupNorm => groupNormTwin ??= DcganMnist with
    {
        Name = "dcgan-mnist-groupnorm",
        Description = "Half-width DCGAN (32 feature maps) on MNIST with GroupNorm in D, 3,000 steps: the non-private twin of dp-dcgan-mnist",
        Model = GroupNormDcgan,
    };

    private static Preset? groupNormTwin, epsilonTen, epsilonOne;

    /// <summary>DCGAN whose D is trained with DP-SGD, epsilon 10.</summary>
    public static Preset PrivateDcganMnist => epsilonTen ??= Private("dp-dcgan-mnist",
        "Half-width DCGAN on MNIST with a DP-SGD discriminator (GroupNorm D, per-layer clip 1, noise 0.58, Poisson batches of 64 expected): epsilon 10 at delta 1e-5 after 3,000 steps",
        0.5806);

    /// <summary>The same at epsilon 1 (noise 1.61).</summary>
    public static Preset StrictPrivateDcganMnist => epsilonOne ??= Private("dp-dcgan-mnist-eps1",
        "dp-dcgan-mnist with noise 1.61: epsilon 1 at delta 1e-5 after 3,000 steps",
        1.6116);

    private static IEnumerable<Preset> PrivatePresets => new[] { DcganMnistGroupNorm, PrivateDcganMnist, StrictPrivateDcganMnist };
}
