using GanLab.Experiments.DataKinds;
using GanLab.Models;
using GanLab.Training;

namespace GanLab.Experiments;

public static partial class Presets
{
    // DP-SGD needs a D that normalises each image alone: DCGAN with GroupNorm (8 groups) in D. G has half DCGAN's width
    // (32 feature maps), as notebook 07's quick DCGAN; D a quarter (16): the noise DP-SGD adds has a norm that grows
    // with the square root of D's parameter count (9,000 at 16 maps, 36,000 at 32), while the clipped signal does not.
    // Class-conditional, as the private MNIST GANs in the literature are (DPGAN revisited, GS-WGAN, DP-CGAN): the labels
    // are private too (D reads them with the image, inside the clipped per-example gradient), and they tell D what each
    // sample should be. Without them the private digits were far less recognisable (README, Privacy accounting). G's
    // average (EMA 0.999) smooths the noise D passes on to G; it is post-processing, so it costs no privacy.
    private static readonly DcganConfig PrivateSizedDcgan = new()
    {
        GeneratorFeatures = 32, DiscriminatorFeatures = 16, ClassCount = 10,
        DiscriminatorNormalisation = Normalisation.GroupNorm, GeneratorAverage = 0.999,
    };

    // The noise multipliers come from the accountant (`ganlab privacy --sampling-rate 0.0064 --target-epsilon E
    // --steps 30000`): 0.8680 spends epsilon 10 and 4.5508 epsilon 1 at delta 1e-5 over the 30,000 D updates
    // (6,000 G steps x 5) of expected batch 64 from the 10,000 embedded digits (q = 0.0064); a test holds them to it.
    private static Preset Private(string name, string description, double noiseMultiplier) => DcganMnistGroupNorm.WithAdversarial(phase => phase with
    {
        // Per-layer clipping: with the whole gradient clipped to C, D drifted to calling everything fake (D(x) 0.01).
        Privacy = new PrivacySettings { ClipNorm = 1, NoiseMultiplier = noiseMultiplier, Delta = 1e-5, PerLayer = true },
    }) with { Name = name, Description = description };

    /// <summary>The non-private twin of the DP presets: the same networks and schedule without DP-SGD.</summary>
    // Made on first use, like All: this file's static fields may be initialised before DcganMnist's.
    // 5 D updates per G step: a noisy D needs more updates to keep up with G (Bie, Kamath and Zhang 2023); each costs
    // privacy, but at this noise the cost grows slowly with the number of updates.
    public static Preset DcganMnistGroupNorm => groupNormTwin ??= (DcganMnist with
    {
        Name = "dcgan-mnist-groupnorm",
        Description = "Class-conditional DCGAN on MNIST, G 32 / D 16 feature maps, GroupNorm in D, G's average, 6,000 G steps of 5 D updates each: the non-private twin of dp-dcgan-mnist",
        Model = PrivateSizedDcgan,
        Training = DcganMnist.Training with { FixedSampleCount = 100 },
    }).WithAdversarial(phase => phase with { Steps = 6000, DiscriminatorSteps = 5 });

    private static Preset? groupNormTwin, epsilonTen, epsilonOne;

    /// <summary>DCGAN whose D is trained with DP-SGD, epsilon 10.</summary>
    public static Preset PrivateDcganMnist => epsilonTen ??= Private("dp-dcgan-mnist",
        "Class-conditional DCGAN on MNIST with a DP-SGD discriminator (16 maps, GroupNorm, per-layer clip 1, noise 0.87, Poisson batches of 64 expected, 5 D updates per G step): epsilon 10 at delta 1e-5 after 6,000 G steps",
        0.8680);

    /// <summary>The same at epsilon 1 (noise 4.55).</summary>
    public static Preset StrictPrivateDcganMnist => epsilonOne ??= Private("dp-dcgan-mnist-eps1",
        "dp-dcgan-mnist with noise 4.55: epsilon 1 at delta 1e-5 after 6,000 G steps",
        4.5508);

    private static IEnumerable<Preset> PrivatePresets => new[] { DcganMnistGroupNorm, PrivateDcganMnist, StrictPrivateDcganMnist };
}
